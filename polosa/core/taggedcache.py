"""A cache whose entries are stored under surrogate keys and purged by them.

Pages, fragments and the few values every page needs (the site, the rubrics, the outlet
settings) are stored with the keys of the data they hold; :meth:`TaggedStore.purge` drops
every entry of a key at once. There are no generation numbers to bump: an entry is either
stored under the keys it shows, or absent.

Two backends:

* :class:`RedisStore` (``REDIS_URL``): entries and a set of entry names per key in Redis,
  shared by every process and machine. Redis down is not a site outage: every call
  answers "absent" or does nothing, a purge that could not reach Redis is retried by a
  task, and after a failure Redis is left alone for a second before being asked again.
* :class:`LocalStore` (the embedded default): entries in this process's memory (no
  pickling: a hit is a dict lookup). Purges reach the other processes of the machine (web
  workers, ``polosa worker``, ``polosa legal import``) through an append-only *purge log*
  under ``var/cache``: each process reads what was appended since its last request, one
  ``stat`` call when nothing was.

A render that started before a purge of one of its keys is not stored
(:meth:`TaggedStore.set` takes the time the render started): it may have read the rows the
purge was for, before their transaction committed. An entry under a day key
(:func:`polosa.core.surrogate.day`: it reads «сегодня») is kept no later than that day's
midnight (:func:`lifetime`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime, timedelta
from datetime import time as midnight
from pathlib import Path
from typing import Any

from polosa.core import surrogate

logger = logging.getLogger(__name__)

#: How long a purge is remembered for refusing renders that started before it.
PURGE_MEMORY_SECONDS = 120.0
#: After a Redis failure, how long to serve uncached before asking Redis again.
REDIS_RETRY_SECONDS = 1.0
#: How long the memory in front of Redis keeps an entry nobody purged.
MEMORY_SECONDS = 300.0


def lifetime(timeout: float, keys: Iterable[str], *, now: float | None = None) -> float:
    """``timeout`` seconds, cut at the local midnight that ends the day named by the day
    keys among ``keys`` (:func:`polosa.core.surrogate.last_day`); zero or less once it has
    passed. ``now``: seconds since the epoch (this moment by default)."""
    last = surrogate.last_day(keys)
    if last is None:
        return timeout
    from django.utils import timezone

    zone = timezone.get_current_timezone()
    end = datetime.combine(last + timedelta(days=1), midnight(), tzinfo=zone)
    return min(timeout, end.timestamp() - (time.time() if now is None else now))


class PurgeNotDelivered(Exception):
    """A purge did not reach the store (Redis down); the caller retries it."""


class TaggedStore:
    """Entries stored under surrogate keys (see the module docstring)."""

    def get(self, name: str) -> Any | None:
        raise NotImplementedError

    def get_many(self, names: Iterable[str]) -> dict[str, Any]:
        raise NotImplementedError

    def set(
        self, name: str, value: Any, *, keys: Iterable[str], timeout: float, started_at: float
    ) -> bool:
        """Store ``value`` under ``keys`` unless one of them was purged at or after
        ``started_at``; ``True`` if stored."""
        raise NotImplementedError

    def purge(self, keys: Iterable[str]) -> set[str]:
        """Drop every entry stored under any of ``keys``; returns the dropped names."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def available(self) -> bool:
        return True

    def close(self) -> None:
        """Release what the store holds open (nothing, unless it says otherwise)."""


# -- local memory + purge log -------------------------------------------------------------


