"""Public URLs of the distribution app, included at the site root by ``polosa/urls.py``.

* ``/feeds/rss/``, ``/feeds/atom/``, ``/feeds/json/`` — the whole site;
* ``/feeds/<format>/<rubric>/``, ``/feeds/<format>/tags/<tag>/``,
  ``/feeds/<format>/authors/<author>/`` — one rubric, tag or author;
* ``/feeds/<format>/people/<person>/`` — the articles that mention one person from the
  people directory (``/people/<person>/feed/`` redirects to the RSS one);
* ``/feeds/dzen/`` — Dzen (full text, three days, ≤ 500 items);
* ``/sitemap.xml`` (index), ``/sitemap-<section>.xml``, ``/sitemap-news.xml``;
* ``/robots.txt``.
"""

from django.urls import path, re_path

from polosa.distribution import views

app_name = "distribution"

FORMAT = r"(?P<fmt>rss|atom|json)"

urlpatterns = [
    path("feeds/dzen/", views.dzen, name="dzen-feed"),
    re_path(rf"^feeds/{FORMAT}/$", views.feed, name="feed"),
    re_path(
        rf"^feeds/{FORMAT}/tags/(?P<slug>[^/]+)/$", views.feed, {"kind": "tag"}, name="tag-feed"
    ),
    re_path(
        rf"^feeds/{FORMAT}/authors/(?P<slug>[-\w]+)/$",
        views.feed,
        {"kind": "author"},
        name="author-feed",
    ),
    re_path(
        rf"^feeds/{FORMAT}/people/(?P<slug>[-\w]+)/$",
        views.feed,
        {"kind": "person"},
        name="person-feed",
    ),
    re_path(
        rf"^feeds/{FORMAT}/(?P<slug>[-\w]+)/$", views.feed, {"kind": "rubric"}, name="rubric-feed"
    ),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-news.xml", views.sitemap_news, name="sitemap-news"),
    re_path(r"^sitemap-(?P<section>[a-z]+)\.xml$", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
