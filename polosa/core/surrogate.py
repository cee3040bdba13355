"""Surrogate keys: what a public response shows, named so that a change can purge exactly it.

A key names one thing readers see: an article (``article-12``), a rubric, a tag, an author,
a person, a title, a registry entry, the outlet settings, or a *listing* (``listing-site``:
every list that the newest published articles can enter). Views, template tags and
selectors :func:`declare` the keys of what they render while a response is built; the page
cache stores the response under them and sends them to the shared cache in front
(``Surrogate-Key``, the convention of Fastly and Varnish xkey). A write names the keys it
changes and :func:`polosa.core.purge.purge_keys` drops everything stored under them.
One kind of key is not purged but ends by itself: a *day* (``day-2026-12-02``, :func:`day`)
says the response reads relative to that day, so no cache keeps it past its midnight.

This module has no Django import: keys are plain strings, the collection a context
variable that the page cache opens per request (and per fragment it renders).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

#: Every public response carries it: what every page shows (site set-up, navigation).
SITE = "site"
#: The sites and their home pages, as routing looks them up.
SITE_ROOTS = "site-roots"
#: The outlet settings (name, logo, Telegram channel, default credit) on every page.
SETTINGS = "settings"
#: The live rubrics, shown in every page's navigation.
RUBRICS = "rubrics"
#: Every list the newest published articles enter: the home page, site feeds, sitemaps,
#: «Читайте также». Any publication or unpublication purges it.
LISTING_SITE = "listing-site"
#: The lists of tags and of authors (their sitemaps).
NAMES = "names"
#: The ratings block and the ratings page.
RATINGS = "ratings"
#: The people directory.
PEOPLE = "people"
#: What depends on the registry as a whole (its freshness, the matcher's version).
LEGAL_REGISTRY = "legal-registry"

#: Article ids in blocks of a thousand (:func:`article_ids`).
ARTICLE_ID_BLOCK = 1000

_current: ContextVar[set[str] | None] = ContextVar("polosa_surrogate_keys", default=None)


def article(pk: int) -> str:
    return f"article-{pk}"


def article_ids(pk: int) -> str:
    """The block of a thousand ids that article ``pk`` falls in. What is computed over a
    range of ids (an article sitemap file's newest change) is stored under the blocks the
    range covers, so a change of one article recomputes only its own range."""
    return f"article-ids-{(pk - 1) // ARTICLE_ID_BLOCK}"


def article_id_range(low: int, high: int) -> list[str]:
    """The :func:`article_ids` keys of the ids in ``(low, high]``."""
    return [
        f"article-ids-{block}"
        for block in range(low // ARTICLE_ID_BLOCK, (high - 1) // ARTICLE_ID_BLOCK + 1)
    ]


def rubric(pk: int) -> str:
    return f"rubric-{pk}"


def listing_rubric(pk: int) -> str:
    """The lists of one rubric: its pages and feeds."""
    return f"listing-rubric-{pk}"


def tag(pk: int) -> str:
    """A tag itself: its name on articles and on its page."""
    return f"tag-{pk}"


def listing_tag(pk: int) -> str:
    """The lists of a tag: its pages and feeds."""
    return f"listing-tag-{pk}"


def author(pk: int) -> str:
    """An author: name and photo on bylines, their page."""
    return f"author-{pk}"


def listing_author(pk: int) -> str:
    return f"listing-author-{pk}"


def person(pk: int) -> str:
    """A person of the directory: the name on articles and in the directory, their page."""
    return f"person-{pk}"


def listing_person(pk: int) -> str:
    """The articles linked to a person: their page's list and feeds."""
    return f"listing-person-{pk}"


def title(pk: int) -> str:
    """A film or series: its page, its card, its score."""
    return f"title-{pk}"


def image(pk: int) -> str:
    return f"image-{pk}"


def legal_entry(external_id: str) -> str:
    """A registry entry, on every page that marks it."""
    return "legal-" + "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in external_id)


def page(pk: int) -> str:
    """Any other page of the tree (the home page, a form page)."""
    return f"page-{pk}"


#: The prefix of a day key (:func:`day`).
DAY_PREFIX = "day-"


def day(last: date) -> str:
    """A response that says something true only until the end of the local day ``last``
    («сегодня, 18:50», a live entry's bare ``18:50``; a date without its year is true until
    31 December). No write purges it: the page cache and the caches in front keep such a
    response no later than that day's midnight (:func:`last_day`)."""
    return f"{DAY_PREFIX}{last.isoformat()}"


def last_day(keys: Iterable[str]) -> date | None:
    """The earliest day the day keys among ``keys`` name (``None`` without one)."""
    days = []
    for key in keys:
        if key.startswith(DAY_PREFIX):
            try:
                days.append(date.fromisoformat(key[len(DAY_PREFIX) :]))
            except ValueError:
                continue
    return min(days, default=None)


def declare(*keys: str | None) -> None:
    """Add keys to the response being built; outside of one (a shell, a task) a no-op."""
    current = _current.get()
    if current is not None:
        current.update(key for key in keys if key)


def declare_all(keys: Iterable[str | None]) -> None:
    declare(*keys)


def collecting() -> bool:
    return _current.get() is not None


@contextmanager
def collect() -> Iterator[set[str]]:
    """Open a collection for one response; nested collections (a fragment rendered inside
    a page) keep their own keys."""
    keys: set[str] = set()
    token = _current.set(keys)
    try:
        yield keys
    finally:
        _current.reset(token)


#: The largest header a response sends its keys in. Varnish refuses a backend header line
#: over ``http_resp_hdr_len`` (8 KB by default: a 503 for the reader); Fastly and Cloudflare
#: take 16 KB. A feed of 500 items names about 1 100 keys (~13 KB with six-digit ids):
#: above this, the keys of one kind are named as one (:func:`header_value`). The page
#: cache passes ``settings.POLOSA_SURROGATE_KEY_MAX_BYTES`` (this by default).
HEADER_MAX_BYTES = 4000

#: The kinds of per-item keys (``<kind>-<id>``) a large response may name as one
#: ``<kind>-*``, which every purge of a key of that kind also purges (:func:`wildcards`).
ITEM_KINDS = (
    "article",
    "image",
    "rubric",
    "tag",
    "author",
    "person",
    "title",
    "legal",
    "related",
    "page",
    "listing-rubric",
    "listing-tag",
    "listing-author",
    "listing-person",
)

#: Lists whose purge at the shared cache may be soft (the old copy is served while the new
#: one is fetched, for the response's ``stale-while-revalidate``): which articles a list
#: holds. What an article says, whether it is public and every legal mark are never soft:
#: a list that shows an article carries that article's key too, and that purge is hard.
SOFT_KINDS = ("listing-rubric", "listing-tag", "listing-author", "listing-person")
SOFT_KEYS = frozenset({LISTING_SITE, RATINGS, "most-read"})  # readership.conf.MOST_READ_KEY


def kind_of(key: str) -> str | None:
    """The item kind of ``key`` (``article`` for ``article-12``), ``None`` for the others."""
    for kind in ITEM_KINDS:
        if key.startswith(kind + "-"):
            return kind
    return None


def wildcard(kind: str) -> str:
    return f"{kind}-*"


def wildcards(keys: Iterable[str]) -> set[str]:
    """The ``<kind>-*`` keys to purge with ``keys``: a response too large to name each
    item names their kind (:func:`header_value`)."""
    return {wildcard(kind) for kind in map(kind_of, keys) if kind is not None}


def is_soft(key: str) -> bool:
    """Whether the shared cache may purge ``key`` softly (see :data:`SOFT_KEYS`)."""
    if key in SOFT_KEYS:
        return True
    kind = kind_of(key)
    return kind is not None and kind in SOFT_KINDS


def header_value(keys: Iterable[str], max_bytes: int = HEADER_MAX_BYTES) -> str:
    """The keys as one header value, at most ``max_bytes`` long: past that, the kinds
    taking the most room are named as ``<kind>-*`` one by one until it fits (a feed of
    hundreds of items then names ``article-*``: any article's purge refreshes it)."""
    keys = set(keys)
    value = " ".join(sorted(keys))
    if len(value) <= max_bytes:
        return value
    by_kind: dict[str, set[str]] = {}
    for key in keys:
        kind = kind_of(key)
        if kind is not None:
            by_kind.setdefault(kind, set()).add(key)
    for kind in sorted(by_kind, key=lambda k: (-sum(len(key) + 1 for key in by_kind[k]), k)):
        keys -= by_kind[kind]
        keys.add(wildcard(kind))
        value = " ".join(sorted(keys))
        if len(value) <= max_bytes:
            break
    return value
