"""Redis down is not a site outage: pages, feeds and votes are served, readiness says so,
the page cache fills again once Redis is back, and a purge made meanwhile is not lost.

Each test runs its own redis-server on a free loopback port (not the shared REDIS_URL
server, which other tests use), stops it in the middle and starts it again on the same
port. The tests run outside a test transaction, as in production: a purge is delivered
when its change commits, and the worker runs the retry it queues.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from polosa.core import purge, redis_cache, surrogate, taggedcache
from polosa.core.models import WorkerHeartbeat

# A private redis-server per test: runs with or without REDIS_URL (the SQLite pass too).
pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

RETRY_PURGE = "polosa.core.tasks.retry_purge"
#: No wait in these tests may take longer than this.
DEADLINE_SECONDS = 10.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what: str, timeout: float = DEADLINE_SECONDS) -> float:
    """Poll ``condition`` until it holds; the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.01)
    return time.monotonic() - started


class PrivateRedis:
    """A redis-server of this test only: started, stopped, started again on one port."""

    def __init__(self, binary: str, directory: Path, *, persistent: bool = False) -> None:
        self.binary = binary
        self.directory = directory
        self.persistent = persistent
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = directory / "redis.log"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        # Persistence (an append-only file, synced on every write) stands for a Redis that
        # keeps its data through the outage: a restart from disk, a network partition.
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            "--save",
            "",
            "--appendonly",
            "yes" if self.persistent else "no",
            "--appendfsync",
            "always",
            "--daemonize",
            "no",
        ]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2, socket_timeout=0.5)

        def answers() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"redis-server exited: {self.log.read_text()[-2000:]}")
            try:
                return bool(client.ping())
            except (redis.exceptions.RedisError, OSError):
                return False

        try:
            wait_until(answers, f"redis-server on port {self.port} answering")
        finally:
            client.close()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGCONT)  # a frozen server cannot handle SIGTERM
            process.terminate()
        try:
            process.wait(timeout=DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=DEADLINE_SECONDS)

    def freeze(self) -> None:
        """The server keeps its data and its port but answers nothing (a hung host)."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def _private_redis(tmp_path, *, persistent: bool):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("needs redis-server on PATH (apt-get install redis-server; .ci/run has it)")
    server = PrivateRedis(binary, tmp_path, persistent=persistent)
    server.start()
    return server


@pytest.fixture
def redis_server(tmp_path):
    server = _private_redis(tmp_path, persistent=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def persistent_redis_server(tmp_path):
    server = _private_redis(tmp_path, persistent=True)
    try:
        yield server
    finally:
        server.stop()


def point_the_site_at(server: PrivateRedis, settings, monkeypatch) -> None:
    """REDIS_URL, Django's caches and the tagged store on ``server``, as polosa/settings.py
    configures them (the same django-redis OPTIONS: IGNORE_EXCEPTIONS, short timeouts)."""
    backend = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": server.url,
        "KEY_PREFIX": "polosa",
        "OPTIONS": dict(settings.REDIS_CACHE_OPTIONS),  # as polosa/settings.py has them
    }
    settings.REDIS_URL = server.url
    # Changing CACHES fires setting_changed: Django's test signals close the caches and
    # build new handlers from the new settings (django.test.signals.clear_cache_handlers).
    settings.CACHES = {"default": backend, "renditions": backend}
    settings.POLOSA_PAGE_CACHE_SECONDS = 3600
    monkeypatch.setattr(taggedcache, "REDIS_RETRY_SECONDS", 0.05)
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0.05)
    redis_cache.reset()
    taggedcache.reset_store()
    store = taggedcache.store()
    assert isinstance(store, taggedcache.RedisStore)
    assert store._redis.connection_pool.connection_kwargs["port"] == server.port


@pytest.fixture
def site_on_redis(redis_server, settings, monkeypatch):
    point_the_site_at(redis_server, settings, monkeypatch)
    yield redis_server
    taggedcache.reset_store()


@pytest.fixture
def site_on_persistent_redis(persistent_redis_server, settings, monkeypatch):
    point_the_site_at(persistent_redis_server, settings, monkeypatch)
    yield persistent_redis_server
    taggedcache.reset_store()


@pytest.fixture
def title_factory():
    from polosa.titles.models import Title

    return lambda name="Тихая гавань": Title.objects.create(name=name)


@pytest.fixture
def reader():
    """A reader's client that returns 500s as responses (counted), not raised."""
    return Client(raise_request_exception=False)


def store_answers() -> bool:
    return taggedcache.store().available()


def cache_state(response) -> str | None:
    return response.headers.get("X-Polosa-Cache")


def queued_purges():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=RETRY_PURGE, status="READY")


# -- the outage ---------------------------------------------------------------------------


