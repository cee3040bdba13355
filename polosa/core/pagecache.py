"""Polosa's own page cache: anonymous responses stored under their surrogate keys.

Every cacheable anonymous GET is stored whole in the tagged store
(:mod:`polosa.core.taggedcache`) under the keys its rendering declared
(:mod:`polosa.core.surrogate`); a write purges exactly those keys
(:func:`polosa.core.purge.purge_keys`). There are no generation numbers: one publication
drops the pages that show the article and the lists it enters, nothing else.

Blocks shown on many pages («Читайте также», the ratings block) are *fragments*: the page
holds ``<esi:include src="/_fragments/…"/>`` and each fragment is a cached response of its
own, with its own keys. Behind Varnish (which announces ``Surrogate-Capability: …ESI/1.0``)
the page goes out as it is and Varnish assembles it; otherwise Polosa assembles it here,
from the cached fragments, rendering only the missing ones.

A page is stored under its host, its path and the query parameters public views read
(:data:`KEY_PARAMETERS`, in one order, :func:`key_query`): ``?utm_source=…`` or a crawler's
``?x=1…N`` find the same entry instead of making new ones. While a page renders,
``request.GET`` records what the view read (:class:`ReadRecorder`); a page that read a
parameter the key leaves out, or was given a known one it never read, is not stored.

Hits are answered before any other work: :class:`PageCacheApplication` wraps the WSGI
application and answers a hit before Django builds a request or runs any middleware;
:class:`PublicPageCacheMiddleware`, first in the stack, answers hits that come through
Django's own handler (the test client), stores misses, and lets concurrent misses of one
page in a process wait for one render.
"""

from __future__ import annotations

import codecs
import io
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode

from django.conf import settings
from django.core.handlers.wsgi import get_path_info
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.http import parse_header_parameters
from django.utils.log import log_response
from django.utils.safestring import SafeString, mark_safe

from polosa.core import surrogate, taggedcache

BYPASS_PREFIXES = ("/admin/", "/documents/", "/healthz", "/readyz", "/static/", "/media/")
logger = logging.getLogger(__name__)

PAGE_PREFIX = "page:"
#: Where fragments live (``/_fragments/article-aside/``…).
FRAGMENTS_PREFIX = "/_fragments/"
#: How long a reader waits for another request of the same process rendering its page.
COALESCE_SECONDS = 10.0
#: Pages being rendered in this process, each with an event set when it is done.
_rendering: dict[str, threading.Event] = {}
_rendering_lock = threading.Lock()
ESI_CAPABILITY = "ESI/1.0"
ESI_INCLUDE = re.compile(rb'<esi:include src="([^"]+)"\s*/>')
#: Headers a stored response never keeps: they belong to one delivery.
UNSTORED_HEADERS = {
    "set-cookie",
    "x-polosa-cache",
    "surrogate-key",
    "surrogate-control",
    # Both describe the body as stored; an assembled page gets its own.
    "content-length",
    "etag",
}


