"""Feed, sitemap and robots.txt views with the caching headers of the caches in front.

Responses are stored by Polosa's page cache under the keys they declare (the list, each
item's article, the names shown) and purged precisely; ``s-maxage`` lets the shared cache
in front keep them until then, ``max-age`` bounds what browsers and feed readers keep.
Conditional GET comes from Django's ``ConditionalGetMiddleware``: the ETag is the
content's hash, so any change (a publication, a legal decision) is a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from polosa.core import surrogate
from polosa.core.pagecache import shared_cache_policy
from polosa.distribution import conf
from polosa.distribution.feeds import FEEDS

#: How long the shared cache in front may keep a feed or sitemap it was not told to purge.
SHARED_SECONDS = 3600


def public(view: Callable) -> Callable:
    """``Cache-Control: public, max-age=…, s-maxage=…`` on 200 responses; GET and HEAD."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            shared_cache_policy(response, shared=SHARED_SECONDS, browser=conf.feed_max_age())
        return response

    return require_safe(wrapper)


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
    surrogate.declare(surrogate.SETTINGS)
    return shared_cache_policy(response, shared=86400, browser=86400)


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
        by_file = getattr(sitemap, "lastmod_by_file", None)
        latest = by_file() if by_file else {}
        first = latest.get(1) if by_file else sitemap.get_latest_lastmod()
        locations.append({"location": url, "last_mod": first})
        files = len(latest) if by_file else sitemap.paginator.num_pages
        for page in range(2, files + 1):
            locations.append({"location": f"{url}?p={page}", "last_mod": latest.get(page)})
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

    if section == "articles":
        return article_sitemap(request)
    return sitemap(request, SITEMAPS, section=section, template_name="distribution/sitemap.xml")


def article_sitemap(request: HttpRequest) -> HttpResponse:
    """``/sitemap-articles.xml?p=n``: one id range of the archive, written directly."""
    from django.core.paginator import EmptyPage, PageNotAnInteger
    from django.http import Http404
    from django.utils.http import http_date

    from polosa.distribution.sitemaps import ArticleSitemap

    try:
        xml, latest = ArticleSitemap().file_xml(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404(_("Нет такой страницы")) from None
    response = HttpResponse(xml, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    if latest is not None:
        response["Last-Modified"] = http_date(latest.timestamp())
    return response


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
