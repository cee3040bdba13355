"""The article page shows the anatomy from product.md, in that order."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from lxml import html as lxml_html
from wagtail.rich_text import RichText

from polosa.news.content import ensure_author
from tests.core.pages import forget_page
from tests.text import plain

MOSCOW = ZoneInfo("Europe/Moscow")
pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200, response.status_code
    return lxml_html.fromstring(response.content.decode())


def position(document, xpath: str) -> int:
    """Document order of the first element matching ``xpath``."""
    found = document.xpath(xpath)
    assert found, f"missing: {xpath}"
    return list(document.iter()).index(found[0])


@pytest.fixture
def article(article_factory, image_factory, rubrics):
    for number in range(8):
        article_factory(f"Другая новость {number}")
    author = ensure_author("Анна Ключевская", "Пишет о кино.")
    return article_factory(
        "Главный фильм осени вышел в прокат",
        rubric=rubrics[2],
        published_at=datetime(2021, 3, 28, 20, 53, tzinfo=MOSCOW),
        lead="Рассказываем, чего ждать от премьеры.",
        main_image=image_factory("Кадр из фильма", credit="Игорь Светлов"),
        body=[("paragraph", RichText("<p>Первый абзац текста.</p>"))],
        authors=[author],
        tags=["премьеры"],
        source_name="ИА «Вектор»",
    )


def test_every_part_is_there_in_the_order_of_the_page_anatomy(client, article):
    document = parse(client.get(article.url))
    order = [
        position(document, "//*[contains(@class,'article__meta')]"),
        position(document, "//h1[contains(@class,'article__title')]"),
        position(document, "//*[contains(@class,'article__lead')]"),
        position(document, "//figure[contains(@class,'article__figure')]"),
        position(document, "//*[contains(@class,'article__body')]"),
        position(document, "//*[contains(@class,'telegram-call')]"),
        position(document, "//*[contains(@class,'footnotes')]"),
        position(document, "//*[contains(@class,'read-also')]"),
    ]
    assert order == sorted(order)


def test_rubric_and_time_line_links_the_rubric_and_shows_moscow_time_with_year(client, article):
    document = parse(client.get(article.url))
    meta = document.xpath("//*[contains(@class,'article__meta')]")[0]
    assert meta.text_content().strip() == "Кино — 28 марта 2021, 20:53"
    assert meta.xpath(".//a/@href") == ["/kino/"]


def test_headline_lead_and_photo_credit(client, article):
    document = parse(client.get(article.url))
    assert plain(document.xpath("string(//h1)")) == "Главный фильм осени вышел в прокат"
    assert "чего ждать от премьеры" in plain(document.xpath("string(//*[@class='article__lead'])"))
    credit = document.xpath("string(//figure[contains(@class,'article__figure')]/figcaption)")
    assert credit == "Фото: Игорь Светлов"
    assert document.xpath("//figure[contains(@class,'article__figure')]//img/@src")


def test_body_authors_tags_and_source_are_shown(client, article):
    document = parse(client.get(article.url))
    assert "Первый абзац текста." in document.xpath("string(//*[@class='article__body'])")
    assert document.xpath("//*[@class='article__byline']/a/@href") == [
        "/authors/anna-klyuchevskaya/"
    ]
    assert "ИА «Вектор»" in document.xpath("string(//*[@class='article__byline'])")
    assert document.xpath("//*[@class='article__tags']//a/text()") == ["#премьеры"]


def test_telegram_call_links_to_the_channel_from_site_settings(client, article):
    from wagtail.models import Site

    from polosa.core.models import OutletSettings

    settings = OutletSettings.for_site(Site.objects.get(is_default_site=True))
    settings.telegram_channel_url = "https://t.me/example_channel"
    settings.save()
    document = parse(client.get(article.url))
    link = document.xpath("//*[contains(@class,'telegram-call')]/a")[0]
    assert link.text_content() == "Подписывайтесь на наш Telegram-канал"
    assert link.get("href") == "https://t.me/example_channel"


def test_read_also_lists_six_newest_other_articles_with_rubric_and_time(client, article):
    document = parse(client.get(article.url))
    items = document.xpath("//aside[contains(@class,'read-also')]//li")
    assert len(items) == 6
    titles = [item.xpath("string(.//a)") for item in items]
    assert "Главный фильм осени вышел в прокат" not in titles
    assert titles == [f"Другая новость {number}" for number in range(6)]
    for item in items:
        line = item.xpath("string(.//p[@class='meta'])")
        rubric, _, when = line.partition(" — ")
        assert rubric in {"Новости", "Музыка", "Кино", "Образ жизни"}
        assert when  # format itself is covered by tests/core/test_dates.py


def test_the_article_page_stays_within_its_query_budget(
    client, article, settings, django_assert_num_queries
):
    """A page not yet in the page cache is rendered from the database in 3 queries (the
    stored site, rubrics, settings and fragments are warm, as after the first request of
    any page)."""
    client.get(article.url)  # renditions are created on the first view ever
    forget_page(article.url)
    with django_assert_num_queries(3):
        response = client.get(article.url)
    assert response["X-Polosa-Cache"] == "miss"
    assert response.status_code == 200


def test_another_publication_leaves_the_article_page_cached(
    client, article, article_factory, django_assert_num_queries
):
    """Only «Читайте также» (a fragment) is rendered again: one query for the newest
    articles; the page and its text stay in the cache."""
    from django.utils import timezone

    client.get(article.url)
    article_factory("Ещё одна свежая новость", published_at=timezone.now())
    with django_assert_num_queries(1):
        response = client.get(article.url)
    assert response["X-Polosa-Cache"] == "hit"
    assert "Ещё одна свежая новость" in response.content.decode()


def test_with_every_cache_cold_the_article_page_stays_within_budget(
    client, article, django_assert_num_queries
):
    """The worst case of a miss: the site and its home page, the rubrics, the view
    restrictions, the outlet settings, the registry version, the article with its
    authors, tags and people, and both fragments (the article's stored list, empty here,
    then the newest articles; the most-read ranking, the ratings settings and titles) and
    the urgent banner are all read again: 17 queries."""
    from polosa.core import taggedcache

    client.get(article.url)
    taggedcache.store().clear()
    with django_assert_num_queries(17):
        assert client.get(article.url).status_code == 200


def test_a_miss_between_publications_reads_only_the_article_and_its_metadata(
    client, article, django_assert_num_queries
):
    """Between two publications a missed article page costs the article row and the two
    lists its metadata names (authors, tags); its own text comes from the text cache."""
    client.get(article.url)
    forget_page(article.url)
    with django_assert_num_queries(3):
        response = client.get(article.url)
    assert response["X-Polosa-Cache"] == "miss"


def test_a_cached_article_page_needs_no_query(client, article, django_assert_num_queries):
    client.get(article.url)
    with django_assert_num_queries(0):
        response = client.get(article.url)
    assert response["X-Polosa-Cache"] == "hit"


def test_the_outlet_logo_replaces_the_name_in_the_masthead(client, article, image_factory):
    from wagtail.models import Site

    from polosa.core.models import OutletSettings

    settings = OutletSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = image_factory("Логотип")
    settings.save()
    masthead = parse(client.get(article.url)).xpath("//a[@class='masthead__name']")[0]
    assert masthead.xpath(".//img[@class='masthead__logo']/@alt") == ["Полоса"]


@pytest.mark.parametrize(("adult", "shown"), [(True, True), (False, False)], ids=["18+", "all"])
def test_an_article_for_adults_carries_its_own_age_sign(client, article_factory, adult, shown):
    article = article_factory("Ночной клуб открылся после ремонта")
    article.adult = adult
    article.save_revision().publish()
    tree = lxml_html.fromstring(client.get(article.url).content)
    signs = tree.xpath(
        '//p[contains(@class, "article__meta")]/*[@aria-label="Возрастное ограничение 18+"]'
    )
    assert bool(signs) is shown
