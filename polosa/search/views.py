"""The search page and the fragments of the search app."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from polosa.core.pagecache import shared_cache_policy
from polosa.search.templatetags.related_tags import render_article_aside


def article_aside_fragment(request: HttpRequest, article_id: int | None = None) -> HttpResponse:
    """``/_fragments/article-aside/<id>/``: the article's «Читайте также», purged when its
    stored list changes or an article it shows is edited (until it has a list: the newest
    others, purged by any publication); ``/_fragments/article-aside/``: «Самое читаемое»
    and the ratings block, shared by every article, purged by a new ranking, a vote, or
    an edit of an article or title it shows."""
    html = render_article_aside(request, article_id)
    return shared_cache_policy(HttpResponse(html), shared=3600)


def search_page(request: HttpRequest) -> HttpResponse:
    """``/search/?q=…&rubric=…&kind=…&period=…&page=…``: readers' search.

    Stored by the page cache like any list: it declares
    :data:`~polosa.core.surrogate.LISTING_SITE` (any publication or unpublication purges
    it), the rubrics and the people directory (its names are part of the morphology), and
    each result's article. An unknown rubric, kind or period, or a page past the end, is a
    404; a malformed ``page`` too.
    """
    from polosa.search import selectors

    form = selectors.read_form(request)
    results = selectors.search_articles(form)
    response = render(request, "search/search_page.html", {"form": form, "results": results})
    # A period's window moves with the clock, which purges nothing: a shorter life.
    return shared_cache_policy(response, shared=600 if form.period else 3600)
