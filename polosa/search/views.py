"""Fragments of the search app."""

from django.http import HttpRequest, HttpResponse

from polosa.core.pagecache import shared_cache_policy
from polosa.search.templatetags.related_tags import render_read_also


def read_also_fragment(request: HttpRequest, article_id: int | None = None) -> HttpResponse:
    """``/_fragments/read-also/``: «Читайте также» shared by every article outside the
    newest; ``/_fragments/read-also/<id>/``: one of the newest, leaving itself out. Purged
    by any publication (and by an edit of an article it lists)."""
    return shared_cache_policy(HttpResponse(render_read_also(request, article_id)), shared=3600)
