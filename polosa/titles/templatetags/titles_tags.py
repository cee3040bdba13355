"""``{% ratings_block %}``: the film and series cards on article pages and the home page.

The block is a fragment of the page (``/_fragments/ratings/``, cached on its own under the
keys of the titles it shows): a vote re-renders the block, not the pages around it. It
holds no CSRF token: voting happens on the title page.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from polosa.core.pagecache import include_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def ratings_block(context) -> str:
    request = context.get("request")
    return include_fragment(
        request, reverse("titles:ratings-fragment"), lambda: render_ratings_block(request)
    )


def render_ratings_block(request) -> str:
    from polosa.titles.block import block_cards

    return render_to_string(
        "titles/ratings_block.html", {"titles": block_cards(request)}, request=request
    )


@register.inclusion_tag("titles/reviewed_title.html")
def reviewed_title(article) -> dict:
    """For a review: the film or series it is about, with its score and a link to vote.

    Kept outside the article's cached text, since the score moves with every vote; the
    title comes from the query the page's structured data already made.
    """
    from polosa.core import surrogate

    title = getattr(article, "reviewed_title_with_poster", None)
    if title is not None:
        surrogate.declare(surrogate.title(title.pk))
    return {"title": title}


@register.filter
def score_text(score) -> str:
    """``7,7``: one decimal with the Russian decimal comma; empty when there is no score."""
    return "" if score is None else f"{score:.1f}".replace(".", ",")
