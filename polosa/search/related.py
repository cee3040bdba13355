""" "Читайте также": other recent articles across rubrics, a fragment of the article page."""

from __future__ import annotations

from polosa.core import surrogate, taggedcache
from polosa.news import listing

READ_ALSO_COUNT = 6


def read_also(article_id: int, count: int = READ_ALSO_COUNT) -> list:
    """The ``count`` newest other published articles, with their rubrics attached.

    Every article page shows nearly the same list, so the newest ``count + 1`` are stored
    under :data:`~polosa.core.surrogate.LISTING_SITE` (any publication purges it) and the
    page's own article is left out. Each item declares its article, so an edited headline
    purges the lists showing it.
    """
    surrogate.declare(surrogate.LISTING_SITE)
    newest = taggedcache.remember(
        f"newest-articles:{count + 1}",
        lambda: _newest(count + 1),
        keys=[surrogate.LISTING_SITE, surrogate.RUBRICS, surrogate.SITE],
    )
    items = [other for other in newest if other.pk != article_id][:count]
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
