"""``{% urgent_banner %}``: the «Срочно» line for ``base.html``, above every page.

The banner is a fragment of the page (``/_fragments/urgent/``, cached on its own under
``urgent`` and its article's key): setting or removing it re-renders the fragment, not
the pages around it. Editors and previews get it rendered in place.
"""

from __future__ import annotations

import logging

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

from polosa.core.pagecache import include_fragment

logger = logging.getLogger(__name__)
register = template.Library()


@register.simple_tag(takes_context=True)
def urgent_banner(context) -> str:
    request = context.get("request")
    try:
        path = reverse("newsroom:urgent-fragment")
    except NoReverseMatch:
        # Rendered in place, the banner is still right (the page then declares its keys
        # and is purged with it); only the fragment's saving is lost.
        logger.warning("urgent banner: /_fragments/urgent/ is not routed (polosa.newsroom.urls)")
        return render_urgent_banner(request)
    return include_fragment(request, path, lambda: render_urgent_banner(request))


def render_urgent_banner(request) -> SafeString:
    from polosa.newsroom import selectors

    return banner_html(request, selectors.urgent_banner())


def banner_html(request, banner) -> SafeString:
    html = render_to_string("newsroom/urgent_banner.html", {"banner": banner}, request=request)
    return mark_safe(html.strip())  # no banner: an empty fragment, not a blank line