class PurgeLog:
    """Purges appended to a file that every process of the machine reads.

    One line per purge: the time, then the keys. Writes are single ``O_APPEND`` writes of
    whole lines, so concurrent writers never interleave. When the file grows past
    ``max_bytes`` a writer starts a new one (a new inode: the file is never truncated in
    place); readers that notice the new file drop everything they have, which is always
    safe.
    """

    def __init__(self, path: Path, max_bytes: int = 1 << 20) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._identity: tuple[int, int] | None = None
        self._offset = 0
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path.touch(exist_ok=True)
        stat = self.path.stat()
        self._identity, self._offset = (stat.st_dev, stat.st_ino), stat.st_size

    def append(self, at: float, keys: Iterable[str]) -> None:
        line = (f"{at:.6f} " + " ".join(keys) + "\n").encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        if size > self.max_bytes:
            fresh = self.path.with_suffix(f".{os.getpid()}.new")
            fresh.write_bytes(b"")
            os.replace(fresh, self.path)

    def read_new(self) -> list[tuple[float, list[str]]] | None:
        """Purges appended by any process since the last call; ``None``: start afresh."""
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            self.path.touch(exist_ok=True)
            return None
        identity = (stat.st_dev, stat.st_ino)
        if identity == self._identity and stat.st_size == self._offset:
            return []
        with self._lock:
            if identity != self._identity:
                self._identity, self._offset = identity, stat.st_size
                return None
            if stat.st_size <= self._offset:
                return []  # another thread of this process read it meanwhile
            with open(self.path, "rb") as log:
                log.seek(self._offset)
                data = log.read(stat.st_size - self._offset)
            complete = data.rfind(b"\n") + 1
            self._offset += complete
        purges = []
        for raw in data[:complete].decode(errors="replace").splitlines():
            at, _, keys = raw.partition(" ")
            try:
                purges.append((float(at), keys.split()))
            except ValueError:
                continue
        return purges


class LocalStore(TaggedStore):
    """This process's memory, bounded in entries (least recently used go first)."""

    def __init__(self, max_entries: int = 20000, purge_log: PurgeLog | None = None) -> None:
        self.max_entries = max_entries
        self.purge_log = purge_log
        self._entries: OrderedDict[str, tuple[Any, float, frozenset[str]]] = OrderedDict()
        self._by_key: dict[str, set[str]] = {}
        self._purged: dict[str, float] = {}
        self._lock = threading.RLock()

    def _sync(self) -> None:
        if self.purge_log is None:
            return
        purges = self.purge_log.read_new()
        if purges is None:
            self._drop_all()
            return
        for at, keys in purges:
            self._drop(keys, at)

    def get(self, name: str) -> Any | None:
        self._sync()
        return self._get(name)

    def _get(self, name: str) -> Any | None:
        found = self._entries.get(name)
        if found is None:
            return None
        value, expires, _ = found
        if expires < time.monotonic():
            with self._lock:
                self._remove(name)
            return None
        return value

    def get_many(self, names: Iterable[str]) -> dict[str, Any]:
        self._sync()
        out = {}
        for name in names:
            value = self._get(name)
            if value is not None:
                out[name] = value
        return out

    def set(self, name, value, *, keys, timeout, started_at) -> bool:
        self._sync()
        keys = frozenset(keys)
        timeout = lifetime(timeout, keys)
        if timeout <= 0:
            return False
        with self._lock:
            if any(self._purged.get(key, 0.0) >= started_at for key in keys):
                return False
            self._remove(name)
            self._entries[name] = (value, time.monotonic() + timeout, keys)
            for key in keys:
                self._by_key.setdefault(key, set()).add(name)
            while len(self._entries) > self.max_entries:
                self._remove(next(iter(self._entries)))
        return True

    def purge(self, keys: Iterable[str]) -> set[str]:
        keys = list(dict.fromkeys(keys))
        at = time.time()
        self._sync()
        dropped = self._drop(keys, at)
        if self.purge_log is not None and keys:
            self.purge_log.append(at, keys)
            self.purge_log.read_new()  # our own line: already applied
        return dropped

    def _drop(self, keys: Iterable[str], at: float) -> set[str]:
        dropped: set[str] = set()
        with self._lock:
            for key in keys:
                self._purged[key] = max(self._purged.get(key, 0.0), at)
                for name in self._by_key.pop(key, ()):
                    if self._remove(name):
                        dropped.add(name)
            if len(self._purged) > 10000:
                horizon = time.time() - PURGE_MEMORY_SECONDS
                self._purged = {k: t for k, t in self._purged.items() if t >= horizon}
        return dropped

    def _remove(self, name: str) -> bool:
        found = self._entries.pop(name, None)
        if found is None:
            return False
        for key in found[2]:
            names = self._by_key.get(key)
            if names is not None:
                names.discard(name)
                if not names:
                    del self._by_key[key]
        return True

    def _drop_all(self) -> None:
        with self._lock:
            self._entries.clear()
            self._by_key.clear()
            self._purged = {}

    def clear(self) -> None:
        self._drop_all()


# -- Redis --------------------------------------------------------------------------------


