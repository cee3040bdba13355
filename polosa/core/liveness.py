"""``/healthz`` answered before anything reads the request's host.

A load balancer's or Varnish's probe addresses the server, not the site: Varnish sends
``Host: 127.0.0.1`` (its backend's address), which ``ALLOWED_HOSTS`` refuses with a 400, and
a probe that always fails marks the app sick for good. Liveness says only that the process
answers, so it needs no host, database or cache; ``/readyz`` (a routed view) stays behind
every check.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from polosa.core.views import health

LIVENESS_PATH = "/healthz"


class LivenessMiddleware:
    """Answer ``/healthz`` itself, ahead of the middleware that validates the host."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == LIVENESS_PATH:
            return health(request)
        return self.get_response(request)
