"""Background work of the legal app, run by ``polosa worker``."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator

from django_tasks import task

from polosa.core import worker

logger = logging.getLogger(__name__)


#: Articles scanned, recorded and purged together: each batch is a few short
#: transactions of its own, so readers and editors never wait on the rescan.
RESCAN_BATCH = 200


def name_stems(names: Iterable[str]) -> set[str]:
    """Word stems of an entry's names, as every grammatical case of the word contains
    them (``Тучков`` → ``Тучк``: ``Тучкова``, ``Тучковым``); words under four letters
    (initials, «и») say too little to narrow anything and are left out."""
    stems = set()
    for name in names:
        for word in re.findall(r"\w+", name):
            if len(word) >= 4:
                stems.add(word[: max(4, len(word) - 2)])
    return stems


def candidate_article_ids(entry_ids: Iterable[str]):
    """Ids of the live articles whose headline, lead or body contain a stem of a changed
    entry's names: the only ones a rescan of those entries can change. The body is
    searched as stored (SQLite keeps JSON's ``\\u`` escapes, PostgreSQL plain text)."""
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    from polosa.legal.models import RegistryEntry
    from polosa.news.models import ArticlePage

    names = []
    for entry in RegistryEntry.objects.filter(external_id__in=list(entry_ids)):
        names += [entry.name, *entry.alias_list]
    forms = set()
    for stem in name_stems(names):
        forms.update({stem, stem.lower(), stem.capitalize(), stem.upper()})
    articles = ArticlePage.objects.live().order_by("pk")
    if not forms:  # names too short to narrow by: every article may name them
        return articles.values_list("pk", flat=True)
    match = Q()
    for form in forms:
        escaped = json.dumps(form)[1:-1]
        match |= Q(title__contains=form) | Q(lead__contains=form) | Q(body_text__contains=form)
        if escaped != form:
            match |= Q(body_text__contains=escaped)
    return (
        articles.annotate(body_text=Cast("body", TextField()))
        .filter(match)
        .values_list("pk", flat=True)
    )


def batches(ids: Iterable[int], size: int = RESCAN_BATCH) -> Iterator[list[int]]:
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@task()
def rescan_published_articles(entry_ids: list[str] | None = None) -> int:
    """Scan the published articles a registry change may concern and open a pending
    review for each new uncertain mention (of ``entry_ids`` if given). Articles with a
    sure mention of a changed entry are announced
    (:data:`polosa.legal.signals.article_relabelled`), so their channel posts are edited
    too. Returns how many reviews were opened.

    With ``entry_ids``, only the articles containing a stem of those entries' names are
    read (one indexed-free scan of the text columns in the database instead of rendering
    every body); all of them otherwise. Either way ids are read first and articles
    :data:`RESCAN_BATCH` at a time, each batch purged at once, so memory stays flat
    however large the archive and no transaction outlives a batch."""
    from polosa.core import surrogate
    from polosa.core.purge import purge_keys
    from polosa.legal import engine, gate, mentions, registry
    from polosa.legal.models import MentionReview
    from polosa.legal.signals import article_relabelled, registry_relabelled
    from polosa.news.models import ArticlePage

    wanted = set(entry_ids or ())
    before = MentionReview.objects.count()
    registry.forget()  # the task may run in a process that has not seen the bump
    if wanted:
        ids = candidate_article_ids(wanted)
    else:
        ids = ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True)
    scanned = 0
    for batch in batches(ids.iterator(chunk_size=2000), RESCAN_BATCH):
        scanned += len(batch)
        changed = set()
        for article in ArticlePage.objects.live().filter(pk__in=batch).order_by("pk"):
            labelled = gate.scan(article)
            mentions.index_article(article, labelled)
            unresolved = labelled.unresolved
            if wanted:
                unresolved = [m for m in unresolved if m.entry_id in wanted]
            gate.record_pending(article, unresolved)
            if wanted and any(m.entry_id in wanted for m in labelled.mentions):
                # It mentions a changed entry: marked before or not, its page changes.
                changed.add(article.pk)
            if wanted and any(
                m.entry_id in wanted and m.certainty == engine.SURE for m in labelled.mentions
            ):
                article_relabelled.send(sender=ArticlePage, article_id=article.pk)
        if changed:
            purge_keys({surrogate.article(pk) for pk in changed}, reason="legal rescan")
        logger.info("legal rescan: %d articles scanned", scanned)
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
def rescan_blocked_links(batch_size: int | None = None) -> int:
    """After the blocked resources changed: record the links to them in every published
    article and purge each article that has or had one. Returns how many articles.

    Like :func:`rescan_published_articles`, the live articles' ids are read first and the
    articles :data:`RESCAN_BATCH` at a time, so memory stays flat however large the
    archive and no transaction or lock outlives a batch: per batch one query reads the
    articles, one their correction notes (none if no article was corrected), one the links
    already recorded, and one insert adds the new ones; the batch is purged at once."""
    from polosa.core import surrogate
    from polosa.core.purge import purge_keys
    from polosa.legal import blocked, gate, registry
    from polosa.news.models import ArticlePage

    registry.forget()  # the task may run in a process that has not seen the change
    ids = ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True)
    touched = 0
    for batch in batches(ids.iterator(chunk_size=2000), batch_size or RESCAN_BATCH):
        articles = list(ArticlePage.objects.live().filter(pk__in=batch).order_by("pk"))
        _attach_corrections(articles)
        found = {}
        for article in articles:
            html = gate.article_html(article)
            links = blocked.found_in(html)
            if links:
                found[article.pk] = (html, links)
        had = blocked.record_pending_for_articles(found, [article.pk for article in articles])
        keys = {surrogate.article(pk) for pk in had | set(found)}
        if keys:
            purge_keys(keys, reason="blocked links rescan")
        touched += len(keys)
    logger.info("blocked links rescan: %d articles", touched)
    return touched


def _attach_corrections(articles: list) -> None:
    """The published correction notes of the corrected ones among ``articles`` (which the
    text a reader gets ends with) in one query, none when no article was corrected."""
    from polosa.news.models import NEWEST_FIRST, ArticleCorrection

    corrected = {article.pk: article for article in articles if article.corrected_at}
    if not corrected:
        return
    notes: dict[int, list] = {pk: [] for pk in corrected}
    rows = ArticleCorrection.objects.filter(page_id__in=corrected).exclude(published_at=None)
    for note in rows.order_by(*NEWEST_FIRST):
        notes[note.page_id].append(note)
    for pk, article in corrected.items():
        article.__dict__["correction_list"] = notes[pk]  # the cached property


@task()
def rebuild_mentions_index() -> int:
    """Index the whole archive for the mentions report (see
    :func:`polosa.legal.mentions.rebuild`); queued after the migration that creates the
    index, so articles older than it are in the report. Returns how many articles."""
    from polosa.legal import mentions

    def report(progress: mentions.Progress) -> None:
        logger.info(
            "mentions index: %d of %d articles, %d rows",
            progress.done,
            progress.total,
            progress.rows,
        )

    return mentions.rebuild(progress=report).done
