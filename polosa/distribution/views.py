"""Feed, sitemap and robots.txt views: conditional GET and public cache headers.

Every response carries an ``ETag`` (the page-cache generation, plus the newest
publication time and the number of live articles: anything that changes a feed changes
one of them) and a ``Last-Modified``; a matching ``If-None-Match`` /
``If-Modified-Since`` gets ``304 Not Modified`` without building the feed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_GET

from polosa.core.pagecache import generation
from polosa.distribution import conf
from polosa.distribution.feeds import FEEDS
from polosa.news import listing

_STATE = "_polosa_distribution_state"


def publication_state(request: HttpRequest) -> tuple[datetime | None, int]:
    """The newest publication time and the count of live articles: one query a request."""
    state = getattr(request, _STATE, None)
    if state is None:
        found = (
            listing.published_articles()
            .order_by()
            .aggregate(latest=Max("last_published_at"), count=Count("pk"))
        )
        state = (found["latest"], found["count"])
        setattr(request, _STATE, state)
    return state


def etag(request: HttpRequest, *args, **kwargs) -> str:
    latest, count = publication_state(request)
    stamp = latest.timestamp() if latest else 0
    raw = f"{request.get_full_path()}|{generation()}|{stamp}|{count}"
    return hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()[:20]


def last_modified(request: HttpRequest, *args, **kwargs) -> datetime | None:
    return publication_state(request)[0]


def public(view: Callable) -> Callable:
    """Conditional GET plus ``Cache-Control: public, max-age=…`` on 200 responses."""
    conditional = condition(etag_func=etag, last_modified_func=last_modified)(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=conf.feed_max_age())
        return response

    return require_GET(wrapper)


@public
def feed(request: HttpRequest, fmt: str, kind: str = "site", slug: str = "") -> HttpResponse:
    """``/feeds/<fmt>/`` and its rubric, tag, author and person variants."""
    return FEEDS[fmt](request, kind=kind, slug=slug)


@public
def dzen(request: HttpRequest) -> HttpResponse:
    return FEEDS["dzen"](request)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read everything public; not the admin or search results."""
    from django.urls import reverse

    lines = [
        "User-agent: *",
        "Allow: /",
        "Allow: /feeds/",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /*?q=",
        "Disallow: /*&q=",
        "",
        f"Sitemap: {conf.base_url()}{reverse('distribution:sitemap-index')}",
        f"Sitemap: {conf.base_url()}{reverse('distribution:sitemap-news')}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=86400)
    return response


# --- Sitemaps ---------------------------------------------------------------------------------
@public
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """``/sitemap.xml``: every section's sitemap (and its further pages) plus Google News."""
    from django.template.response import TemplateResponse
    from django.urls import reverse

    from polosa.distribution.sitemaps import SITEMAPS, NewsSitemap

    locations = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = conf.base_url() + reverse("distribution:sitemap-section", args=[section])
        latest = sitemap.get_latest_lastmod()
        locations.append({"location": url, "last_mod": latest})
        for page in range(2, sitemap.paginator.num_pages + 1):
            locations.append({"location": f"{url}?p={page}", "last_mod": latest})
    news = NewsSitemap()
    locations.append(
        {
            "location": conf.base_url() + reverse("distribution:sitemap-news"),
            "last_mod": news.get_latest_lastmod(),
        }
    )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": locations}, content_type="application/xml"
    )


@public
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    from django.contrib.sitemaps.views import sitemap

    from polosa.distribution.sitemaps import SITEMAPS

    return sitemap(request, SITEMAPS, section=section, template_name="distribution/sitemap.xml")


@public
def sitemap_news(request: HttpRequest) -> HttpResponse:
    from django.contrib.sitemaps.views import sitemap

    from polosa.distribution.sitemaps import NewsSitemap

    return sitemap(
        request,
        {"news": NewsSitemap},
        section="news",
        template_name="distribution/sitemap_news.xml",
    )
