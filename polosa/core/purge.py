"""The one way a change reaches readers: purge the surrogate keys it names, on commit.

Services of every app (publishing, legal decisions, registry imports, votes, settings,
people links, titles, authors, tags) call :func:`purge_keys` with the keys of what they
changed. The keys are purged once the surrounding transaction commits (a rolled-back
change purges nothing), first from Polosa's own tagged store, then from the caches in
front through Wagtail's frontend-cache backends: Varnish by key (xkey), CDNs that only
know paths by the URLs Polosa's own store held under those keys.

A purge that cannot be delivered (Redis or Varnish down) is queued as a task and retried
by ``polosa worker`` until it is; it is never lost silently.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from functools import partial

from django.db import transaction

from polosa.core import surrogate, taggedcache

logger = logging.getLogger(__name__)


def purge_keys(keys: Iterable[str], *, reason: str) -> None:
    """Purge ``keys`` when the current transaction commits (at once outside one)."""
    keys = {key for key in keys if key}
    if not keys:
        return
    logger.info("purge %s: %s", reason, " ".join(sorted(keys)))
    if transaction.get_connection().in_atomic_block:
        # This process's store drops them now too (cheap, and the writer's own next
        # read is fresh); every cache hears of them when the change is visible to all.
        with contextlib.suppress(taggedcache.PurgeNotDelivered):  # retried on commit
            purge_store(keys)
        transaction.on_commit(partial(deliver, keys))
    else:
        deliver(keys)


def deliver(keys: Iterable[str]) -> None:
    """Purge now: the tagged store, then the frontend caches; failures become a task."""
    keys = sorted(set(keys))
    try:
        urls = purge_store(keys)
    except taggedcache.PurgeNotDelivered:
        logger.warning("purge of %d keys: the page cache is unreachable, retrying later", len(keys))
        _retry(keys, store=True)
        urls = set()
    try:
        purge_frontend(keys, urls)
    except Exception:
        logger.warning(
            "purge of %d keys: a frontend cache is unreachable, retrying later", len(keys)
        )
        _retry(keys, store=False)


def purge_store(keys: Iterable[str]) -> set[str]:
    """Drop ``keys`` from Polosa's own store; returns the absolute URLs it held under them
    (for CDNs that purge by path)."""
    from django.conf import settings

    from polosa.core.pagecache import url_of

    scheme = settings.POLOSA_BASE_URL.partition(":")[0] or "https"
    dropped = taggedcache.store().purge(keys)
    return {url for url in (url_of(name, scheme) for name in dropped) if url}


def purge_frontend(keys: Iterable[str], urls: Iterable[str] = ()) -> None:
    """Purge the caches in front: by key where they can (hard first, then the lists
    :func:`surrogate.is_soft` allows to be purged softly, with the ``<kind>-*`` keys of
    responses too large to name each item), by URL where they cannot."""
    from polosa.core.frontend_cache import key_purging_backends, url_purging_backends

    keys = list(keys)
    named = sorted(set(keys) | surrogate.wildcards(keys))
    hard = [key for key in named if not surrogate.is_soft(key)]
    soft = [key for key in named if surrogate.is_soft(key)]
    backends = key_purging_backends()
    for backend in backends:
        backend.purge_keys(hard)
    for backend in backends:
        backend.purge_keys(soft, soft=True)
    urls = sorted(urls)
    if urls:
        for backend in url_purging_backends():
            backend.purge_batch(urls)


def _retry(keys: list[str], *, store: bool) -> None:
    from polosa.core.tasks import retry_purge

    try:
        retry_purge.enqueue(keys, store)
    except Exception:
        logger.exception("could not queue the purge retry of %s", " ".join(keys))
