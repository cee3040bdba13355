"""``{% page_meta %}``: canonical link, feed links, Open Graph, Twitter card and JSON-LD in
every page's ``<head>`` (see :mod:`polosa.distribution.meta`)."""

from django import template

from polosa.distribution.meta import build

register = template.Library()


@register.inclusion_tag("distribution/head.html", takes_context=True)
def page_meta(context):
    return {"meta": build(context)}


@register.filter
def w3c(moment) -> str:
    """A W3C datetime in the site's zone with its offset: ``2026-02-25T18:50:00+03:00``."""
    from django.utils import timezone

    if not moment:
        return ""
    return timezone.localtime(moment).isoformat(timespec="seconds")
