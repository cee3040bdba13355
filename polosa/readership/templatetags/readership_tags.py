"""``{% most_read %}``: «Самое читаемое», a fragment of the page shared by every page;
``{% read_beacon page %}``: the script that counts a view of the article.

The block is ``/_fragments/most-read/``, cached under ``most-read`` and the articles it
lists: the worker purges it when the ranking changes (every few minutes at most), an edit
of a listed article purges it at once. The beacon is a static script (the CSP allows no
inline script) that posts to ``/_read/<id>/<signature>/`` with ``navigator.sendBeacon``
once the page is shown, so cached pages are counted too; the signature (the site's
``SECRET_KEY``) lets the endpoint drop made-up ids without a query.
"""

from __future__ import annotations

from django import template
from django.core import signing
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from polosa.core.pagecache import include_fragment

register = template.Library()

SIGNATURE_SALT = "polosa.readership.read"


def signature(article_id: int) -> str:
    return signing.Signer(salt=SIGNATURE_SALT).signature(str(article_id))


def signed(article_id: int, value: str) -> bool:
    """Whether ``value`` is the article's signature (under the current or an older key)."""
    try:
        signing.Signer(salt=SIGNATURE_SALT).unsign(f"{article_id}:{value}")
    except signing.BadSignature:
        return False
    return True


@register.simple_tag(takes_context=True)
def most_read(context) -> str:
    request = context.get("request")
    return include_fragment(
        request, reverse("readership:most-read"), lambda: render_most_read(request)
    )


def render_most_read(request) -> str:
    from polosa.core.sites import site_for_request
    from polosa.readership.selectors import most_read as lists

    site_for_request(request)  # the stored site for the links, not a query
    found = lists()
    if not any(found.values()):
        return ""
    return render_to_string(
        "readership/most_read.html", {"day": found["day"], "week": found["week"]}, request=request
    )


@register.simple_tag(takes_context=True)
def read_beacon(context, article) -> str:
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return ""  # an editor's preview is not a view
    return format_html(
        '<script src="{}" data-read="{}" defer></script>',
        static("readership/read.js"),
        reverse("readership:read", args=[article.pk, signature(article.pk)]),
    )
