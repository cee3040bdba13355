"""«Самое читаемое»: the last 24 hours and 7 days, ranked by the worker every few
minutes, shown as one cached fragment that a new ranking or an edit of a listed article
purges, and nothing else."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from lxml import html as lxml_html

from polosa.readership import counters
from polosa.readership.services import most_read_refresh

pytestmark = pytest.mark.django_db

NOW = time.time()


def read(article, views: int, *, hours_ago: float) -> None:
    """Views counted ``hours_ago``, where the configured counter ranks them from: the
    hourly rows the worker added from the web processes' tallies, or Redis's hours."""
    from polosa.readership.models import ArticleReads

    hour = counters.hour_of(NOW - hours_ago * 3600)
    counter = counters.counter()
    if isinstance(counter, counters.RedisCounter):
        counter._redis.zincrby(counter.hour_key(hour), views, article.pk)
        return
    row, _ = ArticleReads.objects.get_or_create(article=article, hour=counters.hour_start(hour))
    ArticleReads.objects.filter(pk=row.pk).update(count=F("count") + views)


def lists(client, url: str = "/_fragments/most-read/") -> dict[str, list[str]]:
    document = lxml_html.fromstring(client.get(url).content.decode() or "<div></div>")
    found = {}
    for period in document.xpath("//aside[contains(@class,'most-read')]//section"):
        heading = period.xpath("string(h3)")
        found[heading] = [" ".join(a.text_content().split()) for a in period.xpath(".//li/a")]
    return found


@pytest.fixture
def articles(article_factory):
    now = timezone.now()
    return {
        name: article_factory(name, published_at=now - timedelta(days=days))
        for name, days in [
            ("Оркестр сыграл концерт", 1),
            ("Выставка открылась вечером", 3),
            ("Театр объявил сезон", 9),
            ("Каток открылся в парке", 0),
        ]
    }


@pytest.fixture
def ranked(articles):
    read(articles["Оркестр сыграл концерт"], 40, hours_ago=2)
    read(articles["Каток открылся в парке"], 10, hours_ago=1)
    read(articles["Выставка открылась вечером"], 90, hours_ago=60)
    read(articles["Театр объявил сезон"], 500, hours_ago=24 * 9)  # older than a week and a day
    assert most_read_refresh(now=NOW)
    return articles


def test_the_day_and_the_week_are_ranked_by_their_views(client, ranked):
    assert lists(client) == {
        "За сутки": ["Оркестр сыграл концерт", "Каток открылся в парке"],
        "За неделю": [
            "Выставка открылась вечером",
            "Оркестр сыграл концерт",
            "Каток открылся в парке",
        ],
    }


def test_each_item_shows_its_rubric_and_time(client, ranked):
    document = lxml_html.fromstring(client.get("/_fragments/most-read/").content.decode())
    assert document.xpath("string(//h2)") == "Самое читаемое"
    line = document.xpath("string(//li/p[@class='meta'])")
    rubric, _, when = line.partition(" — ")
    assert rubric in {"Новости", "Музыка", "Кино", "Образ жизни"} and when


def test_nothing_read_shows_no_block(client, articles):
    most_read_refresh(now=NOW)
    response = client.get("/_fragments/most-read/")
    assert response.status_code == 200 and response.content.strip() == b""


def test_a_new_ranking_purges_the_block_and_the_same_ranking_does_not(
    client, ranked, purged, django_assert_num_queries
):
    client.get("/_fragments/most-read/")
    purged.clear()
    read(ranked["Каток открылся в парке"], 5, hours_ago=0)  # 15: still second
    assert not most_read_refresh(now=NOW)
    assert "most-read" not in purged.keys
    with django_assert_num_queries(0):
        assert client.get("/_fragments/most-read/")["X-Polosa-Cache"] == "hit"
    read(ranked["Каток открылся в парке"], 100, hours_ago=0)
    assert most_read_refresh(now=NOW)
    assert "most-read" in purged.keys
    assert lists(client)["За сутки"][0] == "Каток открылся в парке"


def test_an_unpublished_article_leaves_at_once_and_is_not_ranked_again(client, ranked):
    concert = ranked["Оркестр сыграл концерт"]
    client.get("/_fragments/most-read/")
    concert.unpublish()
    assert "Оркестр сыграл концерт" not in lists(client)["За сутки"]
    most_read_refresh(now=NOW)
    assert "Оркестр сыграл концерт" not in lists(client)["За неделю"]


def test_an_edited_headline_of_a_listed_article_shows_at_once(client, ranked):
    concert = ranked["Оркестр сыграл концерт"]
    client.get("/_fragments/most-read/")
    concert.title = "Оркестр сыграл концерт на бис"
    concert.save_revision().publish()
    assert lists(client)["За сутки"][0] == "Оркестр сыграл концерт на бис"


def test_another_publication_leaves_the_block_cached(
    client, ranked, article_factory, django_assert_num_queries
):
    client.get("/_fragments/most-read/")
    article_factory("Свежая новость", published_at=timezone.now())
    with django_assert_num_queries(0):
        assert client.get("/_fragments/most-read/")["X-Polosa-Cache"] == "hit"


def test_the_block_is_rendered_in_one_query(client, ranked, django_assert_num_queries):
    client.get("/people/")  # the site and rubrics, as after any first request
    with django_assert_num_queries(1):
        response = client.get("/_fragments/most-read/")
    assert response["X-Polosa-Cache"] == "miss"


def test_caches_in_front_that_cannot_be_purged_keep_it_only_minutes(client, ranked, settings):
    settings.POLOSA_SURROGATE_KEY_HEADER = "Surrogate-Key"
    response = client.get("/_fragments/most-read/")
    assert "s-maxage=300" in response["Cache-Control"]
    week = [article for name, article in ranked.items() if name != "Театр объявил сезон"]
    shown = {f"article-{article.pk}" for article in week}
    assert {"most-read", *shown} <= set(response["Surrogate-Key"].split())


def test_hours_older_than_a_week_are_dropped(articles):
    from polosa.readership.models import ArticleReads

    theatre, rink = articles["Театр объявил сезон"], articles["Каток открылся в парке"]
    for article, hours_ago in ((theatre, 24 * 9), (rink, 1)):  # rows whatever the counter
        hour = counters.hour_start(counters.hour_of(NOW - hours_ago * 3600))
        ArticleReads.objects.create(article=article, hour=hour, count=5)
    most_read_refresh(now=NOW)
    assert list(ArticleReads.objects.values_list("article", flat=True)) == [rink.pk]


def test_every_article_shows_the_block_after_its_own_list(client, ranked):
    article = ranked["Театр объявил сезон"]
    document = lxml_html.fromstring(client.get(article.url).content)
    asides = [aside.get("class") for aside in document.xpath("//aside")]
    assert asides.index("read-also") < asides.index("most-read")


def test_the_worker_ranks_again_only_every_few_minutes(ranked, monkeypatch, settings):
    from polosa.readership import services, tasks

    settings.POLOSA_MOST_READ_SECONDS = 300
    runs = []
    monkeypatch.setattr(services, "most_read_refresh", lambda: runs.append(1) or False)
    monkeypatch.setattr(tasks, "_ranked_at", None)
    clock = [5000.0]
    monkeypatch.setattr(tasks.time, "monotonic", lambda: clock[0])
    for step in (0, 10, 200, 95, 10):
        clock[0] += step
        assert tasks.rank_most_read(None) is None  # nothing to say in `worker --burst`
    assert len(runs) == 2  # at start, then after 300 seconds


# -- with Redis ------------------------------------------------------------------------


@pytest.fixture
def redis_counter(redis_url, monkeypatch):
    import uuid

    counter = counters.RedisCounter(redis_url, prefix=f"test-{uuid.uuid4().hex[:8]}")
    monkeypatch.setattr(counters, "_counter", counter)
    return counter


def test_with_redis_views_are_counted_in_redis_and_ranked_from_it(
    client, articles, redis_counter, django_assert_num_queries
):
    from tests.readership.test_reads import view

    concert, rink = articles["Оркестр сыграл концерт"], articles["Каток открылся в парке"]
    with django_assert_num_queries(0):
        for number in range(3):
            view(client, concert, address=f"198.51.100.{number}")
        view(client, concert, address="198.51.100.0")  # a repeat
        view(client, rink, address="198.51.100.9")
    assert redis_counter.top(24, 10, time.time()) == [(concert.pk, 3), (rink.pk, 1)]
    assert most_read_refresh()
    assert lists(client)["За сутки"] == ["Оркестр сыграл концерт", "Каток открылся в парке"]


def test_with_redis_an_address_past_its_limit_is_not_counted(articles, redis_counter, settings):
    settings.POLOSA_READS_PER_ADDRESS = 2
    now = time.time()
    results = [
        redis_counter.count(article.pk, address="203.0.113.5", agent="browser", now=now)
        for article in articles.values()
    ]
    assert results == [True, True, False, False]


def test_with_redis_down_nothing_is_counted_and_nothing_fails(articles, monkeypatch):
    counter = counters.RedisCounter("redis://127.0.0.1:1/0", prefix="down")
    article = articles["Оркестр сыграл концерт"]
    assert not counter.count(article.pk, address="203.0.113.5", agent="browser", now=NOW)
    assert counter.top(24, 5, NOW) is None
    monkeypatch.setattr(counters, "_counter", counter)
    assert not most_read_refresh()  # readers keep the last ranking
