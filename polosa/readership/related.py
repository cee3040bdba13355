"""What an article shares with the others, read from the database for
:mod:`polosa.readership.ranking`: the film or series it reviews, the names and words of
its headline and lead (:class:`~polosa.readership.models.ArticleKeyword`), the people it
mentions (:func:`polosa.people.articles_about`), its tags and its rubric.

Only published articles are candidates (:func:`polosa.news.listing.published_articles`).
Each source gives at most :data:`CANDIDATES_PER_SOURCE` of its newest articles, so a
computation costs about a dozen queries whatever the size of the archive. Runs in the
worker (:mod:`polosa.readership.tasks`), never while a reader waits.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.db.models import Count

from polosa.readership import keywords as words
from polosa.readership.ranking import Signals, rank

CANDIDATES_PER_SOURCE = 200
#: Rare words of an article looked for in others (the rarest first).
RARE_WORDS = 12
#: A word more than one article in this many has says nothing about the subject.
COMMON_SHARE = 0.2


@dataclass
class Corpus:
    """What every computation of one task run shares: how many articles there are."""

    @cached_property
    def total(self) -> int:
        from polosa.news.models import ArticlePage

        return max(1, ArticlePage.objects.filter(live=True).count())

    def rarity(self, frequency: int) -> float:
        return math.log((self.total + 1) / (frequency + 1)) + 0.1


@dataclass
class _Shared:
    same_title: bool = False
    names: int = 0
    people: int = 0
    tags: int = 0
    text: float = 0.0


def article_for(article_id: int):
    """The published article with what its relations are computed from, or ``None``."""
    from polosa.news import listing

    return (
        listing.published_articles()
        .select_related("reviewed_title")
        .only(
            "id",
            "title",
            "lead",
            "path",
            "depth",
            "published_at",
            "first_published_at",
            "reviewed_title__name",
            "reviewed_title__original_name",
        )
        .filter(pk=article_id)
        .first()
    )


def keywords_of(article) -> set[str]:
    title = article.reviewed_title
    names = [name for name in (title.name, title.original_name) if name] if title else []
    return words.keywords(article.title, article.lead, names)


def ranked(
    article, own_keywords: set[str], *, now: datetime, count: int, corpus: Corpus
) -> list[tuple[int, float]]:
    """The ``count`` articles closest to ``article`` as ``(id, score)``, best first."""
    shared: dict[int, _Shared] = defaultdict(_Shared)
    _by_title(article, shared)
    _by_keywords(article, own_keywords, shared, corpus)
    _by_people(article, shared)
    _by_tags(article, shared)
    shared.pop(article.pk, None)
    if not shared:
        return []
    from polosa.news import listing

    rubric_path = listing.rubric_path_of(article)
    rows = (
        listing.published_articles()
        .filter(pk__in=list(shared))
        .values_list("pk", "path", "published_at", "first_published_at")
    )
    candidates = [
        Signals(
            article_id=pk,
            published_at=published_at or first_published_at or now,
            same_title=shared[pk].same_title,
            names=shared[pk].names,
            people=shared[pk].people,
            tags=shared[pk].tags,
            same_rubric=path.startswith(rubric_path) and len(path) == len(article.path),
            text=shared[pk].text,
        )
        for pk, path, published_at, first_published_at in rows
    ]
    return rank(candidates, now, count)


def newest_others(exclude: set[int], count: int) -> list[int]:
    """The newest published articles not in ``exclude``: what fills a short list."""
    from polosa.news import listing

    return list(
        listing.published_articles().exclude(pk__in=exclude).values_list("pk", flat=True)[:count]
    )


def _by_title(article, shared: dict[int, _Shared]) -> None:
    if not article.reviewed_title_id:
        return
    from polosa.news import listing

    reviews = (
        listing.published_articles()
        .filter(reviewed_title_id=article.reviewed_title_id)
        .values_list("pk", flat=True)[:CANDIDATES_PER_SOURCE]
    )
    for pk in reviews:
        shared[pk].same_title = True


def _by_keywords(article, own: set[str], shared: dict[int, _Shared], corpus: Corpus) -> None:
    from polosa.readership.models import ArticleKeyword

    if not own:
        return
    frequency = dict(
        ArticleKeyword.objects.filter(keyword__in=own)
        .values("keyword")
        .annotate(articles=Count("article_id"))
        .values_list("keyword", "articles")
    )
    weight = {keyword: corpus.rarity(frequency.get(keyword, 1)) for keyword in own}
    lemmas = [keyword for keyword in own if not words.is_name(keyword)]
    total = sum(weight[keyword] for keyword in lemmas) or 1.0
    common = max(2, corpus.total * COMMON_SHARE)
    names = [k for k in own if words.is_name(k) and frequency.get(k, 0) > 1]
    rare = sorted(
        (k for k in lemmas if 1 < frequency.get(k, 0) <= common), key=lambda k: -weight[k]
    )[:RARE_WORDS]
    wanted = names + rare
    if not wanted:
        return
    rows = (
        ArticleKeyword.objects.filter(keyword__in=wanted)
        .exclude(article_id=article.pk)
        .order_by("-article_id")
        .values_list("article_id", "keyword")[: CANDIDATES_PER_SOURCE * 4]
    )
    for pk, keyword in rows:
        if words.is_name(keyword):
            shared[pk].names += 1
        else:
            shared[pk].text += weight[keyword] / total


def _by_people(article, shared: dict[int, _Shared]) -> None:
    from polosa import people

    for person in people.mentioned_in(article):
        others = (
            people.articles_about(person)
            .exclude(pk=article.pk)
            .values_list("pk", flat=True)[:CANDIDATES_PER_SOURCE]
        )
        for pk in others:
            shared[pk].people += 1


def _by_tags(article, shared: dict[int, _Shared]) -> None:
    from polosa.news.models import ArticleTag

    tags = list(ArticleTag.objects.filter(content_object_id=article.pk).values_list("tag_id"))
    if not tags:
        return
    rows = (
        ArticleTag.objects.filter(tag_id__in=[tag for (tag,) in tags])
        .exclude(content_object_id=article.pk)
        .order_by("-content_object_id")
        .values_list("content_object_id", flat=True)[: CANDIDATES_PER_SOURCE * 2]
    )
    for pk in rows:
        shared[pk].tags += 1
