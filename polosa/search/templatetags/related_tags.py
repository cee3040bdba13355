"""``{% article_aside page %}``: what follows an article, as two fragments of the page.

* ``/_fragments/article-aside/<id>/``: the article's «Читайте также». Once the article
  has its own list (computed when it is published) the fragment is stored under that
  list's key and the articles it shows: an edit of one of them purges it, nothing else
  does (another publication leaves it alone). Until then it shows the newest articles
  and every publication renders it again.
* ``/_fragments/article-aside/``: what every article shows alike, «Самое читаемое» and
  the ratings block, one fragment for all of them: a vote or a new ranking of the most
  read renders it once, not once per article.

Two includes, not one: with the shared blocks inside every article's own fragment, each
vote would drop the fragments of all articles. Not three: each ESI include costs Varnish
about a request of its own (``bench/load.py``), so the two shared blocks are one. Behind
Varnish the page carries ESI includes; Polosa's own cache assembles them the same way;
editors and previews get them rendered in place.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from polosa.core.pagecache import include_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def article_aside(context, article) -> str:
    request = context.get("request")
    own = include_fragment(
        request,
        reverse("search:article-aside-own", args=[article.pk]),
        lambda: render_article_aside(request, article.pk),
    )
    shared = include_fragment(
        request, reverse("search:article-aside"), lambda: render_article_aside(request, None)
    )
    return mark_safe(own + shared)


def render_article_aside(request, article_id: int | None) -> str:
    """The article's «Читайте также» (``article_id``), or the blocks every article shows."""
    from polosa.core.sites import site_for_request

    site_for_request(request)  # the stored site for the links, not a query
    if article_id is None:
        from polosa.readership.templatetags.readership_tags import render_most_read
        from polosa.titles.templatetags.titles_tags import render_ratings_block

        return mark_safe(render_most_read(request) + render_ratings_block(request))
    from polosa.search.related import read_also

    return render_to_string(
        "search/article_aside.html", {"read_also": read_also(article_id)}, request=request
    )