@dataclass(frozen=True)
class Entry:
    """A stored response: what a hit sends, and the fragments it includes."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    keys: frozenset[str]
    includes: tuple[str, ...]
    etag: str


#: The query parameters public views read (``request.GET``): a list's page
#: (:func:`page_number`), the search's ``q``, ``rubric``, ``kind`` and ``period``, the
#: ratings' ``sort``, the directory's ``category``, ``letter`` and ``q``, a title's ``voted``
#: (its thanks) and a sitemap's ``p`` (Django's sitemap view). Only these make page-cache
#: entries of their own; any other (``utm_source``, ``fbclid``, a crawler's ``?x=1…N``) is
#: left out of the key.
#: A view that reads a parameter missing here is never stored (see :class:`ReadRecorder`),
#: so this list can be incomplete but never wrong.
KEY_PARAMETERS = frozenset(
    {
        "page",
        "before",
        "after",
        "q",
        "rubric",
        "kind",
        "period",
        "sort",
        "category",
        "letter",
        "voted",
        "p",
    }  # fmt: skip
)
#: The longest ``?page=`` a list accepts: a million pages is more than any archive has.
MAX_PAGE_DIGITS = 6


def page_number(raw: str) -> int | None:
    """``?page=`` as every list reads it: missing or empty is page 1, a number of at most
    six digits is that page, anything else ``None`` (a 404). The length is checked before
    ``int()``, which refuses more than 4 300 digits with a ``ValueError``."""
    if raw == "":
        return 1
    if not raw.isdecimal() or len(raw) > MAX_PAGE_DIGITS:
        return None
    number = int(raw)
    return number if number >= 1 else None


def query_pairs(query: str) -> list[tuple[str, str]]:
    """A raw WSGI query string's parameters, decoded exactly as Django's ``request.GET``
    decodes them (UTF-8, or Latin-1 when it is not UTF-8; ``+`` is a space)."""
    raw = query.encode("latin-1", "replace")  # WSGI strings are the bytes as Latin-1
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return parse_qsl(text, keep_blank_values=True)


def key_query(query: str) -> str:
    """The part of a query string that names a page-cache entry: the known parameters
    only, sorted by name (the values of one name keep their order, which ``getlist``
    sees), and a single ``page`` as the number the lists read (``02`` is ``2``; ``1`` and
    an empty one are no page at all)."""
    if not query:
        return ""
    pairs = [(name, value) for name, value in query_pairs(query) if name in KEY_PARAMETERS]
    pages = [value for name, value in pairs if name == "page"]
    number = page_number(pages[0]) if len(pages) == 1 else None
    if number is not None:
        pairs = [(name, value) for name, value in pairs if name != "page"]
        if number > 1:
            pairs.append(("page", str(number)))
    pairs.sort(key=lambda pair: pair[0])
    return urlencode(pairs)


def entry_name(host: str, path: str, query: str) -> str:
    """The store name of a URL: the path as Django decodes it (``request.path_info``) and
    the query's known parameters (:func:`key_query`), the same for the fast path and the
    middleware.

    Readable (``page:host/path?query``), so a purge can tell CDNs that purge by path which
    URLs it dropped; only absurdly long URLs are hashed."""
    name = f"{PAGE_PREFIX}{host.lower()}{path}?{key_query(query)}"
    return name if len(name) <= 1000 else "page#" + taggedcache.hashed(name)


class ReadRecorder(QueryDict):
    """``request.GET`` that notes which parameters the view read while a page is rendered,
    so the page is stored only under a key holding exactly what it depends on.

    A page that read a parameter the key leaves out is not stored (another value would get
    this answer); neither is a page given a known parameter it never read (``?page=5`` on
    an article: the same page again, and a crawler could make a million of them). Anything
    that sees every parameter at once (iterating, ``items()``, ``urlencode()``) counts as
    reading all of them."""

    def __init__(self, *args, **kwargs) -> None:
        self.names_read: set[str] = set()
        self.read_everything = False
        super().__init__(*args, **kwargs)
        self.names_read.clear()  # building the dict asked for each name itself
        self.read_everything = False

    def __getitem__(self, key):
        self.names_read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self.names_read.add(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        self.names_read.add(key)
        return super().getlist(key, default)

    def _everything(self) -> None:
        self.read_everything = True

    def __iter__(self):
        self._everything()
        return super().__iter__()

    def __len__(self) -> int:
        self._everything()
        return super().__len__()

    def keys(self):
        self._everything()
        return super().keys()

    def lists(self):
        self._everything()
        return super().lists()

    def stored_under(self, query: str) -> bool:
        """Whether the page rendered with these reads may be stored under the key of
        ``query`` (:func:`key_query`)."""
        if self.read_everything:
            return all(name in KEY_PARAMETERS for name, _ in query_pairs(query))
        unkeyed = self.names_read - KEY_PARAMETERS
        if unkeyed:
            logger.warning(
                "not stored: the page reads ?%s=, which the page cache's key leaves out "
                "(polosa.core.pagecache.KEY_PARAMETERS)",
                "=, ?".join(sorted(unkeyed)),
            )
            return False
        return all(name in self.names_read for name, _ in parse_qsl(key_query(query)))


def url_of(name: str, scheme: str = "https") -> str | None:
    """The absolute URL a page entry's name stands for (``None`` for other entries)."""
    if not name.startswith(PAGE_PREFIX):
        return None
    address = name[len(PAGE_PREFIX) :].removesuffix("?")
    host, slash, rest = address.partition("/")
    # The path as Django decodes it (broken UTF-8 is already %-escaped); the query is
    # encoded by key_query.
    rest = quote(rest.encode(), safe="/?=&;:@+,%~!$'()*")
    return f"{scheme}://{host}{slash}{rest}"


