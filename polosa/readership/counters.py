"""Article views, counted without a database write per request.

A view is counted once per reader (address and browser) and article in
:func:`~polosa.readership.conf.repeat_seconds`, and at most
:func:`~polosa.readership.conf.per_address_limit` views per address in ten minutes. Views
are kept per hour, so the last 24 or 168 hours are a sum of hours.

* :class:`RedisCounter` (``REDIS_URL``): one round trip per view (a script: the repeat
  check, the address limit and ``ZINCRBY`` of the article in the hour's sorted set,
  which expires after :data:`~polosa.readership.conf.KEEP_HOURS`); the ranking is a
  ``ZUNIONSTORE`` of the hours. Shared by every process and machine. Redis down: nothing
  is counted for a second, and nothing fails.
* :class:`TallyCounter` (the embedded default): a tally in this process's memory, handed
  every :func:`~polosa.readership.conf.flush_seconds` to the worker as a task
  (``flush_reads``: one row in the task queue per process per interval, not per view),
  which adds it to :class:`~polosa.readership.models.ArticleReads` exactly once. Repeat
  checks and the address limit are this process's own (several processes let a reader
  count once in each). What a process holds when it is killed is lost; a normal exit
  hands it over.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import threading
import time
import uuid
from collections import Counter, OrderedDict
from datetime import UTC, datetime

from django.conf import settings

from polosa.readership import conf

logger = logging.getLogger(__name__)

#: Readers remembered for the repeat check in one process's memory.
MAX_REMEMBERED = 100_000
#: After a Redis failure, how long to count nothing before asking Redis again.
REDIS_RETRY_SECONDS = 1.0


def hour_of(moment: float) -> int:
    """The hour a moment falls in, as hours since the epoch."""
    return int(moment // 3600)


def hour_start(hour: int) -> datetime:
    return datetime.fromtimestamp(hour * 3600, UTC)


def digest(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()[:20]


class ReadCounter:
    def count(self, article_id: int, *, address: str, agent: str, now: float) -> bool:
        """Count a view unless it repeats one or the address is over its limit; ``True``
        if counted."""
        raise NotImplementedError

    def top(self, hours: int, limit: int, now: float) -> list[tuple[int, int]] | None:
        """The most read articles of the last ``hours`` (this one included) as
        ``(article id, views)``, most first; ``None`` when the counts cannot be read."""
        raise NotImplementedError

    def flush(self) -> None:
        """Hand over what this process holds (nothing to do when counts are shared)."""


_COUNT_SCRIPT = """
if tonumber(ARGV[1]) > 0 then
  if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
