"""The dates the sitemap index shows, kept by block of article ids.

The index dates each article file by the newest change of its articles and each rubric by
its newest publication. Aggregating the articles for that is a scan of the archive (11.9 s
at a million articles after a whole-site purge, 0.9 s after a publication in a rubric of
250 000). Instead every block of ``size`` ids has a row
(:class:`~polosa.distribution.models.SitemapBlock`) with the newest dates of its live
articles, per parent page:

* a publication change of an article (published, unpublished, moved, deleted) rewrites
  its block once the change is committed: one aggregate over at most ``size`` ids, under
  the block's row lock, so two changes of one block never leave the older one's result;
  then :data:`KEY` is purged (the index and the dates computed from the blocks);
* a block without a row (an archive from before this table, a bulk load) is computed
  when the index first needs it, in one grouped query over the missing ranges;
* view restrictions are applied when the blocks are read (:func:`visible`), so a
  restriction change, like any whole-site purge, costs no scan.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import BigIntegerField, F, Func, IntegerField, Max, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest, Length, Substr

logger = logging.getLogger(__name__)

#: The surrogate key of what is computed from the blocks: the index and its dates.
KEY = "sitemap-dates"

#: The times an article's ``lastmod`` is the latest of.
LASTMOD_FIELDS = ("published_at", "last_published_at", "updated_at", "corrected_at")

#: Parent page id → (newest change, newest last publication), in microseconds since the
#: epoch (exact, compared as integers), ``None`` when no article has that time.
Dates = dict[int, tuple[int | None, int | None]]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def lastmod_expression() -> Greatest:
    """The latest of :data:`LASTMOD_FIELDS` that are set, in SQL (PostgreSQL's GREATEST
    skips nulls, SQLite's MAX returns null: each argument falls back on the others)."""
    return Greatest(
        *(
            Coalesce(name, *(other for other in LASTMOD_FIELDS if other != name))
            for name in LASTMOD_FIELDS
        )
    )


class EpochSeconds(Func):
    """A time as whole seconds since the epoch (rounded down, as a sitemap shows it): an
    integer column decodes in a fraction of a datetime's time (50 000 a file)."""

    template = "CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS BIGINT)"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # ``%%%%``: one ``%`` left after the template, and after the placeholders.
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        )


