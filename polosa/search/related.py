""" "Читайте также" of an article page: the article's own list, computed when it was
published (:mod:`polosa.readership.services`), or, until it has one, the newest others."""

from __future__ import annotations

from polosa.core import surrogate, taggedcache
from polosa.news import listing

READ_ALSO_COUNT = 6


def newest(count: int = READ_ALSO_COUNT + 1) -> list:
    """The ``count`` newest published articles, stored under
    :data:`~polosa.core.surrogate.LISTING_SITE` (any publication purges it)."""
    return taggedcache.remember(
        f"newest-articles:{count}",
        lambda: _newest(count),
        keys=[surrogate.LISTING_SITE, surrogate.RUBRICS, surrogate.SITE],
    )


def read_also(article_id: int | None, count: int = READ_ALSO_COUNT) -> list:
    """The article's «Читайте также», with rubrics attached.

    Its stored list when it has one: declared under its own key and the articles it
    shows, so only a new list or an edit of a listed article changes it. Otherwise the
    ``count`` newest articles other than ``article_id``, declared under
    :data:`~polosa.core.surrogate.LISTING_SITE`: any publication changes them."""
    from polosa.readership.selectors import related_articles

    if article_id is not None:
        items = related_articles(article_id)[:count]
        if items:
            return items
    surrogate.declare(surrogate.LISTING_SITE)
    items = [other for other in newest(count + 1) if other.pk != article_id][:count]
    surrogate.declare_all(surrogate.article(item.pk) for item in items)
    return items


def _newest(count: int) -> list:
    articles = listing.published_articles().only(
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
    )[:count]
    return listing.attach_rubrics(articles)
