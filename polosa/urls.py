"""Polosa's URLs: the admin, each app's public pages, then Wagtail's page tree."""

import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from polosa.core import views as core_views
from polosa.media import views as media_views
from polosa.staff import views as staff_views

urlpatterns = [
    # Before Wagtail's own: the same form, with limits.
    path("admin/password_reset/", staff_views.password_reset, name="wagtailadmin_password_reset"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("polosa.news.urls")),
    path("", include("polosa.core.urls")),
]

APPS_WITH_URLS = (
    "legal",
    "people",
    "titles",
    "distribution",
    "search",
    "readership",
    "newsroom",
    "live",
)
for app in APPS_WITH_URLS:
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
            media_views.serve_public_media,
        )
    )

urlpatterns.append(path("", include(wagtail_urls)))

handler400 = core_views.bad_request
handler404 = core_views.page_not_found
handler500 = core_views.server_error
