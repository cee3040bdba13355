"""Styled error pages; they render without touching the database, so they cannot fail."""

from django.http import HttpRequest, HttpResponse
from django.template import loader


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    body = loader.render_to_string("404.html", {"request": request}, request)
    return HttpResponse(body, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    body = loader.render_to_string("500.html")
    return HttpResponse(body, status=500)


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
