"""The tagged store: entries live under surrogate keys and go when one of them is purged."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polosa.core.taggedcache import LocalStore, PurgeLog, remember

KEYS = st.sets(st.sampled_from(["article-1", "article-2", "rubric-3", "site", "ratings"]))


def test_an_entry_is_found_until_one_of_its_keys_is_purged():
    store = LocalStore()
    store.set("page:a", "A", keys={"article-1", "rubric-3"}, timeout=60, started_at=time.time())
    store.set("page:b", "B", keys={"article-2"}, timeout=60, started_at=time.time())
    assert store.purge(["rubric-3"]) == {"page:a"}
    assert store.get("page:a") is None
    assert store.get("page:b") == "B"


@given(entry_keys=KEYS, purged_keys=KEYS)
def test_purging_drops_exactly_the_entries_sharing_a_key(entry_keys, purged_keys):
    store = LocalStore()
    store.set("entry", "value", keys=entry_keys, timeout=60, started_at=time.time())
    store.purge(purged_keys)
    survives = not (entry_keys & purged_keys)
    assert (store.get("entry") == "value") is survives


def test_a_render_that_started_before_a_purge_of_its_keys_is_not_stored():
    """It may have read the rows the purge was for before their transaction committed."""
    store = LocalStore()
    started = time.time()
    store.purge(["article-1"])
    assert not store.set("page:a", "old", keys={"article-1"}, timeout=60, started_at=started)
    assert store.get("page:a") is None
    rendered_after = time.time()
    store.set("page:a", "new", keys={"article-1"}, timeout=60, started_at=rendered_after)
    assert store.get("page:a") == "new"


def test_entries_expire_after_their_timeout():
    store = LocalStore()
    store.set("page:a", "A", keys={"site"}, timeout=-1, started_at=time.time())
    assert store.get("page:a") is None


def test_the_store_keeps_at_most_its_number_of_entries_dropping_the_oldest():
    store = LocalStore(max_entries=2)
    for name in ("one", "two", "three"):
        store.set(name, name, keys={"site"}, timeout=60, started_at=time.time())
    assert store.get("one") is None
    assert [store.get("two"), store.get("three")] == ["two", "three"]


def test_a_purge_made_by_another_process_reaches_this_one_through_the_purge_log(tmp_path):
    web = LocalStore(purge_log=PurgeLog(tmp_path / "purge.log"))
    worker = LocalStore(purge_log=PurgeLog(tmp_path / "purge.log"))
    web.set("page:a", "A", keys={"article-1"}, timeout=60, started_at=time.time())
    web.set("page:b", "B", keys={"article-2"}, timeout=60, started_at=time.time())
    worker.purge(["article-1"])
    assert web.get("page:a") is None
    assert web.get("page:b") == "B"


def test_a_started_afresh_purge_log_drops_everything(tmp_path):
    path = tmp_path / "purge.log"
    web = LocalStore(purge_log=PurgeLog(path, max_bytes=10))
    worker = LocalStore(purge_log=PurgeLog(path, max_bytes=10))
    web.set("page:a", "A", keys={"article-1"}, timeout=60, started_at=time.time())
    worker.purge(["a-key-long-enough-to-start-a-new-log"])  # the log starts anew
    assert web.get("page:a") is None


def test_a_value_is_computed_once_until_its_key_is_purged(settings, tmp_path):
    from polosa.core import taggedcache

    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert remember("answer", compute, keys=["rubrics"]) == 1
    assert remember("answer", compute, keys=["rubrics"]) == 1
    taggedcache.store().purge(["rubrics"])
    assert remember("answer", compute, keys=["rubrics"]) == 2
    taggedcache.store().purge(["site"])  # a whole-site purge reaches every value
    assert remember("answer", compute, keys=["rubrics"]) == 3


def test_a_remembered_none_is_remembered():
    calls = []
    assert remember("nothing", lambda: calls.append(1), keys=["x"]) is None
    assert remember("nothing", lambda: calls.append(1), keys=["x"]) is None
    assert calls == [1]


@pytest.fixture
def redis_store(redis_url):
    from polosa.core.taggedcache import RedisStore

    store = RedisStore(redis_url, prefix="polosa-test-tagged")
    store.clear()
    yield store
    store.clear()
    store.close()


def test_redis_store_purges_by_key_for_every_client(redis_store, redis_url):
    from polosa.core.taggedcache import RedisStore

    other_machine = RedisStore(redis_url, prefix="polosa-test-tagged")
    other_machine.close()  # it only purges here
    redis_store.set("page:a", {"body": b"A"}, keys={"article-1"}, timeout=60, started_at=0)
    redis_store.set("page:b", {"body": b"B"}, keys={"article-2"}, timeout=60, started_at=0)
    assert redis_store.get_many(["page:a", "page:b"]) == {
        "page:a": {"body": b"A"},
        "page:b": {"body": b"B"},
    }
    assert other_machine.purge(["article-1"]) == {"page:a"}
    # This process's memory in front hears of it through the purge channel.
    for _ in range(200):
        if redis_store.get("page:a") is None:
            break
        time.sleep(0.01)
    assert redis_store.get("page:a") is None
    assert redis_store.get("page:b") == {"body": b"B"}


def test_redis_store_refuses_a_render_older_than_a_purge_of_its_keys(redis_store):
    started = time.time()
    redis_store.purge(["article-1"])
    assert not redis_store.set("page:a", "old", keys={"article-1"}, timeout=60, started_at=started)
    assert redis_store.set("page:a", "new", keys={"article-1"}, timeout=60, started_at=time.time())


def test_threads_reading_the_purge_log_together_never_drop_everything(tmp_path):
    """A thread whose look at the log is older than another thread's read is not a log
    started afresh (that once emptied the whole cache several times a second)."""
    import threading

    path = tmp_path / "purge.log"
    web = LocalStore(purge_log=PurgeLog(path))
    worker = PurgeLog(path)
    web.set("page:kept", "K", keys={"article-1"}, timeout=60, started_at=time.time())
    stop = threading.Event()

    def read():
        while not stop.is_set():
            web.get("page:kept")

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for number in range(300):
        worker.append(time.time(), [f"article-{number + 2}"])
    stop.set()
    for reader in readers:
        reader.join(5)
    assert web.get("page:kept") == "K"


def test_redis_store_answers_hits_from_memory_once_its_listener_is_subscribed(redis_store):
    redis_store.get("warm-up")  # starts the listener
    assert redis_store._listening.wait(5)
    redis_store.set("page:a", "A", keys={"article-1"}, timeout=60, started_at=time.time())
    redis_store._redis.delete(redis_store._entry("page:a"))  # gone from Redis only
    assert redis_store.get("page:a") == "A"  # from memory
    redis_store.purge(["article-1"])
    assert redis_store.get("page:a") is None


#: 18 May 2026, 23:50 in Moscow (the site's zone), as seconds since the epoch.
BEFORE_MIDNIGHT = 1779137400.0


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ({"article-1"}, 3600),
        ({"article-1", "day-2026-05-18"}, 600),
        ({"day-2026-12-31", "day-2026-05-18"}, 600),
        ({"day-2026-12-31"}, 3600),
        ({"day-2026-05-17"}, -23 * 3600 - 50 * 60),
        ({"day-not-a-date"}, 3600),
    ],
    ids=["no-day", "today", "earliest-day-wins", "this-year", "yesterday", "malformed"],
)
def test_an_entry_reading_relative_to_a_day_lives_until_its_midnight(keys, expected):
    from polosa.core.taggedcache import lifetime

    assert lifetime(3600, keys, now=BEFORE_MIDNIGHT) == pytest.approx(expected)


def test_an_entry_whose_day_is_over_is_not_stored():
    store = LocalStore()
    past = {"article-1", "day-2001-01-01"}
    assert not store.set("page:old", "вчера", keys=past, timeout=60, started_at=time.time())
    assert store.get("page:old") is None
