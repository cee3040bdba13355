"""The directory, a person's page and feed, with their query budgets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from polosa.people.mentions import refresh_article
from polosa.people.models import Mention, Person
from tests.text import plain


@pytest.fixture
def directory(person_factory, image_factory):
    people = [
        ("Ёлка Зеленина", "blogger"),
        ("Егор Вяземцев", "actor"),
        ("Алина Верескова", "musician"),
        ("Жанна Брод", "writer"),
        ("Борис Агапов", "actor"),
    ]
    made = {}
    for number, (name, category) in enumerate(people):
        photo = image_factory(name) if number < 3 else None
        first, last = name.split()
        made[name] = person_factory(name, f"{last} {first}", category=category, photo=photo)
    return made


def test_directory_is_alphabetical_with_yo_as_ye(client, directory):
    response = client.get("/people/")
    html = response.content.decode()
    assert response.status_code == 200
    order = ["Алина Верескова", "Борис Агапов", "Егор Вяземцев", "Ёлка Зеленина", "Жанна Брод"]
    positions = [html.index(f">{name}</a>") for name in order]
    assert positions == sorted(positions)


def test_directory_filters_by_category(client, directory):
    html = client.get("/people/?category=actor").content.decode()
    assert "Борис Агапов" in html and "Егор Вяземцев" in html
    assert "Алина Верескова</a>" not in html
    assert client.get("/people/?category=nonsense").status_code == 404


def test_directory_query_budget(client, directory, person_factory, django_assert_num_queries):
    for number in range(40):
        person_factory(f"Человек Номер{number}")
    client.get("/people/")
    with django_assert_num_queries(2):
        assert client.get("/people/").status_code == 200


def test_person_page_lists_published_mentions_newest_first(client, directory, article_about):
    alina = directory["Алина Верескова"]
    now = timezone.now()
    older = article_about(
        "Алина Верескова на сцене.", title="Старый", published_at=now - timedelta(days=3)
    )
    newer = article_about(
        "Фанаты Алины Вересковой ждут.", title="Новый", published_at=now - timedelta(hours=1)
    )
    draft = article_about("Алина Верескова в черновике.", title="Черновик", live=False)
    hidden = article_about("Алина Верескова и снова.", title="Убранный")
    for article in (older, newer, draft, hidden):
        refresh_article(article)
    Mention.objects.filter(article=draft).update(source="manual")  # even a manual link
    Mention.objects.filter(article=hidden).update(source="removed")
    response = client.get(alina.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(">Новый<") < html.index(">Старый<")
    assert "Черновик" not in html and "Убранный" not in html
    assert "Фото:" in html
    assert f'href="/feeds/rss/people/{alina.slug}/"' in html  # the visible RSS link


def test_person_page_bad_input(client, directory):
    slug = directory["Алина Верескова"].slug
    assert client.get("/people/net-takogo/").status_code == 404
    assert client.get(f"/people/{slug}/?page=abc").status_code == 404
    assert client.get(f"/people/{slug}/?page=5").status_code == 404


def test_person_page_query_budget(
    client, directory, article_about, image_factory, django_assert_num_queries
):
    alina = directory["Алина Верескова"]
    picture = image_factory("Сцена")
    for number in range(25):
        refresh_article(
            article_about(
                "Алина Верескова на сцене.", title=f"Концерт {number}", main_image=picture
            )
        )
    client.get(alina.get_absolute_url())
    with django_assert_num_queries(3):
        assert client.get(alina.get_absolute_url()).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(alina.get_absolute_url() + "?page=2").status_code == 200


FEED_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


@pytest.fixture
def alina_in_the_news(directory, article_about):
    """Алина in two published articles, a draft and a removed link; one article without her."""
    now = timezone.now()
    for title, hours in (("Концерт в Казани", 1), ("Интервью", 5)):
        article = article_about(
            "Алина Верескова на сцене.", title=title, published_at=now - timedelta(hours=hours)
        )
        refresh_article(article)
    draft = article_about("Алина Верескова в черновике.", title="Черновик", live=False)
    removed = article_about("Алина Верескова и снова.", title="Убранный")
    refresh_article(article_about("Без неё.", title="Другое"))
    for article in (draft, removed):
        refresh_article(article)
    Mention.objects.filter(article=draft).update(source="manual")
    Mention.objects.filter(article=removed).update(source="removed")
    return directory["Алина Верескова"]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_person_feeds_rss_and_atom(client, alina_in_the_news, fmt):
    import feedparser

    alina = alina_in_the_news
    url = f"/feeds/{fmt}/people/{alina.slug}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(FEED_TYPES[fmt])
    assert response["ETag"] and "public" in response["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == {"rss": "rss20", "atom": "atom10"}[fmt]
    assert feed.feed.title == "Алина Верескова — Полоса"
    assert feed.feed.link.endswith(alina.get_absolute_url())
    assert any(link.rel == "self" and link.href.endswith(url) for link in feed.feed.links)
    assert [entry.title for entry in feed.entries] == ["Концерт в Казани", "Интервью"]
    entry = feed.entries[0]
    assert entry.link.startswith("http") and entry.id.startswith("tag:")
    assert entry.published_parsed


def test_person_json_feed(client, alina_in_the_news):
    import json

    alina = alina_in_the_news
    response = client.get(f"/feeds/json/people/{alina.slug}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "Алина Верескова — Полоса"
    assert document["feed_url"].endswith(f"/feeds/json/people/{alina.slug}/")
    assert [item["title"] for item in document["items"]] == ["Концерт в Казани", "Интервью"]
    assert "Алина Верескова на сцене." in plain(document["items"][0]["content_html"])


def test_person_feed_unknown_and_old_address(client, alina_in_the_news):
    alina = alina_in_the_news
    old = client.get(f"/people/{alina.slug}/feed/")
    assert old.status_code == 301 and old["Location"] == f"/feeds/rss/people/{alina.slug}/"
    for url in (
        "/people/net-takogo/feed/",
        "/feeds/rss/people/net-takogo/",
        "/feeds/atom/people/net-takogo/",
        "/feeds/json/people/net-takogo/",
        f"/feeds/dzen/people/{alina.slug}/",
    ):
        assert client.get(url).status_code == 404, url


def test_person_page_announces_its_feeds(client, alina_in_the_news, settings):
    from lxml import html as lxml_html

    settings.POLOSA_BASE_URL = "https://polosa.example"
    alina = alina_in_the_news
    head = lxml_html.fromstring(client.get(alina.get_absolute_url()).content).find("head")
    alternates = {
        (link.get("type"), link.get("href"))
        for link in head.iter("link")
        if link.get("rel") == "alternate"
    }
    for fmt, mime in FEED_TYPES.items():
        assert (mime, f"https://polosa.example/feeds/{fmt}/people/{alina.slug}/") in alternates
        assert (mime, f"https://polosa.example/feeds/{fmt}/") in alternates  # the whole site
    assert not any("/feed/" in href for _, href in alternates)  # no old address announced


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_person_feed_query_budget_does_not_grow(
    client, directory, article_about, image_factory, django_assert_num_queries, fmt
):
    from polosa.core import taggedcache
    from polosa.news import content

    alina = directory["Алина Верескова"]
    picture = image_factory("Сцена")
    url = f"/feeds/{fmt}/people/{alina.slug}/"

    def more(count, start):
        author = content.ensure_author(f"Автор {start}")
        for number in range(start, start + count):
            article = article_about(
                "Алина Верескова на сцене.",
                title=f"Концерт {number}",
                main_image=picture,
                tags=[f"тег{number % 3}"],
                authors=[author],
            )
            refresh_article(article)

    more(3, 0)
    client.get(url)  # renditions are made once, on the first request
    taggedcache.store().clear()  # a cold page cache: every stored value read again
    with django_assert_num_queries(8):  # the same for 3 articles and for 15
        assert client.get(url).status_code == 200
    more(12, 3)
    client.get(url)
    taggedcache.store().clear()  # a cold page cache: every stored value read again
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_people_links_add_one_query_to_an_article(client, directory, article_about):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = article_about("Алина Верескова и Борис Агапов.")
    refresh_article(article)
    with CaptureQueriesContext(connection) as queries:  # the first, uncached render
        html = client.get(article.url).content.decode()
    assert ">Алина Верескова</a>" in html and ">Борис Агапов</a>" in html
    ours = [q for q in queries.captured_queries if "people_" in q["sql"]]
    assert len(ours) == 1  # the article page's own total is budgeted by its owners


def test_person_model_slug_and_sort_key(db):
    person = Person.objects.create(name="Вера Снегирёва")
    assert person.slug == "vera-snegireva" or person.slug.startswith("vera-snegir")
    assert person.sort_key == "вера снегирева"
    assert Person.objects.create(name="Вера Снегирёва").slug != person.slug
