"""``{% page_meta %}``: canonical link, feed links, Open Graph, Twitter card and JSON-LD in
every page's ``<head>`` (see :mod:`polosa.distribution.meta`)."""

from django import template

from polosa.distribution.meta import build

register = template.Library()


@register.inclusion_tag("distribution/head.html", takes_context=True)
def page_meta(context):
    return {"meta": build(context)}
