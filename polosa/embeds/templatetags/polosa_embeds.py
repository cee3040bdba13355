"""The click-to-load placeholder an embed is on a reader's page."""

from __future__ import annotations

from django import template
from wagtail.embeds import embeds
from wagtail.embeds.exceptions import EmbedException

from polosa.embeds import providers
from polosa.embeds.finders import allowed_origins
from polosa.embeds.sanitise import sanitise

register = template.Library()


@register.inclusion_tag("embeds/lazy_embed.html")
def lazy_embed(url: str, caption: str = "") -> dict:
    """A placeholder with the provider's name, the caption and the link; the provider's
    markup waits in a ``<template>`` until the reader clicks (``embeds/lazy-embeds.js``).

    The stored markup is sanitised again here, so an embed stored before the rules changed
    (or by another finder) cannot bring anything else to the page. An address that no
    longer resolves shows as the plain link.
    """
    url = str(url or "")
    try:
        embed = embeds.get_embed(url) if url else None
    except EmbedException:
        embed = None
    markup = sanitise(embed.html, allowed_origins()) if embed is not None else ""
    provider = providers.provider_of(url)
    name = (embed.provider_name if embed is not None else "") or (provider.name if provider else "")
    return {
        "url": url,
        "caption": caption,
        "provider_name": name,
        "provider_key": provider.key if provider else "other",
        "kind": embed.type if embed is not None and embed.type == "video" else "rich",
        "markup": markup,
    }
