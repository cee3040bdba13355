"""Page metadata in <head>: canonical link, feeds, Open Graph, JSON-LD (filled in by the
distribution work)."""

from django import template

register = template.Library()


@register.inclusion_tag("distribution/head.html", takes_context=True)
def page_meta(context):
    return {"request": context.get("request"), "page": context.get("page")}
