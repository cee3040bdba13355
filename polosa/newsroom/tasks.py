"""Background work of the newsroom, run by ``polosa worker``: purges at expiry times.

A pinned story or a banner stops showing at its time by itself (the selectors compare
with the clock), but a page or fragment stored before would go on showing it until its
entry expires (an hour). So every expiry a service sets queues a purge of its key for
that very moment: Polosa's store and the caches in front forget it then, and the next
reader gets a page without it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def purge_at(key: str, at: str) -> bool:
    """Purge ``key`` at ``at`` (ISO 8601); run early (another clock), it waits again."""
    from polosa.core.purge import purge_keys

    moment = datetime.fromisoformat(at)
    if timezone.now() < moment:
        purge_at.using(run_after=moment).enqueue(key, at)
        return False
    purge_keys({key}, reason=f"{key}: expired at {at}")
    return True
