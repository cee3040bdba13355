"""Django's cache on Redis that fails fast while Redis is unreachable.

django-redis with ``IGNORE_EXCEPTIONS`` answers "absent" when Redis is down, but every call
still waits for its socket timeout: against a hung Redis host a page with a dozen cache
calls (Wagtail's site root paths, renditions, rate limits) took seconds. After a failure
this client skips Redis for :data:`RETRY_SECONDS`, like the tagged store does
(:class:`polosa.core.taggedcache.RedisStore`), and asks it again by itself afterwards.
"""

from __future__ import annotations

import functools
import time

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted

RETRY_SECONDS = 1.0
_down_until = 0.0

#: The operations Polosa, Wagtail and Django's own code use on the default cache.
OPERATIONS = (
    "add",
    "decr",
    "delete",
    "delete_many",
    "get",
    "get_many",
    "has_key",
    "incr",
    "set",
    "set_many",
    "touch",
    "ttl",
    "expire",
)


def _fail_fast(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        global _down_until
        if time.monotonic() < _down_until:
            raise ConnectionInterrupted(connection=None)
        try:
            return method(self, *args, **kwargs)
        except ConnectionInterrupted:
            _down_until = time.monotonic() + RETRY_SECONDS
            raise

    return wrapper


class FailFastClient(DefaultClient):
    """django-redis's default client, skipping Redis for a second after it failed."""


for _name in OPERATIONS:
    setattr(FailFastClient, _name, _fail_fast(getattr(DefaultClient, _name)))


def reset() -> None:
    """Ask Redis again at the next call (tests)."""
    global _down_until
    _down_until = 0.0
