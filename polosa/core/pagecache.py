"""Whole-page cache for anonymous readers, with one way to invalidate it.

Public pages are cached whole in the default cache (local memory, or Redis in
production). Every key embeds a *content generation* number; anything that changes what a
public page shows (publishing, unpublishing, a registry change, a new rating) calls
:func:`invalidate_public_pages`, which bumps the number, so every worker process stops
using the old entries at once and they expire on their own.

The same number keys small per-process memos (:func:`per_generation`) of what every page
needs and only publishing changes: the site and its home page, the rubrics, the outlet
settings, the newest articles. A request reads the number once (the middleware pins it
for the request), so a cache miss costs one cache read, not one query per memo.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "polosa:pages:generation"
ARTICLES_GENERATION_KEY = "polosa:articles:generation"
BYPASS_PREFIXES = ("/admin/", "/documents/", "/healthz")

T = TypeVar("T")

#: The generations a public GET is being served at (pages, articles), pinned by the
#: middleware so that one request reads them once.
_pinned: ContextVar[tuple[int, int] | None] = ContextVar("polosa_generations", default=None)
_memo_lock = threading.Lock()
_memo: tuple[int, float, dict[str, object]] = (0, 0.0, {})
#: A memo is also renewed after this long, bounding what a missed bump could leave stale.
MEMO_SECONDS = 60.0


def generation() -> int:
    """The current content generation (the request's pinned one while serving a GET)."""
    pinned = _pinned.get()
    return pinned[0] if pinned is not None else _read_generations()[0]


def articles_generation() -> int:
    """A second number for what articles show of things outside themselves: registry
    labels and decisions, people links, authors, pictures, rubric names, outlet settings.

    Publishing an article or a reader's vote changes listings and blocks, not what other
    articles' own text looks like, so they bump only :func:`generation`, and an article's
    rendered text (keyed by its revision and this number) survives them.
    """
    pinned = _pinned.get()
    return pinned[1] if pinned is not None else _read_generations()[1]


def _read_generations() -> tuple[int, int]:
    shared = caches["shared"]
    keys = (GENERATION_KEY, ARTICLES_GENERATION_KEY)
    found = shared.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            shared.add(key, _first_generation(), timeout=None)
        found = shared.get_many(keys)
    return int(found.get(GENERATION_KEY) or 1), int(found.get(ARTICLES_GENERATION_KEY) or 1)


def _first_generation() -> int:
    """A lost counter (a restarted Redis, an evicted key) starts above every number used
    before, so entries cached under an old number can never come back."""
    return int(time.time() * 1000)


def per_generation(name: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per process and content generation, then the remembered value.

    Only for values every reader sees alike and that change only together with a
    generation bump; callers copy model instances they hand out to be modified.
    """
    global _memo
    current = generation()
    now = time.monotonic()
    memo_generation, born, values = _memo
    if memo_generation != current or now - born > MEMO_SECONDS:
        with _memo_lock:
            if _memo[0] != current or now - _memo[1] > MEMO_SECONDS:
                _memo = (current, now, {})
            values = _memo[2]
    try:
        return values[name]  # type: ignore[return-value]
    except KeyError:
        value = values[name] = compute()
        return value


def forget_memos() -> None:
    """Drop the per-process memos (tests do this between cases)."""
    global _memo
    with _memo_lock:
        _memo = (0, 0.0, {})


def invalidate_public_pages(reason: str = "", *, articles_changed: bool = True) -> None:
    """Drop every cached public page (call after any change readers can see).

    ``articles_changed=False`` says the change leaves every article's own text as it was
    (another article published, a vote counted): their rendered text stays cached.

    The numbers are bumped now and again when the surrounding transaction commits: between
    the two, another process could still read the old rows and cache them under the first
    new number.
    """
    keys = [GENERATION_KEY] + ([ARTICLES_GENERATION_KEY] if articles_changed else [])

    def bump() -> None:
        shared = caches["shared"]
        for key in keys:
            try:
                shared.incr(key)
            except ValueError:
                shared.set(key, _first_generation(), timeout=None)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def cache_key(request: HttpRequest) -> str:
    digest = hashlib.sha1(
        f"{request.get_host()}|{request.get_full_path()}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"polosa:page:{generation()}:{digest}"


def is_cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(BYPASS_PREFIXES):
        return False
    # Logged-in editors (Wagtail's preview, userbar) always get a fresh page.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def is_cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; store fresh ones."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = settings.POLOSA_PAGE_CACHE_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            return self.get_response(request)
        token = _pinned.set(_read_generations())
        try:
            return self.serve_public(request)
        finally:
            _pinned.reset(token)

    def serve_public(self, request: HttpRequest) -> HttpResponse:
        if self.timeout <= 0:
            return self.get_response(request)
        key = cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Polosa-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if is_cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cache.set(key, response, self.timeout)
            response["X-Polosa-Cache"] = "miss"
        return response