def request_entry_name(request: HttpRequest) -> str:
    meta = request.META
    return entry_name(request.get_host(), meta.get("PATH_INFO", ""), meta.get("QUERY_STRING", ""))


#: Methods whose requests carry no body to decode (their ``Content-Type`` is meaningless).
BODILESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def is_utf8(charset: str) -> bool:
    """Whether ``charset`` names UTF-8 (or ASCII, a part of it)."""
    try:
        return codecs.lookup(charset).name in ("utf-8", "ascii")
    except LookupError:
        return False


def read_as_utf8(request: HttpRequest) -> HttpResponse | None:
    """A 400 for a body declared in a charset other than UTF-8; for a request without a
    body, the declared charset is dropped.

    Django decodes the query string and the form in the declared charset: ``rot13`` or
    ``base64`` (codecs, not text encodings) raise ``LookupError`` (a 500), and a GET
    ``?page=2`` declared as UTF-16 reads as page 1, which the page cache, keyed by the
    query read as UTF-8, would store as page 2. Browsers send UTF-8 and declare nothing."""
    charset = request.content_params.get("charset") if request.content_params else None
    if charset is None or is_utf8(charset):
        return None
    if request.method in BODILESS_METHODS:
        request.encoding = None  # the default: settings.DEFAULT_CHARSET, UTF-8
        return None
    from polosa.core.views import bad_request

    response = bad_request(request)
    log_response("Bad request (charset %s): %s", charset, request.path, response=response)
    return response


def screen_charset(environ: dict) -> HttpResponse | None:
    """:func:`read_as_utf8` on the WSGI environ, before Django builds its request.

    Django's request decodes the query string while it is being built when a charset is
    declared (``HttpRequest.encoding``'s setter asks ``hasattr(self, "GET")``): with a codec
    that is not a text encoding (``rot13``) that raises before any middleware runs. So the
    charset of a request without a body is dropped here, and a body in another charset
    gets the 400 page at once."""
    content_type = environ.get("CONTENT_TYPE", "")
    if "charset" not in content_type.lower():
        return None
    mime, params = parse_header_parameters(content_type)
    charset = params.get("charset")
    if charset is None or is_utf8(charset):
        return None
    if environ.get("REQUEST_METHOD", "GET").upper() in BODILESS_METHODS:
        environ["CONTENT_TYPE"] = mime
        return None
    from polosa.core.views import bad_request

    logger.warning("Bad request (charset %s): %s", charset, environ.get("PATH_INFO", ""))
    return bad_request(None)


def is_cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False  # SecurityMiddleware answers with the redirect to https
    if request.path.startswith(BYPASS_PREFIXES):
        return False
    # Logged-in editors (Wagtail's preview, userbar) always get a fresh page.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def is_cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control and "no-cache" not in control


def caches_fragments(request: HttpRequest | None) -> bool:
    """Whether blocks shown on many pages go into this response as fragments."""
    return bool(request is not None and getattr(request, "polosa_page_cache", False))


def include_fragment(request: HttpRequest | None, path: str, render: Callable[[], str]) -> str:
    """A fragment of the page: an ESI include when the page is cached, else ``render()``."""
    if caches_fragments(request):
        return mark_safe(f'<esi:include src="{escape(path)}"/>')
    html = render()
    return html if isinstance(html, SafeString) else mark_safe(html)


#: How long the caches in front may serve a copy while the app is down (a day).
STALE_IF_ERROR_SECONDS = 86400


def shared_cache_policy(
    response: HttpResponse,
    *,
    shared: int,
    stale: int = 30,
    browser: int = 0,
    stale_if_error: int = STALE_IF_ERROR_SECONDS,
) -> HttpResponse:
    """``Cache-Control`` for the caches in front: ``s-maxage`` (purged precisely, so it
    may be long), ``stale-while-revalidate``, ``stale-if-error`` (a purged copy is gone,
    so only what is still true is served while the app is down), and a short life in
    browsers, which nobody can purge."""
    patch_cache_control(
        response,
        public=True,
        max_age=browser,
        s_maxage=shared,
        stale_while_revalidate=stale,
        stale_if_error=stale_if_error,
    )
    return response


