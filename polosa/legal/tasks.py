"""Background work of the legal app, run by ``polosa worker``."""

from __future__ import annotations

import logging

from django_tasks import task

from polosa.core import worker

logger = logging.getLogger(__name__)


@task()
def rescan_published_articles(entry_ids: list[str] | None = None) -> int:
    """Scan every published article after a registry change and open a pending review for
    each new uncertain mention (of ``entry_ids`` if given). Articles with a sure mention of
    a changed entry are announced (:data:`polosa.legal.signals.article_relabelled`), so
    their channel posts are edited too. Returns how many reviews were opened."""
    from polosa.core import surrogate
    from polosa.core.purge import purge_keys
    from polosa.legal import engine, gate, mentions, registry
    from polosa.legal.models import MentionReview
    from polosa.legal.signals import article_relabelled, registry_relabelled
    from polosa.news.models import ArticlePage

    wanted = set(entry_ids or ())
    before = MentionReview.objects.count()
    registry.forget()  # the task may run in a process that has not seen the bump
    for article in ArticlePage.objects.live().iterator(chunk_size=100):
        labelled = gate.scan(article)
        mentions.index_article(article, labelled)
        unresolved = labelled.unresolved
        if wanted:
            unresolved = [m for m in unresolved if m.entry_id in wanted]
        gate.record_pending(article, unresolved)
        if wanted and any(m.entry_id in wanted for m in labelled.mentions):
            # It mentions a changed entry: marked before or not, its page changes.
            purge_keys({surrogate.article(article.pk)}, reason="legal rescan")
        if wanted and any(
            m.entry_id in wanted and m.certainty == engine.SURE for m in labelled.mentions
        ):
            article_relabelled.send(sender=ArticlePage, article_id=article.pk)
    registry_relabelled.send(sender=ArticlePage, entry_ids=sorted(wanted))
    opened = MentionReview.objects.count() - before
    logger.info("legal rescan: %d pending reviews opened", opened)
    return opened


@task()
def update_registry_source(source_id: int) -> str:
    """Fetch one registry source, import the copy if it is good; returns the report's
    status (see :mod:`polosa.legal.updates`)."""
    from polosa.legal import updates
    from polosa.legal.models import RegistrySource

    source = RegistrySource.objects.filter(pk=source_id).first()
    if source is None:
        return "gone"
    return updates.check_source(source).status


@worker.sweep
def registry_updates_due(census: worker.Census) -> str | None:
    """Queue a check of every registry source whose time has come (each once, however
    many workers look)."""
    from django.utils.translation import ngettext

    from polosa.legal import updates

    queued = 0
    for source in updates.due_sources():
        if updates.claim(source):
            update_registry_source.enqueue(source.pk)
            queued += 1
    if not queued:
        return None
    return ngettext(
        "%(count)d источник реестра поставлен на проверку",
        "%(count)d источника реестров поставлены на проверку",
        queued,
    ) % {"count": queued}


@task()
def rescan_blocked_links() -> int:
    """After the blocked resources changed: record the links to them in every published
    article and purge each article that has or had one. Returns how many articles."""
    from polosa.core import surrogate
    from polosa.core.purge import purge_keys
    from polosa.legal import blocked, gate, registry
    from polosa.legal.models import LinkReview
    from polosa.news.models import ArticlePage

    registry.forget()  # the task may run in a process that has not seen the change
    touched = set(LinkReview.objects.values_list("article_id", flat=True).distinct())
    for article in ArticlePage.objects.live().iterator(chunk_size=100):
        html = gate.article_html(article)
        if blocked.found_in(html):
            blocked.record_pending(article, html)
            touched.add(article.pk)
    if touched:
        purge_keys({surrogate.article(pk) for pk in touched}, reason="blocked links rescan")
    logger.info("blocked links rescan: %d articles", len(touched))
    return len(touched)
