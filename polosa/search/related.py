""" "Читайте также": other recent articles across rubrics."""

from polosa.news import listing

READ_ALSO_COUNT = 6


def read_also(article, count: int = READ_ALSO_COUNT) -> list:
    """The ``count`` newest other published articles, with their rubrics attached."""
    articles = (
        listing.published_articles()
        .exclude(pk=article.pk)
        .only(
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
    )
    return listing.attach_rubrics(articles)
