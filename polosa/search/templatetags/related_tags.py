"""``{% read_also page %}``: «Читайте также» under an article, as a fragment of the page.

Behind Varnish the page carries an ESI include; Polosa's own cache assembles it the same
way; editors and previews get it rendered in place. Every article outside the newest few
shows the same list, so their pages share one fragment (``/_fragments/read-also/``) and a
publication re-renders it once, not once per article; only the newest articles, which must
leave themselves out, get their own (``/_fragments/read-also/<id>/``). A page keeps the
fragment it was rendered with: an article that drops out of the newest keeps leaving
itself out, and an old article becomes new again only by a publication, which purges it.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from polosa.core.pagecache import include_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def read_also(context, article) -> str:
    from polosa.search.related import among_newest

    request = context.get("request")
    if among_newest(article.pk):
        path = reverse("search:read-also-own-fragment", args=[article.pk])
    else:
        path = reverse("search:read-also-fragment")
    return include_fragment(request, path, lambda: render_read_also(request, article.pk))


def render_read_also(request, article_id: int | None) -> str:
    from polosa.core.sites import site_for_request
    from polosa.search.related import read_also as newest_others

    site_for_request(request)  # the stored site for the links, not a query
    return render_to_string(
        "search/read_also.html", {"read_also": newest_others(article_id)}, request=request
    )
