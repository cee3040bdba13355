"""Polosa's URLs: the admin, each app's public pages, then Wagtail's page tree."""

import re

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from polosa.core import views as core_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("polosa.news.urls")),
    path("", include("polosa.core.urls")),
]

for app in ("legal", "people", "titles", "distribution", "search"):
    # Each domain app may publish its own public URLs in ``<app>/urls.py``.
    try:
        urlpatterns.append(path("", include(f"polosa.{app}.urls")))
    except ModuleNotFoundError as error:
        if error.name != f"polosa.{app}.urls":
            raise

if settings.POLOSA_SERVE_MEDIA:
    # Uploaded pictures from the app itself: right for one-box outlets and the demo;
    # bigger set-ups serve MEDIA_ROOT from nginx or object storage behind a CDN.
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

urlpatterns.append(path("", include(wagtail_urls)))

handler404 = core_views.page_not_found
handler500 = core_views.server_error
