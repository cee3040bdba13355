"""Search and preview metadata of every page kind: a description, a preview picture where
the page has one, a distinct title for a list's later pages; pictures in the sitemaps."""

from __future__ import annotations

import pytest
from lxml import etree, html

from .conftest import BASE

pytestmark = pytest.mark.django_db

SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
IMAGE = "http://www.google.com/schemas/sitemap-image/1.1"
NS = {"sm": SM, "image": IMAGE}


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(response.content)


def description(document) -> str:
    [found] = document.xpath('//meta[@name="description"]/@content')
    return found


@pytest.mark.parametrize(
    "url", ["/", "/kino/", "/authors/anna-kim/", "/tags/кино/", "/people/", "/ratings/"]
)
def test_every_page_kind_has_one_description(client, newsroom, url):
    assert description(head(client, url)).strip()


@pytest.mark.parametrize("url", ["/", "/kino/"])
def test_listings_preview_with_their_first_picture(client, newsroom, url):
    document = head(client, url)
    [image] = document.xpath('//meta[@property="og:image"]/@content')
    assert image.startswith(f"{BASE}/media/")
    assert document.xpath('//meta[@name="twitter:card"]/@content') == ["summary_large_image"]


def test_an_articles_description_is_its_lead(client, newsroom):
    shown = description(head(client, newsroom["review"].url)).replace("\xa0", " ")
    assert shown == "Фильм о Зоне — и о нас."


def test_only_an_adults_only_article_tells_safe_search_so(client, newsroom):
    news = newsroom["news"]
    news.adult = True
    news.save_revision().publish()
    assert head(client, news.url).xpath('//meta[@name="rating"]/@content') == ["adult"]
    assert head(client, newsroom["review"].url).xpath('//meta[@name="rating"]') == []


def test_later_pages_of_a_list_have_their_own_title(client, article_factory, rubrics):
    for number in range(25):
        article_factory(f"Новость {number}", rubric=rubrics[0])
    first = head(client, rubrics[0].url).findtext(".//title")
    second = head(client, rubrics[0].url + "?page=2").findtext(".//title")
    assert "страница" not in first
    assert second == first.replace(" — ", " — страница 2 — ", 1)


def test_a_favicon_and_a_web_manifest_are_announced(client, newsroom):
    document = head(client, "/")
    assert document.xpath('//link[@rel="icon"]/@href')
    [manifest] = document.xpath('//link[@rel="manifest"]/@href')
    found = client.get(manifest)
    assert found["Content-Type"] == "application/manifest+json"
    assert {icon["sizes"] for icon in found.json()["icons"]} == {"192x192", "512x512"}


def test_favicon_ico_answers_with_the_sites_icon_for_a_day(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert "s-maxage=86400" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/sitemap-articles.xml", "/sitemap-news.xml"])
def test_sitemaps_name_each_articles_picture(client, newsroom, url):
    root = etree.fromstring(client.get(url).content)
    review = f"{BASE}{newsroom['review'].url}"
    [entry] = root.xpath(f"//sm:url[sm:loc='{review}']", namespaces=NS)
    [picture] = entry.xpath("image:image/image:loc/text()", namespaces=NS)
    assert picture.startswith(f"{BASE}/media/")
