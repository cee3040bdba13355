"""Fixtures of readership's tests, shared with tests/search/test_related*.py (import
them by name: a conftest reaches its own folder only)."""

from __future__ import annotations

import uuid

import pytest

__all__ = [
    "counter_kind",
    "fresh_counter",
    "private_matchers",
    "readership_urls",
    "tally",
    "tasks_at_once",
]


@pytest.fixture
def tasks_at_once(settings, django_capture_on_commit_callbacks):
    """Run tasks when they are queued, and what waits for a commit when the block ends
    (the test's own transaction never commits)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    return committed


@pytest.fixture
def private_matchers(settings, tmp_path):
    """Compiled people matchers under the test's folder, not var/."""
    settings.POLOSA_PEOPLE_CACHE_DIR = str(tmp_path / "matchers")


@pytest.fixture
def readership_urls(settings):
    settings.ROOT_URLCONF = "tests.readership.urls"


def private_redis_counter(url: str):
    """A :class:`RedisCounter` under a prefix of its own, installed as the process's
    counter: no views of another test or run (Redis keeps hours for days) are seen."""
    from polosa.readership import counters

    counters.reset_counter()
    counter = counters.RedisCounter(url, prefix=f"test-{uuid.uuid4().hex[:12]}")
    counters._counter = counter
    return counter


def forget(counter) -> None:
    from polosa.readership import counters

    if isinstance(counter, counters.RedisCounter):
        keys = list(counter._redis.scan_iter(f"{counter.prefix}:*"))
        if keys:
            counter._redis.delete(*keys)
        counter._redis.close()


@pytest.fixture
def fresh_counter(settings):
    """A counter of this test's own, of the configured kind (Redis's under a private
    prefix when ``REDIS_URL`` is set, else this process's tally)."""
    from polosa.readership import counters

    counters.reset_counter()
    counter = private_redis_counter(settings.REDIS_URL) if settings.REDIS_URL else None
    yield
    forget(counter)
    counters.reset_counter()


@pytest.fixture
def tally(settings, fresh_counter):
    """The embedded counter (this process's tally), whatever ``REDIS_URL`` says: for what
    only the tally does (handing views over to the worker)."""
    from polosa.readership import counters

    settings.REDIS_URL = ""
    counters.reset_counter()
    counter = counters.counter()
    assert isinstance(counter, counters.TallyCounter)
    return counter


@pytest.fixture(params=["tally", "redis"])
def counter_kind(request, fresh_counter):
    """Each kind of counter in turn (Redis: ``REDIS_URL``, else a private redis-server)."""
    if request.param == "tally":
        request.getfixturevalue("tally")
        yield "tally"
        return
    counter = private_redis_counter(request.getfixturevalue("redis_url"))
    yield "redis"
    forget(counter)


def views_held(counter=None) -> dict[int, int]:
    """Views the counter holds, per article: the tally not yet handed over, or Redis's
    hours (every hour: tests may count at a moment of their own)."""
    from collections import Counter

    from polosa.readership import counters

    counter = counter or counters.counter()
    held: Counter[int] = Counter()
    if isinstance(counter, counters.RedisCounter):
        for key in counter._redis.scan_iter(f"{counter.prefix}:h:*"):
            for member, views in counter._redis.zrange(key, 0, -1, withscores=True):
                held[int(member)] += int(views)
    else:
        for (_, article_id), views in counter.pending().items():
            held[article_id] += views
    return dict(held)


def forget_repeats(counter) -> None:
    """Redis expires a reader's repeat mark by its own clock: expire it now."""
    keys = list(counter._redis.scan_iter(f"{counter.prefix}:seen:*"))
    if keys:
        counter._redis.delete(*keys)
