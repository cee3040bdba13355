"""Facts about the request that depend on how the site is deployed."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The reader's IP address, as seen through ``POLOSA_TRUSTED_PROXIES`` proxies.

    Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's address, so per-IP limits would
    count every reader as one. Each trusted proxy appends the address it saw to
    ``X-Forwarded-For``; the client is the entry that many places from the right. Entries
    further left are whatever the client sent and are never trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "POLOSA_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return forwarded[0] if forwarded else remote
    return forwarded[-proxies]
