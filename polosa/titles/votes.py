"""Recording readers' votes: one per reader per title, the aggregate kept exact.

The title's ``votes_count``/``votes_sum`` move with ``F()`` expressions inside the same
transaction as the vote row, so concurrent votes never lose an update; two requests of the
same reader racing each other meet at the unique constraint and the loser replaces.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

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
        vote_counted(title.pk)
    title.refresh_from_db(fields=["votes_count", "votes_sum"])
    return VoteResult(title=title, value=value, replaced=replaced)


def vote_counted(title_id: int) -> None:
    """The new score shows at once wherever the title appears: its page, its cards in the
    ratings block (a fragment of its own, so no article page is re-rendered), the reviews
    of it, the ratings page."""
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
