"""Addresses with Cyrillic letters (an article's slug from before Latin slugs, a tag's) are
printed percent-encoded wherever a format wants a URI: sitemaps (``<loc>`` is an RFC 3986
URI), feeds, the canonical link, Open Graph, JSON-LD and the Telegram post."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.utils import timezone
from lxml import etree, html

from .conftest import BASE

pytestmark = pytest.mark.django_db

SLUG = "хлеб-подорожал"
TAG = "выпечка"
#: RFC 3986: unreserved, reserved and percent-encoded octets, nothing else.
URI = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def old_article(article_factory, rubrics):
    return article_factory(
        "Хлеб подорожал",
        rubric=rubrics[0],
        slug=SLUG,
        tags=[TAG],
        published_at=timezone.now() - timedelta(hours=1),
    )


@pytest.fixture
def encoded_url(old_article) -> str:
    return f"{BASE}/{old_article.get_parent().slug}/{quote(SLUG)}/"


def locations(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return etree.fromstring(response.content).xpath("//sm:loc/text()", namespaces=NS)


@pytest.mark.parametrize("sitemap", ["/sitemap-articles.xml", "/sitemap-news.xml"])
def test_sitemaps_print_the_article_percent_encoded(client, encoded_url, sitemap):
    found = locations(client, sitemap)
    assert encoded_url in found
    assert all(URI.match(location) for location in found), found


def test_the_tag_sitemap_prints_the_tag_percent_encoded(client, old_article):
    found = locations(client, "/sitemap-tags.xml")
    assert found and all(URI.match(location) for location in found), found
    assert any(quote(TAG) in location for location in found), found


def test_rss_and_atom_link_the_article_percent_encoded(client, encoded_url):
    rss = etree.fromstring(client.get("/feeds/rss/").content)
    assert encoded_url in rss.xpath("//item/link/text()")
    atom = etree.fromstring(client.get("/feeds/atom/").content)
    assert encoded_url in atom.xpath("//atom:entry/atom:link/@href", namespaces=NS)


def test_json_feed_links_the_article_percent_encoded(client, encoded_url):
    items = json.loads(client.get("/feeds/json/").content)["items"]
    assert encoded_url in [item["url"] for item in items]


def test_the_pages_head_names_itself_percent_encoded(client, old_article, encoded_url):
    response = client.get(old_article.url)
    assert response.status_code == 200
    tree = html.fromstring(response.content).find("head")
    assert tree.xpath('//link[@rel="canonical"]/@href') == [encoded_url]
    assert tree.xpath('//meta[@property="og:url"]/@content') == [encoded_url]
    article = json.loads(tree.xpath('//script[@type="application/ld+json"]')[0].text)
    assert article["url"] == article["mainEntityOfPage"]["@id"] == encoded_url


def test_the_telegram_post_links_the_article_percent_encoded(old_article, encoded_url):
    from polosa.distribution.telegram import compose

    text = compose(old_article).text
    assert encoded_url in text
    assert SLUG not in text
