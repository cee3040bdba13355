"""Background work of the legal app, run by ``polosa worker``."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def rescan_published_articles(entry_ids: list[str] | None = None) -> int:
    """Scan every published article after a registry change and open a pending review for
    each new uncertain mention (of ``entry_ids`` if given). Returns how many were opened."""
    from polosa.legal import gate, registry
    from polosa.legal.models import MentionReview
    from polosa.news.models import ArticlePage

    wanted = set(entry_ids or ())
    before = MentionReview.objects.count()
    registry.forget()  # the task may run in a process that has not seen the bump
    for article in ArticlePage.objects.live().iterator(chunk_size=100):
        unresolved = gate.scan(article).unresolved
        if wanted:
            unresolved = [m for m in unresolved if m.entry_id in wanted]
        gate.record_pending(article, unresolved)
    opened = MentionReview.objects.count() - before
    logger.info("legal rescan: %d pending reviews opened", opened)
    return opened
