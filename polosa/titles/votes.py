"""Recording readers' votes: one per reader per title, the aggregate kept exact.

The title's ``votes_count``/``votes_sum`` move with ``F()`` expressions inside the same
transaction as the vote row, so concurrent votes never lose an update; two requests of the
same reader racing each other meet at the unique constraint and the loser replaces.

What shows a score (the title page, the reviews of the title, the ratings page and block)
is purged at most once per ``POLOSA_VOTE_PURGE_SECONDS`` (10) per title, so a burst of
votes is not a purge per vote (:func:`vote_counted`): the first vote after a quiet spell
purges at once, the votes that follow within the window share one purge at its end, run by
``polosa worker`` (:func:`polosa.titles.tasks.purge_votes`). The voter sees their vote at
once anyway: the JSON answer holds the new score, the form's redirect names the vote.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from polosa.core import ratelimit
from polosa.titles import conf, services
from polosa.titles.models import Title, Vote

# Scopes of polosa.core.ratelimit's counters: in the database, so every web worker counts
# together with or without Redis (a per-process count let 60 of 100 votes through two
# workers set to 30).
VOTES_PER_IP = "titles:votes:ip"
NEW_READERS_PER_IP = "titles:new-readers:ip-title"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class VoteResult:
    title: Title
    value: int
    replaced: int | None  # the reader's earlier value, if any


def record_vote(title: Title, reader: str, value: int) -> VoteResult:
    """Store ``reader``'s vote for ``title`` (replacing an earlier one) and update the
    aggregate atomically; what shows the score is purged once the transaction commits."""
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
        if replaced != value:  # the same value again changes no score
            vote_counted(title.pk)
    title.refresh_from_db(fields=["votes_count", "votes_sum"])
    return VoteResult(title=title, value=value, replaced=replaced)


def vote_counted(title_id: int, *, now: datetime | None = None) -> None:
    """The new score reaches every page that shows the title (its page, the reviews of it,
    its cards in the ratings page and block), purged at most once per window.

    Called inside the vote's transaction: the title's row is locked, so the votes of one
    title take turns here and ``score_purge_at`` says what the last of them decided. After
    a quiet window the purge goes out now (on commit); within one after a purge, a purge
    is queued for the window's end and the later votes of the window wait for it.
    """
    window = conf.vote_purge_seconds()
    if window <= 0:
        services.title_changed(title_id, reason="vote counted")
        return
    now = timezone.now() if now is None else now
    titles = Title.objects.filter(pk=title_id)
    last = titles.select_for_update().values_list("score_purge_at", flat=True).first()
    if last is None or last <= now - timedelta(seconds=window):
        titles.update(score_purge_at=now)
        services.title_changed(title_id, reason="vote counted")
    elif last <= now:
        due = last + timedelta(seconds=window)
        titles.update(score_purge_at=due)
        _purge_at(title_id, due)
    # else a purge is due after this vote (queued by an earlier one): it carries this one.


def _purge_at(title_id: int, due: datetime) -> None:
    """Queue the purge of the votes of a window, in the vote's transaction (the task row
    commits with the vote); a task backend that cannot wait purges now instead."""
    from polosa.titles.tasks import purge_votes

    try:
        purge_votes.using(run_after=due).enqueue(title_id, due.isoformat())
    except Exception:
        logger.warning("could not queue the purge of title %s's votes: purging now", title_id)
        services.title_changed(title_id, reason="vote counted")


def rate_limited(ip: str, now: float | None = None) -> bool:
    """Count a vote attempt from ``ip``; ``True`` once the window's allowance is used up."""
    limit, window = conf.vote_rate_limit()
    return ratelimit.hit(VOTES_PER_IP, ip or "unknown", limit=limit, window=window, now=now)


def new_reader_limited(ip: str, title_id: int, now: float | None = None) -> bool:
    """Count a new reader (a vote without a valid reader cookie) that ``ip`` brings to the
    title; ``True`` once the window's allowance is used up. Without it every cookie-less
    request is one more reader, and one client is a crowd."""
    limit, window = conf.new_reader_rate_limit()
    ident = f"{title_id}:{ip or 'unknown'}"
    return ratelimit.hit(NEW_READERS_PER_IP, ident, limit=limit, window=window, now=now)
