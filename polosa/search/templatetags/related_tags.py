"""``{% article_aside page %}``: what follows an article, «Читайте также» and the ratings
block, as one fragment of the page.

Behind Varnish the page carries an ESI include; Polosa's own cache assembles it the same
way; editors and previews get it rendered in place. One include, not one per block: each
ESI include costs Varnish about as much as a request of its own (measured in
``bench/load.py``). Every article outside the newest few shows the same list, so their
pages share one fragment (``/_fragments/article-aside/``) and a publication re-renders it
once, not once per article; only the newest articles, which must leave themselves out,
get their own (``/_fragments/article-aside/<id>/``). A page keeps the fragment it was
rendered with: an article that drops out of the newest keeps leaving itself out, and an
old article becomes new again only by a publication, which purges its page.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from polosa.core.pagecache import include_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def article_aside(context, article) -> str:
    from polosa.search.related import among_newest

    request = context.get("request")
    if among_newest(article.pk):
        path = reverse("search:article-aside-own", args=[article.pk])
    else:
        path = reverse("search:article-aside")
    return include_fragment(request, path, lambda: render_article_aside(request, article.pk))


def render_article_aside(request, article_id: int | None) -> str:
    from polosa.core.sites import site_for_request
    from polosa.search.related import read_also

    site_for_request(request)  # the stored site for the links, not a query
    return render_to_string(
        "search/article_aside.html", {"read_also": read_also(article_id)}, request=request
    )
