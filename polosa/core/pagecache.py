"""Whole-page cache for anonymous readers, with one way to invalidate it.

Public pages are cached whole in the default cache (local memory, or Redis in
production). Every key embeds a *content generation* number; anything that changes what a
public page shows (publishing, unpublishing, a registry change, a new rating) calls
:func:`invalidate_public_pages`, which bumps the number, so every worker process stops
using the old entries at once and they expire on their own.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "polosa:pages:generation"
BYPASS_PREFIXES = ("/admin/", "/documents/", "/healthz")


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def invalidate_public_pages(reason: str = "") -> None:
    """Drop every cached public page (call after any change readers can see)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


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
        if self.timeout <= 0 or not is_cacheable_request(request):
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
