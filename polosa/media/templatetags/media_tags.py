"""``{% picture image "card" %}``: a responsive ``<picture>`` (see :mod:`polosa.media.pictures`)."""

from __future__ import annotations

from django import template

from polosa.media import pictures

register = template.Library()


@register.inclusion_tag("media/picture.html")
def picture(image, place: str, alt: str = "", eager: bool = False, css_class: str = "") -> dict:
    """``eager`` for the first picture a reader sees (the lead, an article's main picture):
    loaded at once with high priority; every other picture waits until it nears the screen."""
    return {
        "picture": pictures.picture(image, place) if image is not None else None,
        "alt": alt,
        "eager": eager,
        "css_class": css_class,
    }
