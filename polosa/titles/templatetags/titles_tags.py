"""``{% ratings_block %}``: the film and series cards on article pages and the home page.

The cards come from :func:`polosa.titles.block.block_cards`, cached until the next vote, so
the block adds no query to a page once warm. It holds no CSRF token: the pages it sits on
are cached whole; voting happens on the title page.
"""

from django import template

register = template.Library()


@register.inclusion_tag("titles/ratings_block.html", takes_context=True)
def ratings_block(context) -> dict:
    from polosa.titles.block import block_cards

    return {"titles": block_cards(context.get("request"))}


@register.inclusion_tag("titles/reviewed_title.html")
def reviewed_title(article) -> dict:
    """For a review: the film or series it is about, with its score and a link to vote.

    Kept outside the article's cached text, since the score moves with every vote; the
    title comes from the query the page's structured data already made.
    """
    return {"title": getattr(article, "reviewed_title_with_poster", None)}


@register.filter
def score_text(score) -> str:
    """``7.7`` with a dot whatever the locale; empty when there is no score."""
    return "" if score is None else f"{score:.1f}"
