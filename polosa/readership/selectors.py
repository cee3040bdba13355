"""Reads of readership for the reader's pages.

Both lists are kept in the tagged store under the keys of what they hold: their own key
(``related-<id>``, ``most-read``), each listed article and the rubrics (the cards show
them). An edit of a listed article purges them, another publication does not. Only
published articles come out, whatever the stored rows say (an article unpublished a
moment ago is gone before its list is recomputed).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from polosa.core import surrogate, taggedcache
from polosa.readership import conf

#: What a card of these lists shows (the rubric comes from the stored rubrics).
CARD_FIELDS = (
    "id",
    "title",
    "slug",
    "path",
    "depth",
    "url_path",
    "published_at",
    "live",
    "first_published_at",
    "locale_id",
)
TIMEOUT = 3600.0


def _remembered(name: str, compute: Callable[[], Any], keys_of: Callable[[Any], Iterable[str]]):
    """Like :func:`polosa.core.taggedcache.remember`, stored under keys read from the value."""
    store = taggedcache.store()
    found = store.get(name)
    if found is not None:
        return found[0]
    started_at = time.time()
    value = compute()
    keys = {*keys_of(value), surrogate.RUBRICS, surrogate.SITE}
    store.set(name, (value,), keys=keys, timeout=TIMEOUT, started_at=started_at)
    return value


def _article_keys(articles: Iterable) -> set[str]:
    return {surrogate.article(article.pk) for article in articles}


def related_articles(article_id: int) -> list:
    """The article's stored «Читайте также», published articles only, in order; empty when
    it has none yet. Declares the list's key and each article's."""
    from polosa.news import listing

    def load() -> list:
        articles = (
            listing.published_articles()
            .filter(shown_in_related__article_id=article_id)
            .order_by("shown_in_related__position")
            .only(*CARD_FIELDS)
        )
        return listing.attach_rubrics(articles)

    key = conf.related_key(article_id)
    items = _remembered(f"related:{article_id}", load, lambda items: {key, *_article_keys(items)})
    surrogate.declare(key, surrogate.RUBRICS)
    surrogate.declare_all(_article_keys(items))
    return items


def most_read() -> dict[str, list]:
    """«Самое читаемое» as the worker last ranked it: ``{"day": [...], "week": [...]}``."""
    from django.db.models import F

    from polosa.news import listing

    def load() -> dict[str, list]:
        articles = (
            listing.published_articles()
            .filter(most_read__isnull=False)
            .annotate(most_read_window=F("most_read__window"))
            .order_by("most_read__window", "most_read__position")
            .only(*CARD_FIELDS)
        )
        lists: dict[str, list] = {"day": [], "week": []}
        for article in listing.attach_rubrics(articles):
            lists.setdefault(article.most_read_window, []).append(article)
        return lists

    def keys_of(lists: dict[str, list]) -> set[str]:
        return {conf.MOST_READ_KEY, *(k for items in lists.values() for k in _article_keys(items))}

    lists = _remembered("most-read", load, keys_of)
    surrogate.declare(conf.MOST_READ_KEY, surrogate.RUBRICS)
    surrogate.declare_all(k for items in lists.values() for k in _article_keys(items))
    return lists
