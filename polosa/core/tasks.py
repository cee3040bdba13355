"""Background work of the core, run by ``polosa worker``."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

#: Seconds between attempts of an undelivered purge, growing to at most a minute.
RETRY_DELAYS = (2, 5, 15, 30, 60)


@task()
def retry_purge(keys: list[str], store: bool = True, attempt: int = 1) -> bool:
    """Deliver a purge that failed when its change committed (Redis or Varnish down).

    Retried until it is delivered; each failure waits longer, up to a minute.
    """
    from polosa.core import purge

    try:
        urls = purge.purge_store(keys) if store else set()
        purge.purge_frontend(keys, urls)
    except Exception as error:  # Redis or a frontend cache still unreachable
        delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
        logger.warning("purge retry %d of %d keys failed (%s)", attempt, len(keys), error)
        retry_purge.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
            keys, store, attempt + 1
        )
        return False
    return True
