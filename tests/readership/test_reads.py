"""Article views: a beacon posts each view; nothing is written to the database per view;
robots, editors, repeats and made-up ids are not counted; the endpoint never fails."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from polosa.readership import counters
from polosa.readership.templatetags.readership_tags import signature
from tests.readership.fixtures import forget_repeats, views_held

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)


def beacon_url(article) -> str:
    return reverse("readership:read", args=[article.pk, signature(article.pk)])


def view(client, article, *, address: str = "198.51.100.7", url: str | None = None, **headers):
    meta = {"HTTP_USER_AGENT": BROWSER, "HTTP_SEC_FETCH_SITE": "same-origin", **headers}
    return client.post(url or beacon_url(article), REMOTE_ADDR=address, **meta)


def counted(article) -> int:
    """Views of ``article`` the counter holds (the tally for the worker, or Redis's)."""
    return views_held().get(article.pk, 0)


def queued_tallies():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path="polosa.readership.tasks.flush_reads"))


@pytest.fixture
def article(article_factory):
    return article_factory("Оркестр сыграл концерт")


@pytest.fixture
def long_interval(settings):
    settings.POLOSA_READS_FLUSH_SECONDS = 3600


def test_a_view_is_counted_without_a_query(
    client, article, counter_kind, long_interval, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = view(client, article)
    assert response.status_code == 204
    assert response["Cache-Control"] == "no-store"
    assert counted(article) == 1


def test_a_hundred_readers_cost_one_row_in_the_queue_when_the_tally_is_handed_over(
    client, article, tally, long_interval, django_assert_num_queries
):
    from polosa.readership.models import ArticleReads
    from polosa.readership.tasks import flush_reads

    with django_assert_num_queries(0):
        for number in range(100):
            view(client, article, address=f"198.51.100.{number}")
    counters.counter().flush()
    assert counted(article) == 0
    [queued] = queued_tallies()
    batch, rows = queued.args_kwargs["args"]
    flush_reads.call(batch, rows)
    assert ArticleReads.objects.get(article=article).count == 100


def test_the_tally_goes_to_the_worker_once_its_interval_has_passed(
    client, article, tally, settings, monkeypatch
):
    settings.POLOSA_READS_FLUSH_SECONDS = 30
    clock = [1000.0]
    monkeypatch.setattr(counters.time, "monotonic", lambda: clock[0])
    counters.reset_counter()
    view(client, article, address="198.51.100.1")
    clock[0] += 10
    view(client, article, address="198.51.100.2")
    assert queued_tallies() == []
    clock[0] += 25
    view(client, article, address="198.51.100.3")
    [queued] = queued_tallies()
    assert [row[2] for row in queued.args_kwargs["args"][1]] == [3]
    assert counted(article) == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; YandexBot/3.0)"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_COOKIE": "sessionid=editor"},
    ],
    ids=["yandexbot", "googlebot", "no-agent", "another-site", "prefetch", "editor"],
)
def test_robots_other_sites_prefetches_and_editors_are_not_counted(
    client, article, counter_kind, long_interval, headers
):
    assert view(client, article, **headers).status_code == 204
    assert counted(article) == 0


def test_a_made_up_id_or_signature_counts_nothing_and_costs_no_query(
    client, article, article_factory, counter_kind, long_interval, django_assert_num_queries
):
    other = article_factory("Выставка открылась вечером")
    forged = [
        f"/_read/{article.pk}/{signature(other.pk)}/",
        f"/_read/{article.pk}/x/",
        f"/_read/999999/{signature(article.pk)}/",
        f"/_read/{'9' * 30}/x/",
    ]
    with django_assert_num_queries(0):
        for url in forged:
            assert view(client, article, url=url).status_code == 204
    assert views_held() == {}


def test_a_reader_reading_again_counts_once_and_again_after_half_an_hour(
    client, article, article_factory, counter_kind, long_interval, monkeypatch
):
    from polosa.readership import views

    now = [1_700_000_000.0]
    monkeypatch.setattr(views.time, "time", lambda: now[0])
    other = article_factory("Выставка открылась вечером")
    view(client, article)
    view(client, article)
    view(client, other)
    view(client, article, HTTP_USER_AGENT=BROWSER + " Edg/124.0")  # another browser there
    assert (counted(article), counted(other)) == (2, 1)
    now[0] += 1801
    if counter_kind == "redis":  # Redis expires the marks by its own clock, not ours
        marks = list(counters.counter()._redis.scan_iter(f"{counters.counter().prefix}:seen:*"))
        assert len(marks) == 3
        assert all(0 < counters.counter()._redis.ttl(mark) <= 1800 for mark in marks)
        forget_repeats(counters.counter())
    view(client, article)
    assert counted(article) == 3


def test_an_address_past_its_limit_is_not_counted(
    client, article_factory, counter_kind, settings, monkeypatch
):
    from polosa.readership import views

    monkeypatch.setattr(views.time, "time", lambda: 1_700_000_100.0)  # within one window
    settings.POLOSA_READS_FLUSH_SECONDS = 3600
    settings.POLOSA_READS_PER_ADDRESS = 3
    articles = [article_factory(f"Новость {number}") for number in range(5)]
    for article in articles:
        view(client, article, address="203.0.113.9")
    view(client, articles[4], address="203.0.113.10")
    assert [counted(article) for article in articles] == [1, 1, 1, 0, 1]


def test_the_endpoint_only_takes_posts_and_never_fails(client, article, counter_kind, monkeypatch):
    assert client.get(beacon_url(article)).status_code == 405

    def broken(*args, **kwargs):
        raise RuntimeError("the counter is broken")

    monkeypatch.setattr(type(counters.counter()), "count", broken)
    assert view(client, article).status_code == 204


def test_a_tally_is_added_once_however_often_its_task_runs(article, article_factory):
    from polosa.readership.counters import hour_of
    from polosa.readership.models import ArticleReads
    from polosa.readership.services import reads_apply

    hour = hour_of(1_700_000_000)
    gone = article_factory("Удалённый материал")
    rows = [[article.pk, hour, 5], [article.pk, hour + 1, 2], [gone.pk, hour, 9]]
    gone.delete()
    assert reads_apply("batch-1", rows) == 7
    assert reads_apply("batch-1", rows) == 0  # run again after its worker died
    assert reads_apply("batch-2", [[article.pk, hour, 1]]) == 1
    counts = dict(ArticleReads.objects.filter(article=article).values_list("hour", "count"))
    assert sorted(counts.values()) == [2, 6]


def test_a_tally_that_cannot_be_queued_is_kept_for_the_next_hand_over(
    client, article, tally, long_interval, monkeypatch
):
    from polosa.readership import tasks

    view(client, article)

    def unreachable(*args, **kwargs):
        raise ConnectionError("the database is down")

    monkeypatch.setattr(tasks, "flush_reads", SimpleNamespace(enqueue=unreachable))
    counters.counter().flush()
    assert counted(article) == 1
