""" "Читайте также": other recent articles across rubrics."""

from polosa.core import pagecache
from polosa.news import listing

READ_ALSO_COUNT = 6


def read_also(article, count: int = READ_ALSO_COUNT) -> list:
    """The ``count`` newest other published articles, with their rubrics attached.

    Every article page shows nearly the same list, so the newest ``count + 1`` are read
    once per process and content generation, and the page's own article is left out.
    """
    newest = pagecache.per_generation(f"newest-articles:{count + 1}", lambda: _newest(count + 1))
    return [other for other in newest if other.pk != article.pk][:count]


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
