"""The Wagtail site of a request, with its home page, without a query per request.

Wagtail looks the site up (one query) and then loads the specific home page (another)
on every request it routes. Both change only when an administrator edits a site (which
purges :data:`~polosa.core.surrogate.SITE`) or publishes the home page (its page key), so
the lookup is kept in the tagged cache under those keys
(:func:`polosa.core.taggedcache.remember`).
"""

from __future__ import annotations

import copy

from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.views import serve as wagtail_serve

from polosa.core import pagecache, surrogate, taggedcache


def site_with_home_page(hostname: str, port: int) -> Site | None:
    """The site serving ``hostname:port`` with its specific root page attached."""

    def lookup() -> Site | None:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None
        site.root_page = site.root_page.specific
        return site

    site = taggedcache.remember(
        f"site:{hostname}:{port}", lookup, keys=[surrogate.SITE, surrogate.SITE_ROOTS]
    )
    if site is None:
        return None
    # Each request gets its own copies: Wagtail and templates may set attributes on them.
    own = copy.copy(site)
    own.root_page = copy.copy(site.root_page)
    return own


def site_for_request(request: HttpRequest) -> Site | None:
    """The request's site from the tagged cache, set where Wagtail looks for it."""
    if not hasattr(request, "_wagtail_site"):
        if pagecache.is_cacheable_request(request):
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = site_with_home_page(hostname, int(request.get_port()))
        else:
            request._wagtail_site = Site.find_for_request(request)
    return request._wagtail_site


class CachedSiteMiddleware:
    """Give Wagtail's page view the remembered site; other views look it up only if they
    need it (feeds and sitemaps do not)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve:
            site_for_request(request)
        return None
