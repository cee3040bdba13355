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


@register.inclusion_tag("distribution/share.html")
def share_links(page) -> dict:
    """``{% share_links page %}``: Telegram, VK and copy-link for a page, as plain links to
    the networks' share addresses (no third-party script; copying is polosa/share.js)."""
    from urllib.parse import urlencode

    from polosa.distribution.articles import absolute, page_path

    url = absolute(page_path(page.url_path))
    return {
        "url": url,
        "telegram": "https://t.me/share/url?" + urlencode({"url": url, "text": page.title}),
        "vk": "https://vk.com/share.php?" + urlencode({"url": url, "title": page.title}),
    }


@register.simple_tag(takes_context=True)
def page_number_suffix(context) -> str:
    """« — страница 2» for the ``<title>`` of a list's later pages (empty on page 1)."""
    from django.utils.translation import gettext

    from polosa.distribution.meta import list_page_number

    number = list_page_number(context)
    results = context.get("results")
    if number == 1 and results is not None and getattr(results, "page", None) is not None:
        number = results.page.number
    return gettext(" — страница %(number)s") % {"number": number} if number > 1 else ""
