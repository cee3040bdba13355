"""Writes of readership, each naming the surrogate keys it changes.

* «Читайте также»: :func:`related_refresh` computes an article's list when it is
  published or edited (and the lists of the articles it lists, which may now want it);
  :func:`related_lists_showing_refresh` recomputes the lists that show an article taken
  off the site. A list that changed purges its own key, ``related-<id>``: the article's
  fragment, nothing else.
* Views: :func:`reads_apply` adds a web process's tally to the hourly counts, once.
* «Самое читаемое»: :func:`most_read_refresh` ranks the views again and purges
  ``most-read`` when the ranking changed.

The tasks, the worker's sweep and ``polosa related`` call these; nothing else writes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from polosa.core.purge import purge_keys
from polosa.readership import conf

logger = logging.getLogger(__name__)

WINDOWS = (("day", 24), ("week", 7 * 24))


def keywords_store(article_id: int, wanted: set[str]) -> bool:
    """Make the article's stored keywords ``wanted``; ``True`` if they changed."""
    from polosa.readership.models import ArticleKeyword

    stored = ArticleKeyword.objects.filter(article_id=article_id)
    existing = set(stored.values_list("keyword", flat=True))
    if existing == wanted:
        return False
    with transaction.atomic():
        if existing - wanted:
            stored.filter(keyword__in=existing - wanted).delete()
        ArticleKeyword.objects.bulk_create(
            [ArticleKeyword(article_id=article_id, keyword=k) for k in sorted(wanted - existing)],
            ignore_conflicts=True,
        )
    return True


def related_list_store(article_id: int, items: list[tuple[int, float]]) -> bool:
    """Store an article's «Читайте также» (``(id, score)``, in order); purges its key if
    the articles or their order changed."""
    from polosa.readership.models import RelatedArticle

    stored = RelatedArticle.objects.filter(article_id=article_id)
    if list(stored.order_by("position").values_list("related_id", flat=True)) == [
        pk for pk, _ in items
    ]:
        return False
    rows = [
        RelatedArticle(article_id=article_id, related_id=pk, position=position, score=score)
        for position, (pk, score) in enumerate(items)
    ]
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                stored.delete()
                RelatedArticle.objects.bulk_create(rows)
            break
        except IntegrityError:
            # Another worker stored the article's first list at the same moment.
            if attempt == 2:
                raise
    purge_keys({conf.related_key(article_id)}, reason="related articles changed")
    return True


def related_refresh(
    article_id: int,
    *,
    neighbours: bool = True,
    corpus=None,
    now: datetime | None = None,
) -> list[int]:
    """Compute and store the article's «Читайте также»; with ``neighbours``, also the lists
    of the related articles it found, which it may now belong to. Returns the list."""
    from polosa.readership import related

    corpus = corpus or related.Corpus()
    now = now or timezone.now()
    article = related.article_for(article_id)
    if article is None:  # unpublished (or deleted) before the task ran
        return []
    own = related.keywords_of(article)
    keywords_store(article.pk, own)
    top = related.ranked(article, own, now=now, count=conf.RELATED_COUNT, corpus=corpus)
    missing = conf.RELATED_COUNT - len(top)
    fill = related.newest_others({article.pk, *(pk for pk, _ in top)}, missing) if missing else []
    items = top + [(pk, 0.0) for pk in fill]
    related_list_store(article.pk, items)
    if neighbours:
        for pk, _ in top:
            related_refresh(pk, neighbours=False, corpus=corpus, now=now)
    return [pk for pk, _ in items]


def related_lists_showing_refresh(article_ids: Iterable[int]) -> int:
    """Recompute the lists that show any of ``article_ids`` (taken off the site or
    deleted); returns how many were recomputed."""
    from polosa.readership import related
    from polosa.readership.models import RelatedArticle

    ids = set(article_ids)
    holders = set(
        RelatedArticle.objects.filter(related_id__in=ids)
        .exclude(article_id__in=ids)
        .values_list("article_id", flat=True)
    )
    corpus = related.Corpus()
    for holder in sorted(holders):
        related_refresh(holder, neighbours=False, corpus=corpus)
    return len(holders)


def related_rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Every published article's keywords, then every list (after a bulk load, or the
    first time); returns how many articles."""
    from polosa.news import listing
    from polosa.readership import related

    ids = list(listing.published_articles().values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        for article in (
            listing.published_articles()
            .select_related("reviewed_title")
            .only("id", "title", "lead", "reviewed_title__name", "reviewed_title__original_name")
            .filter(pk__in=ids[start : start + 500])
        ):
            keywords_store(article.pk, related.keywords_of(article))
    corpus = related.Corpus()
    now = timezone.now()
    for pk in ids:
        related_refresh(pk, neighbours=False, corpus=corpus, now=now)
        if progress:
            progress(1)
    return len(ids)


def reads_apply(batch: str, rows: list[list[int]]) -> int:
    """Add a tally (``[article id, hour, views]`` rows) to the hourly counts, once per
    ``batch`` however often it is run; returns the views added."""
    from polosa.news.models import ArticlePage
    from polosa.readership.counters import hour_start
    from polosa.readership.models import ArticleReads, ReadBatch

    added = 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReadBatch.objects.create(batch=batch)
        except IntegrityError:
            return 0  # applied before: its worker died before recording the task's end
        known = set(
            ArticlePage.objects.filter(pk__in={row[0] for row in rows}).values_list("pk", flat=True)
        )
        for article_id, hour, views in rows:
            if article_id not in known:
                continue  # deleted meanwhile
            at = hour_start(hour)
            same = ArticleReads.objects.filter(article_id=article_id, hour=at)
            if not same.update(count=F("count") + views):
                try:
                    with transaction.atomic():
                        ArticleReads.objects.create(article_id=article_id, hour=at, count=views)
                except IntegrityError:  # another batch created the hour meanwhile
                    same.update(count=F("count") + views)
            added += views
    return added


def most_read_refresh(*, now: float | None = None) -> bool:
    """Rank «Самое читаемое» again from the counts; ``True`` if it changed (and was
    purged). Hours older than a week are dropped on the way."""
    from polosa.news import listing
    from polosa.readership.counters import counter, hour_of, hour_start
    from polosa.readership.models import ArticleReads, MostRead, ReadBatch

    moment = time.time() if now is None else now
    limit = conf.most_read_count()
    ranking = {}
    for window, hours in WINDOWS:
        top = counter().top(hours, limit * 4, moment)
        if top is None:
            return False  # the counts are unreachable: keep what readers see
        ranking[window] = top
    ids = {pk for top in ranking.values() for pk, _ in top}
    shown = (
        set(listing.published_articles().filter(pk__in=ids).values_list("pk", flat=True))
        if ids
        else set()
    )
    rows = []
    for window, top in ranking.items():
        kept = [(pk, views) for pk, views in top if pk in shown][:limit]
        rows += [
            MostRead(window=window, position=position, article_id=pk, reads=views)
            for position, (pk, views) in enumerate(kept)
        ]
    oldest = hour_start(hour_of(moment) - conf.KEEP_HOURS)
    ArticleReads.objects.filter(hour__lt=oldest).delete()
    ReadBatch.objects.filter(applied_at__lt=oldest).delete()
    current = list(MostRead.objects.values_list("window", "position", "article_id"))
    if sorted(current) == sorted((row.window, row.position, row.article_id) for row in rows):
        return False
    with transaction.atomic():
        MostRead.objects.all().delete()
        MostRead.objects.bulk_create(rows)
    purge_keys({conf.MOST_READ_KEY}, reason="most read changed")
    return True