def test_pages_and_feeds_are_served_while_redis_is_down_and_cached_again_after(
    site_on_redis, reader, article_factory, rubric, title_factory
):
    server = site_on_redis
    articles = [article_factory(rubric=rubric) for _ in range(3)]
    title = title_factory()
    WorkerHeartbeat.beat()
    page = articles[0].url
    gets = [*(article.url for article in articles), "/", rubric.url, "/feeds/rss/"]
    gets += [title.get_absolute_url(), "/ratings/"]

    # (a) Redis up: a miss, then a hit; ready.
    assert cache_state(reader.get(page)) == "miss"
    assert cache_state(reader.get(page)) == "hit"
    assert reader.get("/readyz").status_code == 200

    # (b) Redis stopped: everything is served, uncached; readiness says the cache is down.
    server.stop()
    responses = [reader.get(url) for url in gets for _ in range(2)]
    assert [
        (r.request["PATH_INFO"], r.status_code) for r in responses if r.status_code != 200
    ] == []
    assert "hit" not in {cache_state(r) for r in responses}
    ready = reader.get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] and body["checks"]["worker"]["ok"]

    # (c) Redis back on the same port: after the store's retry delay pages are stored again.
    server.start()
    wait_until(store_answers, "the store asking Redis again")
    assert cache_state(reader.get(page)) == "miss"
    assert cache_state(reader.get(page)) == "hit"
    WorkerHeartbeat.beat()
    ready = reader.get("/readyz")
    assert ready.status_code == 200, ready.json()
    assert ready.json()["checks"]["cache"] == {
        **ready.json()["checks"]["cache"],
        "ok": True,
        "detail": "Redis set/get round trip",
    }


def test_a_vote_is_counted_while_redis_is_down(site_on_redis, reader, title_factory):
    title = title_factory()
    site_on_redis.stop()
    voted = reader.post(
        f"/titles/{title.slug}/vote/", {"value": "8"}, HTTP_ACCEPT="application/json"
    )
    assert voted.status_code == 200
    assert voted.json()["votes"] == 1


def test_readiness_shows_redis_back_at_once_without_waiting_for_the_stores_retry_delay(
    site_on_redis, reader, monkeypatch
):
    WorkerHeartbeat.beat()
    site_on_redis.stop()
    monkeypatch.setattr(taggedcache, "REDIS_RETRY_SECONDS", 3600.0)
    assert taggedcache.store().get("anything") is None  # the store now leaves Redis alone
    assert reader.get("/readyz").status_code == 503
    site_on_redis.start()
    assert not taggedcache.store().available()
    assert reader.get("/readyz").status_code == 200


def test_a_frozen_redis_costs_timeouts_not_errors(site_on_redis, reader, article_factory):
    """A server that keeps its port but answers nothing (a hung host): calls end at the
    socket timeout instead of being refused; nothing answers 5xx, and what was stored
    before is served again once it answers."""
    article = article_factory()
    WorkerHeartbeat.beat()
    assert cache_state(reader.get(article.url)) == "miss"
    site_on_redis.freeze()
    try:
        assert reader.get("/feeds/rss/").status_code == 200
        ready = reader.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"]["cache"]["detail"].startswith("TimeoutError")
    finally:
        site_on_redis.thaw()
    wait_until(store_answers, "the store asking Redis again")
    assert cache_state(reader.get(article.url)) == "hit"


# -- purges during the outage -------------------------------------------------------------


def test_a_purge_made_while_redis_is_down_is_queued_and_drops_the_stale_page_once_back(
    site_on_persistent_redis, reader, article_factory
):
    server = site_on_persistent_redis
    article = article_factory("Старый заголовок")
    first = reader.get(article.url)
    assert cache_state(first) == "miss" and "Старый заголовок" in first.content.decode()
    assert cache_state(reader.get(article.url)) == "hit"

    server.stop()
    assert not queued_purges().exists()
    article.title = "Новый заголовок"
    article.save_revision().publish()  # purges article-N when it commits: Redis is down
    queued = list(queued_purges())
    assert queued, "the purge of the republished article was not queued"
    assert any(surrogate.article(article.pk) in task.args_kwargs["args"][0] for task in queued)
    during = reader.get(article.url)
    assert during.status_code == 200 and "Новый заголовок" in during.content.decode()

    # Redis restarts from its append-only file: the old page is back, and stale.
    server.start()
    wait_until(store_answers, "the store asking Redis again")
    stale = reader.get(article.url)
    assert cache_state(stale) == "hit" and "Старый заголовок" in stale.content.decode()

    call_command("worker", "--burst", stdout=io.StringIO())
    assert not queued_purges().exists()
    fresh = reader.get(article.url)
    assert cache_state(fresh) == "miss" and "Новый заголовок" in fresh.content.decode()
    assert cache_state(reader.get(article.url)) == "hit"


def test_purge_keys_outside_a_transaction_during_the_outage_queues_a_retry(site_on_redis):
    site_on_redis.stop()
    purge.purge_keys({"article-1", "listing-site"}, reason="test outage")
    (task,) = queued_purges()
    assert sorted(task.args_kwargs["args"][0]) == ["article-1", "listing-site"]


def test_a_retry_that_fails_again_is_queued_again_later(site_on_redis):
    site_on_redis.stop()
    purge.purge_keys({"article-1"}, reason="test outage")
    wait_until(store_answers, "the store's retry delay")
    call_command("worker", "--burst", stdout=io.StringIO())
    (again,) = queued_purges()
    assert again.args_kwargs["args"] == [["article-1"], True, 2]
