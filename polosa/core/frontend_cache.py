"""Purging the shared cache in front of the app: Varnish by surrogate key, CDNs by URL.

``XkeyVarnishBackend`` is a Wagtail frontend-cache backend (configured through
``WAGTAILFRONTENDCACHE``) that also purges by key: one ``PURGE /`` request with an
``xkey-purge: k1 k2 …`` header drops every object the app tagged with any of those keys
(``deploy/varnish.vcl``); ``xkey-softpurge`` only marks them expired. Failures raise
``PurgeFailed`` instead of being logged and forgotten, so the task that sent the purge is
retried.

Only ``wagtail.contrib.frontend_cache``'s backends and ``get_backends()`` are used; they
work without the app in ``INSTALLED_APPS`` (which would add its own purge-by-URL signal
handlers).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import ProxyHandler, build_opener

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

logger = logging.getLogger("polosa.frontend_cache")

__all__ = [
    "PurgeFailed",
    "XkeyVarnishBackend",
    "chunk_keys",
    "key_purging_backends",
    "url_purging_backends",
]

# The cache is addressed directly: http_proxy and friends from the environment do not apply.
_opener = build_opener(ProxyHandler({}))

MAX_KEYS_PER_REQUEST = 200
MAX_HEADER_BYTES = 4000
DEFAULT_TIMEOUT = 2.0


class PurgeFailed(Exception):
    """The cache did not confirm a purge (unreachable, timed out, or not a 2xx answer)."""


def _check_key(key: str) -> str:
    """A key as it may travel in a header: printable ASCII without spaces or commas."""
    if not key or not key.isascii() or not key.isprintable() or any(c in key for c in " ,"):
        raise ValueError(f"not a valid surrogate key: {key!r}")
    return key


def chunk_keys(
    keys: Iterable[str],
    *,
    max_keys: int = MAX_KEYS_PER_REQUEST,
    max_bytes: int = MAX_HEADER_BYTES,
) -> Iterator[list[str]]:
    """Split ``keys`` (deduplicated, order kept) into lists that fit one purge header.

    Each list has at most ``max_keys`` keys and joins with spaces to at most
    ``max_bytes`` bytes. Raises ``ValueError`` for an invalid key or one longer than
    ``max_bytes`` on its own.
    """
    chunk: list[str] = []
    size = 0
    for key in dict.fromkeys(keys):
        _check_key(key)
        if len(key) > max_bytes:
            raise ValueError(f"surrogate key longer than {max_bytes} bytes: {key[:40]!r}…")
        added = len(key) + (1 if chunk else 0)
        if chunk and (len(chunk) >= max_keys or size + added > max_bytes):
            yield chunk
            chunk, size, added = [], 0, len(key)
        chunk.append(key)
        size += added
    if chunk:
        yield chunk


class XkeyVarnishBackend(HTTPBackend):
    """Wagtail's HTTP (Varnish) backend plus purge by surrogate key through vmod xkey.

    Settings: ``{"BACKEND": "polosa.core.frontend_cache.XkeyVarnishBackend",
    "LOCATION": "http://127.0.0.1:6081", "TIMEOUT": 2.0}`` (``TIMEOUT`` is optional, in
    seconds; ``HOSTNAMES`` as for every Wagtail backend).
    """

    def __init__(self, params: dict) -> None:
        params = dict(params)
        self.timeout: float = float(params.pop("TIMEOUT", DEFAULT_TIMEOUT))
        super().__init__(params)

    def _send(self, request: PurgeRequest, what: str) -> None:
        try:
            with _opener.open(request, timeout=self.timeout) as response:
                status = response.status
                response.read()
        except HTTPError as error:
            raise PurgeFailed(
                f"{self.cache_netloc} answered {error.code} {error.reason} to PURGE {what}"
            ) from error
        except (URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise PurgeFailed(
                f"{self.cache_netloc} unreachable for PURGE {what}: {reason}"
            ) from error
        if not 200 <= status < 300:
            raise PurgeFailed(f"{self.cache_netloc} answered {status} to PURGE {what}")

    def purge_keys(self, keys: Iterable[str], *, soft: bool = False) -> None:
        """Drop every cached object tagged with any of ``keys`` (a hard purge: the next
        reader waits for a fresh copy), or with ``soft=True`` mark them expired (xkey's
        softpurge: the next reader within the object's ``stale-while-revalidate`` gets the
        old copy while Varnish fetches the new one).

        Sends one ``PURGE /`` per chunk (≤ 200 keys, ≤ 4000 header bytes) with
        ``xkey-purge`` or ``xkey-softpurge``. Raises ``PurgeFailed`` on the first chunk the
        cache does not confirm (the caller retries all keys: purging twice is harmless),
        ``ValueError`` for a malformed key.
        """
        url = urlunsplit([self.cache_scheme, self.cache_netloc, "/", "", ""])
        header_name = "xkey-softpurge" if soft else "xkey-purge"
        for chunk in chunk_keys(keys):
            header = " ".join(chunk)
            request = PurgeRequest(
                url=url,
                headers={
                    header_name: header,
                    "User-Agent": "Polosa-frontendcache (Wagtail/" + wagtail_version + ")",
                },
            )
            self._send(request, f"keys {header[:80]}")
            logger.debug(
                "%spurged %d keys at %s", "soft-" if soft else "", len(chunk), self.cache_netloc
            )

    def purge(self, url: str) -> None:
        """Purge one URL (``PURGE /path`` with the page's Host), as Wagtail's HTTPBackend does.

        Unlike Wagtail's, it has a timeout and raises ``PurgeFailed`` instead of logging.
        """
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        request = PurgeRequest(
            url=urlunsplit(
                [self.cache_scheme, self.cache_netloc, parts.path or "/", parts.query, ""]
            ),
            headers={
                "Host": host,
                "User-Agent": "Polosa-frontendcache (Wagtail/" + wagtail_version + ")",
            },
        )
        self._send(request, url)


def _backends(backend_settings: dict | None = None) -> list:
    from wagtail.contrib.frontend_cache.utils import get_backends

    return list(get_backends(backend_settings).values())


def key_purging_backends(backend_settings: dict | None = None) -> list:
    """Configured frontend-cache backends that purge by surrogate key (have ``purge_keys``).

    ``backend_settings`` defaults to ``settings.WAGTAILFRONTENDCACHE``; none configured → ``[]``.
    """
    return [backend for backend in _backends(backend_settings) if hasattr(backend, "purge_keys")]


def url_purging_backends(backend_settings: dict | None = None) -> list:
    """Configured backends that only purge URLs (Cloudflare, CloudFront, plain HTTP)."""
    return [
        backend for backend in _backends(backend_settings) if not hasattr(backend, "purge_keys")
    ]
