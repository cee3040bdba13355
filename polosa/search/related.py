""" "Читайте также": other recent articles across rubrics, a fragment of the article page."""

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


def among_newest(article_id: int, count: int = READ_ALSO_COUNT) -> bool:
    """Whether the article would appear in its own «Читайте также»."""
    return any(article.pk == article_id for article in newest(count + 1))


def read_also(article_id: int | None, count: int = READ_ALSO_COUNT) -> list:
    """The ``count`` newest published articles other than ``article_id``, with their
    rubrics attached. Each item declares its article, so an edited headline purges the
    lists showing it."""
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