def forbid_shared_caching(response: HttpResponse) -> HttpResponse:
    """A render that a purge overtook may show what was just withdrawn: it goes to this
    reader only. Without keys and with ``no-store`` no cache in front keeps it, so the
    next request renders again (Varnish marks the URL hit-for-miss, not hit-for-pass)."""
    response["Cache-Control"] = "private, no-store"
    header = settings.POLOSA_SURROGATE_KEY_HEADER
    if header and response.has_header(header):
        del response[header]
    return response


def _entry_from(response: HttpResponse, keys: Iterable[str]) -> Entry:
    if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
        response.render()
    if "Cache-Control" not in response:
        shared_cache_policy(response, shared=settings.POLOSA_PAGE_CACHE_SECONDS)
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    )
    body = response.content
    includes = tuple(dict.fromkeys(src.decode() for src in ESI_INCLUDE.findall(body)))
    return Entry(
        status=response.status_code,
        headers=headers,
        body=body,
        keys=frozenset(keys) | {surrogate.SITE},
        includes=includes,
        etag=response.get("ETag", ""),
    )


def _wants_esi(meta) -> bool:
    return ESI_CAPABILITY in meta.get("HTTP_SURROGATE_CAPABILITY", "")


def _assemble(entry: Entry, fragments: dict[str, Entry]) -> tuple[bytes, frozenset[str], str]:
    """The page with its fragments in place, the keys of all of them, and an ETag that
    changes when any of them does."""
    keys = set(entry.keys)
    tags = [entry.etag]

    def replace(match: re.Match) -> bytes:
        fragment = fragments.get(match.group(1).decode())
        if fragment is None:
            return b""
        keys.update(fragment.keys)
        tags.append(fragment.etag or taggedcache.hashed(fragment.body.decode(errors="replace")))
        return fragment.body

    body = ESI_INCLUDE.sub(replace, entry.body)
    return body, frozenset(keys), f'"{taggedcache.hashed(*tags)}"'


def day_bounded(control: str, keys: Iterable[str], *, now: float | None = None) -> str:
    """``Cache-Control`` for a response under a day key (:func:`polosa.core.surrogate.day`):
    ``s-maxage`` and ``max-age`` cut to the seconds left until that day's midnight, and no
    ``stale-while-revalidate`` then (a cache in front would serve yesterday's «сегодня»
    once more). Computed at each delivery, so a stored page never outlives the day."""
    left = taggedcache.lifetime(math.inf, keys, now=now)
    if left == math.inf:
        return control
    left = max(0, int(left))
    directives, cut = [], False
    for directive in control.split(","):
        name, _, value = directive.strip().partition("=")
        if name.lower() in ("max-age", "s-maxage") and value.isdecimal() and int(value) > left:
            directive, cut = f"{name}={left}", True
        directives.append(directive.strip())
    if cut:
        directives = [
            "stale-while-revalidate=0" if d.lower().startswith("stale-while-revalidate") else d
            for d in directives
        ]
    return ", ".join(directives)


def _bounded_headers(headers: Iterable[tuple[str, str]], keys: Iterable[str]) -> list:
    return [
        (name, day_bounded(value, keys) if name.lower() == "cache-control" else value)
        for name, value in headers
    ]


def _delivery_headers(
    entry: Entry, keys: frozenset[str], esi: bool, state: str, etag: str = ""
) -> list:
    headers = _bounded_headers(entry.headers, keys)
    if etag or entry.etag:
        headers.append(("ETag", etag or entry.etag))
    header = settings.POLOSA_SURROGATE_KEY_HEADER
    if header:
        value = surrogate.header_value(keys, settings.POLOSA_SURROGATE_KEY_MAX_BYTES)
        headers.append((header, value))
    if esi and entry.includes:
        headers.append(("Surrogate-Control", f'content="{ESI_CAPABILITY}"'))
    headers.append(("X-Polosa-Cache", state))
    return headers


