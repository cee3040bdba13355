"""Anonymous reads from a PostgreSQL read replica; writes and editors on the primary.

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database and
:class:`ReplicaRouter`. :class:`ReplicaReadsMiddleware` marks a request as a reader's —
a ``GET`` or ``HEAD`` without a session cookie, outside the admin — and only then do
reads go to the replica; everything else (editors, forms, votes, the worker, commands)
reads and writes the primary, so an editor always sees what they just saved.

The replica should apply a commit before the primary reports it
(``synchronous_commit = remote_apply`` with the replica in ``synchronous_standby_names``):
purges run on commit, and a page re-rendered from a replica still behind would be stored
stale until the next purge (README, «С одной машины на несколько»).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_reader: ContextVar[bool] = ContextVar("polosa_replica_reader", default=False)


def is_reader_request(request: HttpRequest) -> bool:
    """A reader's request: nothing written, no session (so no editor), not the admin."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith("/admin")
    )


@contextmanager
def reading_for_readers():
    token = _reader.set(True)
    try:
        yield
    finally:
        _reader.reset(token)


class ReplicaRouter:
    """Reads of a reader's request to the replica; every other read and all writes and
    migrations to ``default``."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reader.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database, two copies

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_reader_request(request):
            return self.get_response(request)
        with reading_for_readers():
            return self.get_response(request)
