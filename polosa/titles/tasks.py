"""Background work of the ratings, run by ``polosa worker``: the purge that ends a window
of votes (:func:`polosa.titles.votes.vote_counted`)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django_tasks import task


@task()
def purge_votes(title_id: int, at: str) -> bool:
    """Purge what shows ``title_id``'s score at ``at`` (ISO 8601), for every vote counted
    since the last purge; run early (another clock), it waits again."""
    from polosa.titles import services

    moment = datetime.fromisoformat(at)
    if timezone.now() < moment:
        purge_votes.using(run_after=moment).enqueue(title_id, at)
        return False
    services.title_changed(title_id, reason=f"votes counted until {at}")
    return True
