"""The probes: /healthz (liveness) and /readyz (readiness), and the worker's heartbeat."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.utils import timezone

from polosa.core.models import WorkerHeartbeat


def beat(age: timedelta = timedelta(0), hostname: str = "web-1", pid: int = 101):
    WorkerHeartbeat.objects.create(hostname=hostname, pid=pid, beat_at=timezone.now() - age)


# -- /healthz -----------------------------------------------------------------------------


def test_healthz_answers_ok_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_does_not_ask_the_page_cache(client, db, monkeypatch):
    from polosa.core import taggedcache

    def no_store():
        raise AssertionError("the liveness probe asked the page cache")

    monkeypatch.setattr(taggedcache, "store", no_store)
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.7:8000", "unknown.example"])
def test_healthz_answers_whatever_the_host_but_pages_do_not(client, db, settings, host):
    # Varnish's probe sends its backend's address as the Host (deploy/varnish.vcl).
    settings.ALLOWED_HOSTS = ["polosa.example"]
    assert client.get("/healthz", HTTP_HOST=host).content == b"ok"
    assert client.get("/readyz", HTTP_HOST=host).status_code == 400
    assert client.get("/", HTTP_HOST=host).status_code == 400


# -- /readyz ------------------------------------------------------------------------------


def test_readyz_is_200_ok_with_a_fresh_worker_heartbeat(client, db):
    beat()
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert all(check["ok"] for check in body["checks"].values())


def test_readyz_reports_every_check_with_ok_latency_and_an_english_detail(client, db):
    beat()
    body = client.get("/readyz").json()
    assert set(body) == {"status", "checks"}
    assert set(body["checks"]) == {"database", "cache", "worker"}
    for check in body["checks"].values():
        assert set(check) == {"ok", "ms", "detail"}
        assert isinstance(check["ok"], bool)
        assert isinstance(check["ms"], int | float) and check["ms"] >= 0
        assert isinstance(check["detail"], str) and check["detail"].isascii()
    assert body["checks"]["database"]["detail"].startswith("SELECT 1")
    assert "web-1" in body["checks"]["worker"]["detail"]


def test_readyz_reports_the_local_store_as_process_memory(client, db, settings):
    settings.REDIS_URL = ""
    from polosa.core import taggedcache

    taggedcache.reset_store()
    beat()
    cache = client.get("/readyz").json()["checks"]["cache"]
    assert cache == {**cache, "ok": True, "detail": "process memory"}


def test_readyz_is_never_cached(client, db, settings):
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    beat()
    first = client.get("/readyz")
    assert "no-store" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert "X-Polosa-Cache" not in first
    WorkerHeartbeat.objects.all().delete()
    assert client.get("/readyz").status_code == 503  # not a stored 200


def test_readyz_is_503_degraded_without_any_worker_heartbeat(client, db):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["ok"] is False
    assert "no heartbeat" in body["checks"]["worker"]["detail"]
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


def test_readyz_is_503_degraded_when_the_newest_heartbeat_is_stale(client, db, settings):
    settings.POLOSA_WORKER_STALE_SECONDS = 60
    beat(timedelta(minutes=10), hostname="old", pid=1)
    beat(timedelta(minutes=5), hostname="newer", pid=2)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    worker = body["checks"]["worker"]
    assert worker["ok"] is False
    assert worker["detail"].startswith("stale") and "newer" in worker["detail"]


def test_the_staleness_limit_comes_from_the_settings(client, db, settings):
    settings.POLOSA_WORKER_STALE_SECONDS = 3600
    beat(timedelta(minutes=10))
    assert client.get("/readyz").status_code == 200


def test_the_newest_of_several_workers_counts(client, db):
    beat(timedelta(hours=3), hostname="dead", pid=1)
    beat(hostname="alive", pid=2)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert "alive" in response.json()["checks"]["worker"]["detail"]


@pytest.mark.django_db(transaction=True)
def test_a_database_failure_is_503_down_and_the_next_request_works(client, monkeypatch):
    """Outside a transaction, as in production: the failed connection is closed, so the
    next request opens a fresh one."""
    beat()
    connection = connections[DEFAULT_DB_ALIAS]
    closed = []
    real_close = connection.close

    def unreachable():
        raise OperationalError("could not connect to server: Connection refused")

    def close():
        closed.append(True)
        real_close()

    monkeypatch.setitem(vars(connection), "cursor", unreachable)
    monkeypatch.setitem(vars(connection), "close", close)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    database = body["checks"]["database"]
    assert database["ok"] is False
    assert database["detail"].startswith("OperationalError") and "refused" in database["detail"]
    assert body["checks"]["worker"]["ok"] is False
    assert "database" in body["checks"]["worker"]["detail"]
    assert closed

    monkeypatch.undo()
    after = client.get("/readyz")
    assert after.status_code == 200
    assert after.json()["status"] == "ok"


def test_a_database_failure_inside_a_transaction_leaves_the_connection_to_it(
    client, db, monkeypatch
):
    """ATOMIC_REQUESTS (or a test): closing would break the enclosing transaction."""
    beat()
    connection = connections[DEFAULT_DB_ALIAS]

    def unreachable():
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setitem(vars(connection), "cursor", unreachable)
    assert client.get("/readyz").json()["status"] == "down"
    monkeypatch.undo()
    assert WorkerHeartbeat.objects.count() == 1  # the transaction is still usable
    assert client.get("/readyz").status_code == 200


def test_a_failing_cache_check_is_503_degraded_not_a_500(client, db, monkeypatch):
    from polosa.core import taggedcache

    beat()

    def broken():
        raise RuntimeError("store could not be built")

    monkeypatch.setattr(taggedcache, "store", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"] == {
        **body["checks"]["cache"],
        "ok": False,
        "detail": "RuntimeError: store could not be built",
    }
    assert body["checks"]["database"]["ok"] and body["checks"]["worker"]["ok"]


def test_readyz_answers_head_and_refuses_post(client, db):
    beat()
    assert client.head("/readyz").status_code == 200
    assert client.post("/readyz").status_code == 405


# -- the worker's heartbeat and --burst summary -------------------------------------------
# The worker closes stale connections, so it runs outside a test transaction.


def burst() -> str:
    out = io.StringIO()
    call_command("worker", "--burst", stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db(transaction=True)
def test_each_worker_cycle_upserts_one_heartbeat_row_per_process():
    burst()
    first = WorkerHeartbeat.objects.get()
    burst()
    again = WorkerHeartbeat.objects.get()
    assert (again.hostname, again.pid) == (first.hostname, first.pid)
    assert again.beat_at >= first.beat_at


@pytest.mark.django_db(transaction=True)
def test_a_worker_cycle_prunes_heartbeats_older_than_a_day():
    beat(timedelta(days=1, minutes=1), hostname="gone", pid=1)
    beat(timedelta(hours=23), hostname="recent", pid=2)
    burst()
    assert set(WorkerHeartbeat.objects.values_list("hostname", flat=True)) == {
        "recent",
        WorkerHeartbeat.newest().hostname,
    }
    assert not WorkerHeartbeat.objects.filter(hostname="gone").exists()


@pytest.mark.django_db(transaction=True)
def test_burst_prints_how_many_tasks_it_ran_and_only_its_own():
    from polosa.core.tasks import retry_purge

    for number in range(3):
        retry_purge.enqueue([f"key-{number}"], True)
    assert burst() == "Готово: опубликовано страниц — 0, задач выполнено — 3."
    assert burst() == "Готово: опубликовано страниц — 0, задач выполнено — 0."


@pytest.mark.django_db(transaction=True)
def test_burst_counts_the_pages_publish_scheduled_published(article_factory):
    from django_tasks_db.models import DBTaskResult

    from polosa.news.models import ArticlePage

    article = article_factory("По расписанию", live=False)
    article.go_live_at = timezone.now() + timedelta(seconds=0.2)
    article.save_revision().publish()
    assert not ArticlePage.objects.get(pk=article.pk).live
    while timezone.now() <= article.go_live_at:
        time.sleep(0.05)
    before = DBTaskResult.objects.finished().count()
    summary = burst()
    assert ArticlePage.objects.get(pk=article.pk).live
    ran = DBTaskResult.objects.finished().count() - before
    assert summary == f"Готово: опубликовано страниц — 1, задач выполнено — {ran}."


@pytest.mark.django_db(transaction=True)
def test_without_burst_the_summary_is_not_printed(monkeypatch):
    """The long-running worker keeps quiet; its heartbeat is recorded every cycle."""
    from polosa.core.management.commands import worker

    cycles = []

    def stop(seconds):
        cycles.append(seconds)
        raise KeyboardInterrupt

    monkeypatch.setattr(worker.time, "sleep", stop)
    out = io.StringIO()
    with pytest.raises(KeyboardInterrupt):
        call_command("worker", "--interval", "7", stdout=out)
    assert cycles == [7.0]
    assert out.getvalue() == ""
    assert WorkerHeartbeat.objects.count() == 1
