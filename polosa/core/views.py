"""Styled error pages (they render without touching the database, so they cannot fail),
and the two probes: ``/healthz`` (liveness) and ``/readyz`` (readiness)."""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

#: How long the readiness key written to Redis lives (it is deleted at once anyway).
READINESS_KEY_SECONDS = 10


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    body = loader.render_to_string("404.html", {"request": request}, request)
    return HttpResponse(body, status=404)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """A plain 400 that never reads the request again (its body may be what was bad)."""
    return HttpResponse(
        "<!doctype html><meta charset=utf-8><title>400</title><h1>Неверный запрос</h1>",
        status=400,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    body = loader.render_to_string("500.html")
    return HttpResponse(body, status=500)


@require_safe
def web_manifest(request: HttpRequest) -> JsonResponse:
    """``/manifest.webmanifest``: the outlet's name and icons for phones' home screens."""
    from django.templatetags.static import static

    from polosa.core.models import OutletSettings

    name = OutletSettings.for_request(request).outlet_name or settings.WAGTAIL_SITE_NAME
    icons = [
        {"src": static(f"polosa/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    manifest = {
        "name": name,
        "short_name": name,
        "lang": "ru",
        "start_url": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#141414",
        "icons": icons,
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which bots, feed readers and old browsers ask for whatever the
    page links: the site's icon (a PNG; every client that asks for it reads PNG)."""
    from django.contrib.staticfiles import finders

    from polosa.core.pagecache import shared_cache_policy

    found = finders.find("polosa/icon-192.png")
    if not found:
        raise Http404
    with open(found, "rb") as icon:
        response = HttpResponse(icon.read(), content_type="image/png")
    # The icon changes with a deploy, never with content: no key to purge it by.
    return shared_cache_policy(response, shared=86400, browser=86400)


def health(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. No database, no cache."""
    return HttpResponse("ok", content_type="text/plain")


# -- readiness ----------------------------------------------------------------------------


class CheckFailed(Exception):
    """A check's expected failure, with the short detail to report."""


def _drop_connection() -> None:
    """Close the default connection after a failure, so the next request opens a fresh
    one instead of reusing a broken one (inside a transaction, as with ATOMIC_REQUESTS or
    in tests, the transaction owns the connection and is left alone)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        with contextlib.suppress(Exception):
            connection.close()


def check_database() -> str:
    """``SELECT 1`` through Django's connection (closed on failure)."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
    except Exception:
        _drop_connection()
        raise
    if not row or row[0] != 1:
        raise CheckFailed(f"SELECT 1 returned {row!r}")
    return f"SELECT 1 on {connection.vendor}"


def check_cache() -> str:
    """A set/get round trip on the tagged store's backend, asked directly: the store's
    "Redis is down, leave it alone for a second" shortcut is bypassed so the probe shows
    what Redis answers now."""
    from polosa.core import taggedcache

    store = taggedcache.store()
    if isinstance(store, taggedcache.LocalStore):
        return "process memory"
    if isinstance(store, taggedcache.RedisStore):
        client = store._redis  # the store's client: its short connect and read timeouts
        token = uuid.uuid4().hex
        key = f"{store.prefix}:readyz:{token}"
        pipe = client.pipeline(transaction=True)
        pipe.set(key, token, ex=READINESS_KEY_SECONDS)
        pipe.get(key)
        pipe.delete(key)
        _, found, _ = pipe.execute()
        if found != token.encode():
            raise CheckFailed("Redis answered the readiness key with another value")
        return "Redis set/get round trip"
    if not store.available():
        raise CheckFailed(f"{type(store).__name__} unavailable")
    return type(store).__name__


def check_worker() -> str:
    """The newest heartbeat of ``polosa worker`` is younger than
    ``POLOSA_WORKER_STALE_SECONDS``."""
    from polosa.core.models import WorkerHeartbeat

    stale_after = float(getattr(settings, "POLOSA_WORKER_STALE_SECONDS", 60))
    try:
        newest = WorkerHeartbeat.newest()
    except Exception:
        _drop_connection()
        raise
    if newest is None:
        raise CheckFailed("no heartbeat: polosa worker has never run")
    age = max(0.0, (timezone.now() - newest.beat_at).total_seconds())
    beat = f"last beat {age:.0f} s ago ({newest.hostname}, pid {newest.pid})"
    if age >= stale_after:
        raise CheckFailed(f"stale: {beat}, limit {stale_after:.0f} s")
    return beat


def _run(check: Callable[[], str]) -> dict:
    started = time.perf_counter()
    try:
        detail, ok = check(), True
    except CheckFailed as failure:
        detail, ok = str(failure), False
    except Exception as error:
        logger.warning("readiness: %s failed (%s: %s)", check.__name__, type(error).__name__, error)
        detail, ok = f"{type(error).__name__}: {error}".strip()[:200], False
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), "detail": detail}


@never_cache
@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database, the page cache's store and the worker, each checked on
    its own. 200 when all are ok; 503 otherwise, ``down`` without the database (nothing
    can be served) and ``degraded`` without the cache or the worker (pages are served,
    slower or with scheduled work waiting), so a load balancer or orchestrator notices."""
    checks = {"database": _run(check_database), "cache": _run(check_cache)}
    if checks["database"]["ok"]:
        checks["worker"] = _run(check_worker)
    else:
        checks["worker"] = {"ok": False, "ms": 0.0, "detail": "unknown: the database is down"}
    if not checks["database"]["ok"]:
        status = "down"
    elif all(check["ok"] for check in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse({"status": status, "checks": checks}, status=200 if status == "ok" else 503)