def _fragment_names(host: str, includes: Iterable[str]) -> dict[str, str]:
    names = {}
    for src in includes:
        path, _, query = src.partition("?")
        names[src] = entry_name(host, path, query)
    return names


def without_body(response: HttpResponse) -> HttpResponse:
    """The answer to a HEAD: the GET's status and headers (its ``Content-Length`` too), no
    body. Django's handler sends the body it rendered; a server may or may not drop it."""
    if response.streaming:
        response.streaming_content = []
        return response
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    response.content = b""
    return response


class PublicPageCacheMiddleware:
    """Answer anonymous GETs from the tagged store; store fresh cacheable responses under
    the keys their rendering declared. First in ``MIDDLEWARE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Here, first in the stack, before any middleware or the key reads the request.
        rejected = read_as_utf8(request)
        if rejected is not None:
            return rejected
        response = self._answer(request)
        return without_body(response) if request.method == "HEAD" else response

    def _answer(self, request: HttpRequest) -> HttpResponse:
        if settings.POLOSA_PAGE_CACHE_SECONDS <= 0 or not is_cacheable_request(request):
            return self.get_response(request)
        store = taggedcache.store()
        name = request_entry_name(request)
        esi = _wants_esi(request.META)
        entry = store.get(name)
        if entry is not None:
            return self._deliver(request, entry, esi, "hit")
        # Right after a purge every reader of a popular page misses at once: one renders,
        # the others of this process wait for its result instead of rendering it too.
        with _rendering_lock:
            rendering = _rendering.get(name)
            if rendering is None:
                _rendering[name] = threading.Event()
        if rendering is not None:
            rendering.wait(COALESCE_SECONDS)
            entry = store.get(name)
            if entry is not None:
                return self._deliver(request, entry, esi, "hit")
            return self._render(request, name, esi)
        try:
            return self._render(request, name, esi)
        finally:
            with _rendering_lock:
                _rendering.pop(name).set()

    def _render(self, request: HttpRequest, name: str, esi: bool) -> HttpResponse:
        # Blocks inside a fragment are rendered in place: includes do not nest.
        request.polosa_page_cache = not request.path.startswith(FRAGMENTS_PREFIX)
        query = request.META.get("QUERY_STRING", "")
        reads = ReadRecorder(query.encode("latin-1", "replace"), encoding=request.encoding)
        request.GET = reads
        started_at = time.time()
        with surrogate.collect() as keys:
            response = self.get_response(request)
        if not is_cacheable_response(response) or not reads.stored_under(query):
            return self._without_store(request, response, keys)
        entry = _entry_from(response, keys)
        stored = taggedcache.store().set(
            name,
            entry,
            keys=entry.keys,
            timeout=settings.POLOSA_PAGE_CACHE_SECONDS,
            started_at=started_at,
        )
        logger.info(
            "rendered %s in %.1f ms%s",
            name,
            (time.time() - started_at) * 1000,
            "" if stored else ", not stored: a key was purged meanwhile",
        )
        response = self._deliver(request, entry, esi, "miss")
        if not stored:
            forbid_shared_caching(response)
        return response

    def _without_store(self, request, response: HttpResponse, keys: set[str]) -> HttpResponse:
        """An uncacheable answer (it sets a cookie, an error): fragments inlined."""
        if response.streaming or not ESI_INCLUDE.search(getattr(response, "content", b"")):
            return response
        entry = _entry_from(response, keys)
        body, _, _ = _assemble(entry, self._fragments(request, entry))
        response.content = body
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(body))
        return response

    def _deliver(self, request: HttpRequest, entry: Entry, esi: bool, state: str) -> HttpResponse:
        if esi or not entry.includes:
            body, keys, etag = entry.body, entry.keys, entry.etag
        else:
            body, keys, etag = _assemble(entry, self._fragments(request, entry))
        if etag and etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
            response = HttpResponse(status=304)
            response["ETag"] = etag
            for name, value in _bounded_headers(entry.headers, keys):
                if name.lower() in ("cache-control", "vary", "last-modified"):
                    response[name] = value
            return response
        response = HttpResponse(body, status=entry.status)
        for name, value in _delivery_headers(entry, keys, esi, state, etag):
            response[name] = value
        return response

    def _fragments(self, request: HttpRequest, entry: Entry) -> dict[str, Entry]:
        store = taggedcache.store()
        names = _fragment_names(request.get_host(), entry.includes)
        found = store.get_many(names.values())
        fragments = {}
        for src, name in names.items():
            fragment = found.get(name)
            if fragment is None:
                fragment = self._render_fragment(request, src)
            if fragment is not None:
                fragments[src] = fragment
        return fragments

    def _render_fragment(self, request: HttpRequest, src: str) -> Entry | None:
        """Render a fragment through the rest of the stack as its own request (so it is
        stored under its own keys, as it would be behind Varnish)."""
        from django.core.handlers.wsgi import WSGIRequest

        path, _, query = src.partition("?")
        environ = {
            key: value
            for key, value in request.META.items()
            if not key.startswith("HTTP_") or key == "HTTP_HOST"
        }
        environ.update(
            {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": path,
                "QUERY_STRING": query,
                "wsgi.input": io.BytesIO(b""),
                "CONTENT_LENGTH": "0",
                "HTTP_SURROGATE_CAPABILITY": f"polosa={ESI_CAPABILITY}",
            }
        )
        response = self(WSGIRequest(environ))
        if response.status_code != 200 or response.streaming:
            return None
        stored = taggedcache.store().get(entry_name(request.get_host(), path, query))
        if stored is not None:
            return stored
        # Not stored (a purge raced the render): used once, for this page only.
        return Entry(200, (), response.content, frozenset(), (), response.get("ETag", ""))


def _environ_is_secure(environ) -> bool:
    """``request.is_secure()`` before there is a request: the proxy's header where one is
    trusted (``SECURE_PROXY_SSL_HEADER``), else the server's own scheme."""
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    if proxy_header:
        header, secure_value = proxy_header
        value = environ.get(header)
        if value is not None:
            return value.split(",", 1)[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"


class PageCacheApplication:
    """The WSGI application with the page cache's hit path in front of Django.

    A hit needs neither a request object nor the middleware stack nor the database: the
    stored status, headers and body go straight to the server. Anything else (a miss, a
    page whose fragment is missing, a conditional request) goes to Django.
    """

    def __init__(self, application) -> None:
        self.application = application

    def __call__(self, environ, start_response):
        rejected = screen_charset(environ)
        if rejected is not None:
            start_response(
                f"{rejected.status_code} {rejected.reason_phrase}",
                [*rejected.items(), ("Content-Length", str(len(rejected.content)))],
            )
            return [rejected.content]
        response = self._hit(environ)
        if response is None:
            return self.application(environ, start_response)
        status, headers, body = response
        start_response(status, headers)
        return [body]

    def _hit(self, environ) -> tuple[str, list, bytes] | None:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or settings.POLOSA_PAGE_CACHE_SECONDS <= 0:
            return None
        # The path as Django's request has it (decoded from UTF-8), which the middleware
        # stored the page under; the raw WSGI string is its bytes as Latin-1.
        path = get_path_info(environ) or "/"
        if path.startswith(BYPASS_PREFIXES) or environ.get("HTTP_IF_NONE_MATCH"):
            return None
        if f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", ""):
            return None
        if settings.SECURE_SSL_REDIRECT and not _environ_is_secure(environ):
            return None
        host = environ.get("HTTP_HOST")
        if not host:
            return None
        store = taggedcache.store()
        entry = store.get(entry_name(host, path, environ.get("QUERY_STRING", "")))
        if entry is None:
            return None
        esi = _wants_esi(environ)
        body, keys = entry.body, entry.keys
        if entry.includes and not esi:
            names = _fragment_names(host, entry.includes)
            found = store.get_many(names.values())
            if len(found) < len(names):
                return None  # Django renders the missing fragment and stores it
            body, keys, etag = _assemble(entry, {src: found[name] for src, name in names.items()})
        else:
            etag = entry.etag
        headers = [
            (name, value)
            for name, value in _delivery_headers(entry, keys, esi, "hit", etag)
            if name.lower() != "content-length"
        ]
        headers.append(("Content-Length", str(len(body))))
        return f"{entry.status} OK", headers, b"" if method == "HEAD" else body
