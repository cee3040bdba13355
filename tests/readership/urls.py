"""The site's URLs with readership's in front, until ``polosa/urls.py`` includes them,
and a page that carries the beacon (until the article template does)."""

from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

from polosa import urls as site

BEACON_PAGE = Template(
    "{% load readership_tags %}<!doctype html><html lang='ru'><head><meta charset='utf-8'>"
    "<title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>"
    "{% read_beacon page %}</body></html>"
)


def beacon_page(request, article_id: int) -> HttpResponse:
    from polosa.news.models import ArticlePage

    article = ArticlePage.objects.get(pk=article_id)
    return HttpResponse(BEACON_PAGE.render(Context({"request": request, "page": article})))


urlpatterns = [
    path("", include("polosa.readership.urls")),
    path("_test/beacon/<int:article_id>/", beacon_page),
    *site.urlpatterns,
]
handler400 = site.handler400
handler404 = site.handler404
handler500 = site.handler500
