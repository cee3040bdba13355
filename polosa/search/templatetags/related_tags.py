"""``{% read_also page %}``: «Читайте также» under an article, as a fragment of the page.

Behind Varnish the page carries an ESI include of ``/_fragments/read-also/<id>/``; Polosa's
own cache assembles it the same way; editors and previews get it rendered in place.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from polosa.core.pagecache import include_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def read_also(context, article) -> str:
    request = context.get("request")
    return include_fragment(
        request,
        reverse("search:read-also-fragment", args=[article.pk]),
        lambda: render_read_also(request, article.pk),
    )


def render_read_also(request, article_id: int) -> str:
    from polosa.core.sites import site_for_request
    from polosa.search.related import read_also as newest_others

    site_for_request(request)  # the stored site for the links, not a query
    return render_to_string(
        "search/read_also.html", {"read_also": newest_others(article_id)}, request=request
    )
