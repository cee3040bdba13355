"""On a reader's page an embed is a click-to-load placeholder: the provider's name, the
caption (with its legal marks) and the link; the provider's markup waits in a
``<template>``, so the page itself loads nothing from a third party."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from lxml import html as lxml_html

from polosa.news.models import ArticlePage
from tests.core.pages import forget_page
from tests.text import plain

pytestmark = pytest.mark.django_db

TELEGRAM_POST = "https://t.me/polosa_news/123"
RUTUBE_VIDEO = "https://rutube.ru/video/0123456789abcdef0123456789abcdef/"


@pytest.fixture
def article(article_factory):
    return article_factory(
        "Фестиваль открылся",
        body=[
            ("embed", {"url": TELEGRAM_POST, "caption": "Пост организаторов о первом дне"}),
            ("embed", {"url": RUTUBE_VIDEO, "caption": ""}),
        ],
    )


def document(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def outside_templates(element) -> bool:
    return not any(ancestor.tag == "template" for ancestor in element.iterancestors())


def test_the_placeholder_names_the_provider_and_carries_the_caption_and_the_link(client, article):
    figures = document(client, article).xpath("//figure[@data-lazy-embed]")
    assert len(figures) == 2
    telegram, rutube = figures
    assert telegram.xpath("string(.//*[@class='embed__provider'])") == "Telegram"
    assert plain(telegram.xpath("string(.//figcaption)")) == "Пост организаторов о первом дне"
    assert telegram.xpath(".//a[@class='embed__link']/@href") == [TELEGRAM_POST]
    assert rutube.xpath("string(.//*[@class='embed__provider'])") == "Rutube"
    assert rutube.xpath(".//figcaption") == []
    assert "embed--video" in rutube.get("class")


def test_without_javascript_the_placeholder_is_a_plain_link(client, article):
    """The button and its notice are hidden until the script shows them."""
    figure = document(client, article).xpath("//figure[@data-lazy-embed]")[0]
    assert all(el.get("hidden") is not None for el in figure.xpath(".//*[@data-lazy-embed-load]"))
    visible_links = figure.xpath(".//a[not(ancestor::template)]/@href")
    assert visible_links == [TELEGRAM_POST]


def test_the_page_loads_nothing_from_a_third_party_until_the_reader_asks(client, article):
    page = document(client, article)
    for element in page.iter():
        if not isinstance(element.tag, str) or not outside_templates(element):
            continue
        for attribute in ("src", "data", "srcset", "poster"):
            value = element.get(attribute)
            if value:
                assert not urlsplit(value).netloc, f"<{element.tag} {attribute}={value!r}>"
    templates = page.xpath("//template[@data-lazy-embed-markup]")
    markup = [lxml_html.tostring(t, encoding="unicode") for t in templates]
    assert 'src="https://telegram.org/js/telegram-widget.js?22"' in markup[0]
    assert 'data-telegram-post="polosa_news/123"' in markup[0]
    assert 'src="https://rutube.ru/play/embed/0123456789abcdef0123456789abcdef/"' in markup[1]


def test_the_loader_is_a_static_file_of_the_site(client, article):
    page = document(client, article)
    body = page.xpath("//div[@class='article__body']")[0]
    scripts = body.xpath(".//script[not(ancestor::template)]")
    assert [script.get("src") for script in scripts] == ["/static/embeds/lazy-embeds.js"] * 2
    assert all(not (script.text or "").strip() for script in scripts)  # no inline script
    assert finders.find("embeds/lazy-embeds.js")


def test_the_caption_gets_its_legal_mark_and_footnote(client, fresh_registry, article_factory):
    article = article_factory(
        "Эфир в сети",
        body=[("embed", {"url": TELEGRAM_POST, "caption": "Аркадий Перепёлкин в прямом эфире"})],
    )
    page = document(client, article)
    caption = plain(page.xpath("string(//figure[@data-lazy-embed]//figcaption)"))
    assert caption == "Аркадий Перепёлкин* в прямом эфире"
    footnotes = plain(page.xpath("string(//section[@class='footnotes'])"))
    assert "* Перепёлкин Аркадий Семёнович признан иностранным агентом" in footnotes


def test_the_caption_gets_the_newsrooms_typography(article):
    article = ArticlePage.objects.get(pk=article.pk)
    article.body = [("embed", {"url": TELEGRAM_POST, "caption": 'Видео - "с места"'})]
    article.save()
    stored = ArticlePage.objects.get(pk=article.pk).body.raw_data[0]["value"]
    assert stored == {"url": TELEGRAM_POST, "caption": "Видео\u00a0— «с\u00a0места»"}


def test_an_address_that_no_longer_resolves_is_shown_as_its_link(client, article_factory):
    """Stored before the rules changed (here: a channel, not a post)."""
    article = article_factory(
        "Старое встраивание", body=[("embed", {"url": "https://t.me/polosa_news", "caption": ""})]
    )
    figure = document(client, article).xpath("//figure[@data-lazy-embed]")[0]
    assert figure.xpath(".//template") == []
    assert figure.xpath(".//button") == []
    assert figure.xpath(".//a/@href") == ["https://t.me/polosa_news"]


def test_an_embed_costs_the_cold_page_one_query_for_its_stored_markup(
    client, article_factory, django_assert_num_queries
):
    """A miss of a page whose text is cached reads no embed; the text itself, once per
    revision, reads each embed's stored markup (one query each)."""
    article = article_factory(
        "Видео дня", body=[("embed", {"url": RUTUBE_VIDEO, "caption": "Видео"})]
    )
    client.get(article.url)
    forget_page(article.url)
    with django_assert_num_queries(3):
        assert client.get(article.url)["X-Polosa-Cache"] == "miss"


def test_with_every_cache_cold_an_embed_adds_one_query_to_the_article_page(
    client, article_factory, django_assert_num_queries
):
    """The article page's cold budget (17, ``tests/news/test_article_page.py``) plus one
    read of the embed's stored markup."""
    from polosa.core import taggedcache

    article = article_factory("Видео дня", body=[("embed", {"url": RUTUBE_VIDEO, "caption": ""})])
    client.get(article.url)
    taggedcache.store().clear()
    with django_assert_num_queries(18):
        assert client.get(article.url).status_code == 200
