"""Background work of readership, run by ``polosa worker``."""

from __future__ import annotations

import logging
import time

from django_tasks import task

from polosa.core import worker

logger = logging.getLogger(__name__)


@task()
def refresh_related(article_id: int, neighbours: bool = True) -> list[int]:
    """An article was published or edited: its «Читайте также» (and its neighbours')."""
    from polosa.readership.services import related_refresh

    return related_refresh(article_id, neighbours=neighbours)


@task()
def refresh_lists_showing(article_ids: list[int]) -> int:
    """Articles were taken off the site: the lists that showed them."""
    from polosa.readership.services import related_lists_showing_refresh

    return related_lists_showing_refresh(article_ids)


@task()
def flush_reads(batch: str, rows: list[list[int]]) -> int:
    """A web process's tally of views (``[article id, hour, views]``), added once."""
    from polosa.readership.services import reads_apply

    return reads_apply(batch, rows)


_ranked_at: float | None = None


@worker.sweep
def rank_most_read(census: worker.Census) -> None:
    """«Самое читаемое» ranked again every few minutes, in every worker (each purges
    only when the ranking changed, so several workers cost a few queries, not purges)."""
    global _ranked_at
    from polosa.readership import conf
    from polosa.readership.services import most_read_refresh

    if _ranked_at is not None and time.monotonic() - _ranked_at < conf.most_read_seconds():
        return None
    _ranked_at = time.monotonic()
    if most_read_refresh():
        logger.info("most read: ranking changed")
    return None
