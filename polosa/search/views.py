"""Fragments of the search app."""

from django.http import HttpRequest, HttpResponse

from polosa.core.pagecache import shared_cache_policy
from polosa.search.templatetags.related_tags import render_article_aside


def article_aside_fragment(request: HttpRequest, article_id: int | None = None) -> HttpResponse:
    """``/_fragments/article-aside/``: «Читайте также» and the ratings block, shared by
    every article outside the newest; ``/_fragments/article-aside/<id>/``: one of the
    newest, leaving itself out. Purged by any publication, a vote, and an edit of an
    article or title it shows."""
    html = render_article_aside(request, article_id)
    return shared_cache_policy(HttpResponse(html), shared=3600)