end
local views = redis.call('INCR', KEYS[2])
if views == 1 then redis.call('EXPIRE', KEYS[2], ARGV[2]) end
if views > tonumber(ARGV[3]) then return 0 end
redis.call('ZINCRBY', KEYS[3], 1, ARGV[4])
redis.call('EXPIRE', KEYS[3], ARGV[5])
return 1
"""


class RedisCounter(ReadCounter):
    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_connect_timeout=0.25, socket_timeout=0.5)
        self._errors = (redis.exceptions.RedisError, OSError)
        self._script = self._redis.register_script(_COUNT_SCRIPT)
        self.prefix = f"{prefix}:reads"
        self._down_until = 0.0

    def hour_key(self, hour: int) -> str:
        return f"{self.prefix}:h:{hour}"

    def count(self, article_id: int, *, address: str, agent: str, now: float) -> bool:
        if time.monotonic() < self._down_until:
            return False
        limit, window = conf.per_address_limit()
        keys = [
            f"{self.prefix}:seen:{digest(address, agent, str(article_id))}",
            f"{self.prefix}:addr:{digest(address)}:{int(now // window)}",
            self.hour_key(hour_of(now)),
        ]
        arguments = [conf.repeat_seconds(), window, limit, article_id, conf.KEEP_HOURS * 3600]
        try:
            return bool(self._script(keys=keys, args=arguments))
        except self._errors as error:
            self._down_until = time.monotonic() + REDIS_RETRY_SECONDS
            logger.warning("views not counted: Redis unreachable (%s)", error)
            return False

    def top(self, hours: int, limit: int, now: float) -> list[tuple[int, int]] | None:
        last = hour_of(now)
        hour_keys = [self.hour_key(hour) for hour in range(last - hours + 1, last + 1)]
        union = f"{self.prefix}:union:{uuid.uuid4().hex}"
        try:
            pipe = self._redis.pipeline(transaction=False)
            pipe.zunionstore(union, hour_keys)
            pipe.zrevrange(union, 0, limit - 1, withscores=True)
            pipe.delete(union)
            _, ranked, _ = pipe.execute()
        except self._errors as error:
            logger.warning("most read not ranked: Redis unreachable (%s)", error)
            return None
        return [(int(member), int(views)) for member, views in ranked]


class TallyCounter(ReadCounter):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._tally: Counter[tuple[int, int]] = Counter()
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._addresses: Counter[tuple[str, int]] = Counter()
        self._flushed_at = time.monotonic()
        atexit.register(self.flush)

    def _forked(self) -> None:
        # A forked child got its parent's tally: the parent hands that over, not the child.
        if os.getpid() != self._pid:
            self._pid = os.getpid()
            self._tally.clear()
            self._flushed_at = time.monotonic()

    def count(self, article_id: int, *, address: str, agent: str, now: float) -> bool:
        limit, window = conf.per_address_limit()
        repeat = conf.repeat_seconds()
        with self._lock:
            self._forked()
            if repeat:
                reader = digest(address, agent, str(article_id))
                if self._seen.get(reader, 0.0) > now:
                    return False
                self._seen[reader] = now + repeat
                self._seen.move_to_end(reader)
                while len(self._seen) > MAX_REMEMBERED:
                    self._seen.popitem(last=False)
            current = int(now // window)
            address_key = (digest(address), current)
            if address_key not in self._addresses:
                for key in [key for key in self._addresses if key[1] != current]:
                    del self._addresses[key]
            self._addresses[address_key] += 1
            if self._addresses[address_key] > limit:
                return False
            self._tally[(hour_of(now), article_id)] += 1
            due = time.monotonic() - self._flushed_at >= conf.flush_seconds()
        if due:
            self.flush()
        return True

    def pending(self) -> dict[tuple[int, int], int]:
        """What this process counted and has not handed over yet."""
        with self._lock:
            return dict(self._tally)

    def flush(self) -> None:
        from polosa.readership.tasks import flush_reads

        with self._lock:
            self._forked()
            tally, self._tally = self._tally, Counter()
            self._flushed_at = time.monotonic()
        if not tally:
            return
        rows = [[article_id, hour, views] for (hour, article_id), views in sorted(tally.items())]
        try:
            flush_reads.enqueue(uuid.uuid4().hex, rows)
        except Exception:
            logger.exception("views of %d articles kept for the next hand-over", len(rows))
            with self._lock:
                self._tally.update(tally)

    def top(self, hours: int, limit: int, now: float) -> list[tuple[int, int]] | None:
        from django.db.models import Sum

        from polosa.readership.models import ArticleReads

        since = hour_start(hour_of(now) - hours + 1)
        ranked = (
            ArticleReads.objects.filter(hour__gte=since)
            .values("article_id")
            .annotate(views=Sum("count"))
            .order_by("-views", "-article_id")[:limit]
        )
        return [(row["article_id"], row["views"]) for row in ranked]


_counter: ReadCounter | None = None
_counter_lock = threading.Lock()


def counter() -> ReadCounter:
    """This process's counter, made from the settings on first use."""
    global _counter
    if _counter is None:
        with _counter_lock:
            if _counter is None:
                if settings.REDIS_URL:
                    _counter = RedisCounter(settings.REDIS_URL, settings.POLOSA_CACHE_PREFIX)
                else:
                    _counter = TallyCounter()
    return _counter


def reset_counter() -> None:
    """Forget the counter (tests switch settings); a tally is dropped, not handed over."""
    global _counter
    with _counter_lock:
        if isinstance(_counter, TallyCounter):
            atexit.unregister(_counter.flush)
        _counter = None
