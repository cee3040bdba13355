"""The newsroom's public view: the «Срочно» fragment (``/_fragments/urgent/``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from polosa.core.pagecache import shared_cache_policy
from polosa.core.sites import site_for_request
from polosa.newsroom import selectors
from polosa.newsroom.templatetags.newsroom_tags import banner_html

#: How long the caches in front keep the fragment when no banner expires sooner.
FRAGMENT_SECONDS = 3600


@require_safe
def urgent_fragment(request: HttpRequest) -> HttpResponse:
    """The banner, or nothing; cached on its own and purged when it is set or removed.

    The caches in front keep it no longer than the banner lasts, so an expiry takes
    effect there even before the purge queued for it arrives."""
    now = timezone.now()
    site_for_request(request)  # the link is relative to it: from the store, not a query
    banner = selectors.urgent_banner(now=now)
    response = HttpResponse(banner_html(request, banner))
    if banner is None:
        return shared_cache_policy(response, shared=FRAGMENT_SECONDS)
    left = max(1, int((banner.until - now).total_seconds()))
    # No stale copy past the expiry either.
    return shared_cache_policy(
        response, shared=min(FRAGMENT_SECONDS, left), stale=0, stale_if_error=0
    )
