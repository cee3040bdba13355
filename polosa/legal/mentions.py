"""The mentions index: which published article mentions which registry entry, and whether
readers see it marked, it waits for a decision, or it was dismissed.

Written here only, from the text readers get (the live revision, marked as its page marks
it: overrides and decisions applied), by :func:`index_article` at every publication, every
decision on the article and the archive rescan after a registry change; an unpublished
article leaves the index.

Articles published before the index existed have no rows: :func:`rebuild` (``polosa legal
mentions --rebuild``, and the worker's :func:`polosa.legal.tasks.rebuild_mentions_index`,
queued by the migration that creates the index) indexes the whole archive batch by batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from polosa.legal import labels

#: Articles read, scanned and indexed together by :func:`rebuild`.
REBUILD_BATCH = 200


def statuses(labelled: labels.Labelled) -> dict[str, tuple[str, str]]:
    """Entry id → (status, the first words that mention it) for a marked text."""
    from polosa.legal.models import ArticleMention

    Status = ArticleMention.Status
    marked = {footnote.entry_id for footnote in labelled.footnotes}
    pending = {(m.entry_id, m.start) for m in labelled.unresolved}
    found: dict[str, tuple[str, str]] = {}
    for mention in labelled.mentions:
        if mention.entry_id in marked:
            status = Status.MARKED
        elif (mention.entry_id, mention.start) in pending:
            status = Status.PENDING
        else:
            status = Status.DISMISSED
        previous = found.get(mention.entry_id)
        if previous is None or _rank(status) < _rank(previous[0]):
            found[mention.entry_id] = (status, mention.text)
    return found


def _rank(status: str) -> int:
    return ("marked", "pending", "dismissed").index(status)


def index_article(article, labelled: labels.Labelled | None = None) -> None:
    """Bring the article's rows up to date (none unless it is live)."""
    from polosa.legal import gate
    from polosa.legal.context import visible_text
    from polosa.legal.models import ArticleMention, RegistryEntry

    if not article.live:
        forget_article(article.pk)
        return
    labelled = labelled or gate.scan(article)
    found = statuses(labelled)
    entry_pks = dict(
        RegistryEntry.objects.filter(external_id__in=found).values_list("external_id", "pk")
    )
    wanted = {
        entry_pks[entry_id]: (status, visible_text(text).strip()[:500])
        for entry_id, (status, text) in found.items()
        if entry_id in entry_pks
    }
    with transaction.atomic():
        existing = {row.entry_id: row for row in ArticleMention.objects.filter(article=article)}
        stale = [
            pk for entry_pk, row in existing.items() if entry_pk not in wanted for pk in [row.pk]
        ]
        if stale:
            ArticleMention.objects.filter(pk__in=stale).delete()
        for entry_pk, (status, text) in wanted.items():
            row = existing.get(entry_pk)
            if row is None:
                ArticleMention.objects.create(
                    article_id=article.pk, entry_id=entry_pk, status=status, text=text
                )
            elif (row.status, row.text) != (status, text):
                row.status, row.text = status, text
                row.save(update_fields=["status", "text", "updated_at"])


def index_article_id(article_id: int) -> None:
    from polosa.news.models import ArticlePage

    article = ArticlePage.objects.filter(pk=article_id).first()
    if article is None:
        return
    index_article(article)


def forget_article(article_id: int) -> None:
    from polosa.legal.models import ArticleMention

    ArticleMention.objects.filter(article_id=article_id).delete()


@dataclass(frozen=True)
class Progress:
    """How far :func:`rebuild` has gone: articles indexed of the live ones, index rows."""

    done: int
    total: int
    rows: int


def rebuild(
    *, batch_size: int = REBUILD_BATCH, progress: Callable[[Progress], None] | None = None
) -> Progress:
    """Index every live article again, :data:`REBUILD_BATCH` at a time (ids are read first,
    each batch is its own short transactions, so memory stays flat however large the
    archive); rows of articles no longer live go. An uncertain mention gets its pending
    review as at publication (one the gate recorded then keeps its decision), so every
    «ждёт решения» row of the report is in the reviewer's list; nothing is purged
    (readers' pages do not change). ``progress`` is called after each batch."""
    from polosa.legal import gate, registry
    from polosa.legal.models import ArticleMention
    from polosa.legal.tasks import batches
    from polosa.news.models import ArticlePage

    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    registry.forget()  # the registry as it is now, not as this process last saw it
    ArticleMention.objects.exclude(article__live=True).delete()
    live = ArticlePage.objects.live().order_by("pk")
    total = live.count()
    done = 0
    ids = live.values_list("pk", flat=True).iterator(chunk_size=2000)
    for batch in batches(ids, batch_size):
        for article in ArticlePage.objects.live().filter(pk__in=batch).order_by("pk"):
            labelled = gate.scan(article)
            gate.record_pending(article, labelled.unresolved)
            index_article(article, labelled)
        done += len(batch)
        if progress is not None:
            progress(Progress(done, total, ArticleMention.objects.count()))
    return Progress(done, total, ArticleMention.objects.count())
