"""The ratings block (filled in by the ratings work)."""

from django import template

register = template.Library()


@register.inclusion_tag("titles/ratings_block.html", takes_context=True)
def ratings_block(context):
    return {"titles": []}