class RedisStore(TaggedStore):
    """Entries and per-key sets of entry names in Redis (see the module docstring), with
    this process's memory in front.

    Every purge is also published on a Redis channel; each process listens on it from a
    thread and drops the purged keys from its memory, so a hit is a dict lookup, as with
    the local store, and no process serves what another one purged. While the listener is
    not subscribed (Redis down, reconnecting) the memory is emptied and not used.
    """

    def __init__(self, url: str, prefix: str = "polosa", memory_entries: int = 20000) -> None:
        import redis

        self._redis = redis.Redis.from_url(
            url, socket_connect_timeout=0.25, socket_timeout=0.5, health_check_interval=10
        )
        self._listener_redis = redis.Redis.from_url(
            url, socket_connect_timeout=0.25, socket_timeout=None, health_check_interval=0
        )
        self._errors = (redis.exceptions.RedisError, OSError)
        self.prefix = f"{prefix}:tc1"  # the format of what is stored: a new one, a new prefix
        self.channel = f"{self.prefix}:purges"
        self._down_until = 0.0
        self.memory = LocalStore(memory_entries)
        self._listening = threading.Event()
        self._closed = threading.Event()
        self._listener_pid = 0
        self._listener_lock = threading.Lock()

    def _entry(self, name: str) -> str:
        return f"{self.prefix}:e:{name}"

    def _members(self, key: str) -> str:
        return f"{self.prefix}:k:{key}"

    def _stamp(self, key: str) -> str:
        return f"{self.prefix}:p:{key}"

    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, error: Exception) -> None:
        if self.available():
            logger.warning("tagged cache: Redis unavailable (%s); serving uncached", error)
        self._down_until = time.monotonic() + REDIS_RETRY_SECONDS

    # -- the memory in front and its listener --------------------------------------------

    def _memory(self) -> LocalStore | None:
        """The memory in front, when the purge listener of this process is subscribed."""
        if self._listener_pid != os.getpid():
            self._start_listener()
        return self.memory if self._listening.is_set() else None

    def _start_listener(self) -> None:
        with self._listener_lock:
            if self._listener_pid == os.getpid():
                return
            self._listener_pid = os.getpid()  # a forked worker starts its own
            self._listening.clear()
            self.memory.clear()
            threading.Thread(target=self._listen, name="polosa-purge-listener", daemon=True).start()

    def close(self) -> None:
        """Stop this store's listener (tests replace stores; a process keeps one)."""
        self._closed.set()
        self._listening.clear()

    def _listen(self) -> None:
        while not self._closed.is_set():
            pubsub = self._listener_redis.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self.channel)
                while pubsub.get_message(timeout=1.0) is None and not pubsub.subscribed:
                    pass
                if not self._closed.is_set():
                    self._listening.set()
                idle = 0.0
                while not self._closed.is_set():
                    message = pubsub.get_message(timeout=0.2)
                    if message is None:
                        idle += 0.2
                        if idle >= 5.0:  # a dead connection shows on the next ping
                            pubsub.ping()
                            idle = 0.0
                        continue
                    if message.get("type") == "message":
                        at, _, keys = message["data"].decode().partition(" ")
                        self.memory._drop(keys.split(), float(at))
            except Exception as error:  # noqa: BLE001 - any failure: stop trusting memory
                if self._listening.is_set():
                    logger.warning("tagged cache: purge listener lost (%s)", error)
                self._listening.clear()
                self.memory.clear()
                with contextlib.suppress(Exception):
                    pubsub.close()
                self._closed.wait(REDIS_RETRY_SECONDS)
        with contextlib.suppress(Exception):
            pubsub.close()

    # -- the store ------------------------------------------------------------------------

    def get(self, name: str) -> Any | None:
        return self.get_many([name]).get(name)

    def get_many(self, names: Iterable[str]) -> dict[str, Any]:
        names = list(names)
        if not names:
            return {}
        memory = self._memory()
        found = memory.get_many(names) if memory is not None else {}
        missing = [name for name in names if name not in found]
        if not missing or not self.available():
            return found
        started_at = time.time()
        try:
            raws = self._redis.mget([self._entry(name) for name in missing])
        except self._errors as error:
            self._failed(error)
            return found
        for name, raw in zip(missing, raws, strict=True):
            if raw is None:
                continue
            value, keys = pickle.loads(raw)
            found[name] = value
            if memory is not None:
                memory.set(name, value, keys=keys, timeout=MEMORY_SECONDS, started_at=started_at)
        return found

    def set(self, name, value, *, keys, timeout, started_at) -> bool:
        if not self.available():
            return False
        keys = sorted(set(keys))
        timeout = lifetime(timeout, keys)
        if timeout < 1:
            return False
        try:
            if keys:
                stamps = self._redis.mget([self._stamp(key) for key in keys])
                if any(stamp is not None and float(stamp) >= started_at for stamp in stamps):
                    return False
            seconds = max(1, int(timeout))
            stored = pickle.dumps((value, keys), pickle.HIGHEST_PROTOCOL)
            pipe = self._redis.pipeline(transaction=False)
            pipe.set(self._entry(name), stored, ex=seconds)
            for key in keys:
                pipe.sadd(self._members(key), name)
                pipe.expire(self._members(key), seconds + 60, gt=True)
                pipe.expire(self._members(key), seconds + 60, nx=True)
            pipe.execute()
        except self._errors as error:
            self._failed(error)
            return False
        memory = self._memory()
        if memory is not None:
            memory.set(name, value, keys=keys, timeout=MEMORY_SECONDS, started_at=started_at)
        return True

    def purge(self, keys: Iterable[str]) -> set[str]:
        keys = sorted(set(keys))
        if not keys:
            return set()
        at = time.time()
        self.memory._drop(keys, at)
        try:
            pipe = self._redis.pipeline(transaction=False)
            for key in keys:
                pipe.set(self._stamp(key), f"{at:.6f}", ex=int(PURGE_MEMORY_SECONDS))
                pipe.smembers(self._members(key))
                pipe.delete(self._members(key))
            results = pipe.execute()
            names = {member.decode() for members in results[1::3] for member in (members or ())}
            if names:
                self._redis.delete(*[self._entry(name) for name in names])
            self._redis.publish(self.channel, f"{at:.6f} " + " ".join(keys))
        except self._errors as error:
            self._failed(error)
            raise PurgeNotDelivered(str(error)) from error
        self._down_until = 0.0
        return names

    def clear(self) -> None:
        self.memory.clear()
        try:
            cursor = 0
            while True:
                cursor, found = self._redis.scan(cursor, match=f"{self.prefix}:*", count=1000)
                if found:
                    self._redis.delete(*found)
                if cursor == 0:
                    break
            self._redis.publish(self.channel, f"{time.time():.6f} site")
        except self._errors as error:
            self._failed(error)
        self._down_until = 0.0