def micros(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    delta = moment - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def moment(value: int | None) -> datetime | None:
    if value is None:
        return None
    return _EPOCH + timedelta(microseconds=value)


def runs(blocks: Iterable[int]) -> Iterator[tuple[int, int]]:
    """Sorted block numbers as ``(first, last)`` runs of consecutive ones."""
    first = last = None
    for block in sorted(set(blocks)):
        if last is not None and block == last + 1:
            last = block
            continue
        if first is not None:
            yield first, last
        first = last = block
    if first is not None:
        yield first, last


def compute(size: int, blocks: Iterable[int], articles: QuerySet | None = None) -> dict[int, Dates]:
    """The dates of ``blocks`` from the articles themselves (live ones, or ``articles``):
    one grouped query over their id ranges and one for the parents' ids."""
    from wagtail.models import Page

    from polosa.news.models import ArticlePage

    blocks = sorted(set(blocks))
    if not blocks:
        return {}
    ranges = Q()
    for first, last in runs(blocks):
        ranges |= Q(pk__gt=first * size, pk__lte=(last + 1) * size)
    articles = ArticlePage.objects.live() if articles is None else articles
    rows = (
        articles.filter(ranges)
        .order_by()
        .annotate(
            sitemap_block=(F("pk") - Value(1)) / Value(size, output_field=IntegerField()),
            parent_path=Substr("path", 1, Length("path") - ArticlePage.steplen),
        )
        .values("sitemap_block", "parent_path")
        .annotate(newest_change=Max(lastmod_expression()), newest=Max("last_published_at"))
    )
    rows = list(rows)
    parents = dict(
        Page.objects.filter(path__in={row["parent_path"] for row in rows}).values_list("path", "pk")
    )
    found: dict[int, Dates] = {block: {} for block in blocks}
    for row in rows:
        parent = parents.get(row["parent_path"])
        if parent is not None and row["sitemap_block"] in found:
            found[row["sitemap_block"]][parent] = (
                micros(row["newest_change"]),
                micros(row["newest"]),
            )
    return found


def _stored(dates: Dates) -> dict[str, list]:
    return {str(parent): list(pair) for parent, pair in dates.items()}


def _read(stored: dict) -> Dates:
    return {int(parent): (pair[0], pair[1]) for parent, pair in stored.items()}


def refresh(size: int, blocks: Iterable[int]) -> None:
    """Rewrite the rows of ``blocks``: their rows are locked first, then the articles
    read, so a concurrent refresh of the same block waits and then sees this one's
    commit (and this one sees every change committed before it got the lock)."""
    from polosa.distribution.models import SitemapBlock

    blocks = sorted(set(blocks))
    if not blocks:
        return
    with transaction.atomic():
        SitemapBlock.objects.bulk_create(
            [SitemapBlock(size=size, block=block) for block in blocks], ignore_conflicts=True
        )
        locked = SitemapBlock.objects.select_for_update().filter(size=size, block__in=blocks)
        list(locked.order_by("block").values_list("pk", flat=True))
        computed = compute(size, blocks)
        SitemapBlock.objects.bulk_create(
            [SitemapBlock(size=size, block=b, dates=_stored(d)) for b, d in computed.items()],
            update_conflicts=True,
            unique_fields=["size", "block"],
            update_fields=["dates"],
        )


def load(size: int, count: int) -> dict[int, Dates]:
    """Blocks ``0 … count-1``: one query for the stored rows; the missing ones are
    computed and stored (the first time, or after a bulk load)."""
    from polosa.distribution.models import SitemapBlock

    rows = SitemapBlock.objects.filter(size=size, block__lt=count).values_list("block", "dates")
    found = {block: _read(stored) for block, stored in rows}
    missing = [block for block in range(count) if block not in found]
    if missing:
        logger.info("sitemap dates: computing %d blocks of %d ids", len(missing), size)
        refresh(size, missing)
        rows = SitemapBlock.objects.filter(size=size, block__in=missing)
        found.update((block, _read(stored)) for block, stored in rows.values_list("block", "dates"))
    return found


def visible(size: int, blocks: dict[int, Dates]) -> dict[int, Dates]:
    """``blocks`` as readers may see them: without the parents a view restriction hides
    (a rubric, or a page above it) and, for a block holding a restricted page of its own
    (an article), computed again without it. No query without restrictions."""
    from wagtail.models import Page

    from polosa.news import listing

    restrictions = listing.view_restrictions()
    if not restrictions:
        return blocks
    hidden_under = tuple({restriction.page.path for restriction in restrictions})
    parents = {parent for dates in blocks.values() for parent in dates}
    paths = dict(Page.objects.filter(pk__in=parents).values_list("pk", "path"))
    hidden = {parent for parent, path in paths.items() if path.startswith(hidden_under)}
    own = {
        (restriction.page_id - 1) // size
        for restriction in restrictions
        if restriction.page_id not in paths and (restriction.page_id - 1) // size in blocks
    }
    shown = dict(blocks)
    if own:
        shown.update(compute(size, own, listing.exclude_restricted(_live_articles())))
    return {
        block: {parent: pair for parent, pair in dates.items() if parent not in hidden}
        for block, dates in shown.items()
    }


def _live_articles() -> QuerySet:
    from polosa.news.models import ArticlePage

    return ArticlePage.objects.live()


# -- after a change ------------------------------------------------------------------------


def _pending() -> set[int]:
    """The changed articles not yet refreshed, of this thread's connection (its
    transactions' ``on_commit`` callbacks run there)."""
    connection = transaction.get_connection()
    if not hasattr(connection, "polosa_sitemap_pending"):
        connection.polosa_sitemap_pending = set()
    return connection.polosa_sitemap_pending


def article_changed(pk: int | None) -> None:
    """Article ``pk``'s publication changed: its block is rewritten once the transaction
    commits (at once outside one); many changes in one transaction, one refresh."""
    if not pk:
        return
    _pending().add(pk)
    transaction.on_commit(flush)  # the first one to run refreshes them all


def flush() -> None:
    """Rewrite the blocks of the articles changed so far, for every block size stored,
    and purge :data:`KEY`. A failure is logged: the publication stands, and the block is
    rewritten with the next change in it."""
    from polosa.core.purge import purge_keys
    from polosa.distribution.models import SitemapBlock

    pending = _pending()
    if not pending:
        return
    changed = set(pending)
    pending.clear()
    try:
        for size in SitemapBlock.objects.values_list("size", flat=True).distinct():
            refresh(size, {(pk - 1) // size for pk in changed})
    except Exception:
        logger.exception("sitemap dates: blocks of %d changed articles not rewritten", len(changed))
        return
    purge_keys({KEY}, reason="sitemap dates")
