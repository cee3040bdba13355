"""The mentions index: which published article mentions which registry entry, and whether
readers see it marked, it waits for a decision, or it was dismissed.

Written here only, from the text readers get (the live revision, marked as its page marks
it: overrides and decisions applied), by :func:`index_article` at every publication, every
decision on the article and the archive rescan after a registry change; an unpublished
article leaves the index.
"""

from __future__ import annotations

from django.db import transaction

from polosa.legal import labels


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
