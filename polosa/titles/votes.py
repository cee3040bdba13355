"""Recording readers' votes: one per reader per title, the aggregate kept exact.

The title's ``votes_count``/``votes_sum`` move with ``F()`` expressions inside the same
transaction as the vote row, so concurrent votes never lose an update; two requests of the
same reader racing each other meet at the unique constraint and the loser replaces.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache, caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from polosa.titles import conf
from polosa.titles.models import Title, Vote

# The refresh window is kept in the shared cache (every process must agree on it); the
# per-IP counters, one key per reader, in the default cache (Redis in production).
RATE_KEY = "polosa:votes:ip:{ip}:{window}"
REFRESH_WINDOW_KEY = "polosa:ratings:refresh-window"
REFRESH_PENDING_KEY = "polosa:ratings:refresh-pending"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoteResult:
    title: Title
    value: int
    replaced: int | None  # the reader's earlier value, if any


def record_vote(title: Title, reader: str, value: int) -> VoteResult:
    """Store ``reader``'s vote for ``title`` (replacing an earlier one) and update the
    aggregate atomically; page caches are invalidated once the transaction commits."""
    with transaction.atomic():
        previous = Vote.objects.select_for_update().filter(title=title, reader=reader).first()
        if previous is None:
            try:
                with transaction.atomic():
                    Vote.objects.create(title=title, reader=reader, value=value)
            except IntegrityError:
                # The same reader's concurrent request inserted first: replace its value.
                previous = Vote.objects.select_for_update().get(title=title, reader=reader)
            else:
                Title.objects.filter(pk=title.pk).update(
                    votes_count=F("votes_count") + 1, votes_sum=F("votes_sum") + value
                )
        replaced = None
        if previous is not None:
            replaced = previous.value
            if previous.value != value:
                Vote.objects.filter(pk=previous.pk).update(value=value)
                Title.objects.filter(pk=title.pk).update(
                    votes_sum=F("votes_sum") + (value - previous.value)
                )
            else:
                Vote.objects.filter(pk=previous.pk).update(value=value)  # touches updated_at
        transaction.on_commit(vote_counted)
    title.refresh_from_db(fields=["votes_count", "votes_sum"])
    return VoteResult(title=title, value=value, replaced=replaced)


def ratings_changed() -> None:
    """Forget cached ratings blocks and every cached public page that shows a score."""
    from polosa.core.pagecache import invalidate_public_pages
    from polosa.titles.block import forget_block

    forget_block()
    invalidate_public_pages("rating changed", articles_changed=False)


def vote_counted() -> None:
    """Show a vote on cached pages within ``POLOSA_RATINGS_REFRESH_SECONDS``.

    Every public page carries the ratings block, so dropping the page cache on each vote
    would leave a popular outlet without one. The first vote of a window refreshes at
    once; later votes in it are shown by one refresh queued for the window's end (run
    by ``polosa worker``). The vote's answer and the title's page (it carries the vote form,
    so it is never served from the page cache) are exact at once.
    """
    window = conf.ratings_refresh_seconds()
    if window <= 0 or caches["shared"].add(REFRESH_WINDOW_KEY, 1, timeout=window):
        ratings_changed()
        return
    if not caches["shared"].add(REFRESH_PENDING_KEY, 1, timeout=window * 2):
        return  # a refresh is already queued
    from polosa.titles.tasks import refresh_ratings

    try:
        refresh_ratings.using(run_after=timezone.now() + timedelta(seconds=window)).enqueue()
    except Exception:  # without the queue, the block's and the pages' cache lifetimes bound it
        logger.exception("could not queue the ratings refresh")
        caches["shared"].delete(REFRESH_PENDING_KEY)


def refresh_queued_ratings() -> None:
    """The queued refresh: show every vote of the window that just ended."""
    caches["shared"].delete(REFRESH_PENDING_KEY)
    ratings_changed()


def rate_limited(ip: str, now: float) -> bool:
    """Count a vote attempt from ``ip``; ``True`` once the window's allowance is used up."""
    limit, window = conf.vote_rate_limit()
    if limit <= 0:
        return False
    key = RATE_KEY.format(ip=ip or "unknown", window=int(now // window))
    if cache.add(key, 1, timeout=window + 1):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count > limit
