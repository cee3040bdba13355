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


@register.filter
def score_text(score) -> str:
    """``7.7`` with a dot whatever the locale; empty when there is no score."""
    return "" if score is None else f"{score:.1f}"
