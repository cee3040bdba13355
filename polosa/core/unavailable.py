"""A database that cannot answer or cannot write: a 503 with a clear message, not a 500.

PostgreSQL restarting, a full disk under ``var/`` (SQLite's "database or disk is full", no
space left writing a picture's rendition): the reader is told, in Russian, that the site
cannot answer or save right now and to try again shortly, with ``Retry-After`` and no
caching; JSON clients (the vote endpoint) get the message as JSON. Any other database
error (a missing table, a broken constraint) is a bug and stays a 500.

The page is rendered without a request context: context processors would ask the
database that just failed.
"""

from __future__ import annotations

import errno
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
# SQLite reports a full disk, a failing disk and a file it cannot open as OperationalError,
# as it does a missing table; only these messages mean "not now" rather than "a bug".
_SQLITE_UNAVAILABLE = (
    "database or disk is full",
    "disk i/o error",
    "unable to open database file",
    "database is locked",
)


def unavailable_reason(error: BaseException) -> str | None:
    """``"full"`` (nothing can be saved), ``"down"`` (the database does not answer) or
    ``None`` when ``error`` is not about the database or disk being unavailable."""
    if isinstance(error, OSError) and error.errno in _NO_SPACE:
        return "full"
    if isinstance(error, InterfaceError):
        return "down"
    if not isinstance(error, OperationalError):
        return None
    cause = error.__cause__
    if type(cause).__module__ == "sqlite3":
        message = str(error).lower()
        if "full" in message:
            return "full"
        return "down" if any(text in message for text in _SQLITE_UNAVAILABLE) else None
    if type(cause).__name__ == "DiskFull":  # PostgreSQL could not extend a file
        return "full"
    return "down"  # PostgreSQL: an OperationalError is the connection, not the query


def unavailable_response(request: HttpRequest, reason: str) -> HttpResponse:
    if reason == "full":
        message = gettext(
            "Не удалось сохранить изменения: на сервере закончилось место. "
            "Попробуйте чуть позже — мы уже разбираемся."
        )
    else:
        message = gettext(
            "База данных сайта сейчас не отвечает. Попробуйте обновить страницу через минуту."
        )
    if "application/json" in request.headers.get("Accept", "") or (
        request.content_type == "application/json"
    ):
        response: HttpResponse = JsonResponse({"ok": False, "error": message}, status=503)
    else:
        html = loader.get_template("503.html").render({"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Turns a view's "database unavailable" error into :func:`unavailable_response`.

    Place it early in ``MIDDLEWARE`` (right after the page cache): ``process_exception``
    hooks run bottom-up, so the middlewares below it see the error first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        reason = unavailable_reason(exception)
        if reason is None:
            return None
        logger.warning("%s %s: database %s: %s", request.method, request.path, reason, exception)
        return unavailable_response(request, reason)
