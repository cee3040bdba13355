"""Polosa's URLs: the admin, each app's public pages, then Wagtail's page tree."""

from django.conf import settings
from django.urls import include, path
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

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

handler404 = core_views.page_not_found
handler500 = core_views.server_error