def hashed(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()


_store: TaggedStore | None = None
_store_lock = threading.Lock()


def store() -> TaggedStore:
    """The process's store, made from the settings on first use."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                _store = _make_store()
    return _store


def _make_store() -> TaggedStore:
    from django.conf import settings

    if settings.REDIS_URL:
        return RedisStore(
            settings.REDIS_URL,
            prefix=settings.POLOSA_CACHE_PREFIX or "polosa",
            memory_entries=settings.POLOSA_PAGE_CACHE_MAX_ENTRIES,
        )
    purge_log = None
    if settings.POLOSA_PURGE_LOG:
        try:
            purge_log = PurgeLog(Path(settings.POLOSA_PURGE_LOG))
        except OSError as error:
            logger.warning(
                "purge log %s not writable (%s): purges made by other processes "
                "(the worker, imports) reach this one only when its entries expire",
                settings.POLOSA_PURGE_LOG,
                error,
            )
    return LocalStore(settings.POLOSA_PAGE_CACHE_MAX_ENTRIES, purge_log)


def reset_store() -> None:
    """Forget the store (tests switch settings)."""
    global _store
    with _store_lock:
        if _store is not None:
            _store.close()
        _store = None


def remember(name: str, compute, *, keys: Iterable[str], timeout: float = 3600.0):
    """``compute()`` stored under ``keys`` until one of them is purged.

    For values many requests need and few writes change (the site, the rubrics, the outlet
    settings). Callers copy model instances they hand out to be modified. Every value is
    also stored under ``site``, which a whole-site purge names.
    """
    keys = {*keys, surrogate.SITE}
    cache = store()
    value = cache.get(name)
    if value is not None:
        return value[0]
    started_at = time.time()
    value = compute()
    cache.set(name, (value,), keys=keys, timeout=timeout, started_at=started_at)
    return value
