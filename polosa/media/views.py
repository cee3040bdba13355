"""Uploaded files served by the app itself (one-box outlets and the demo)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve

# Pictures only: originals and renditions. Documents go through Wagtail's own view
# (/documents/<id>/<name>), which checks collection privacy and sends them as attachments.
PUBLIC_MEDIA_FOLDERS = ("original_images/", "images/")


def serve_public_media(request: HttpRequest, path: str) -> HttpResponse:
    if not path.startswith(PUBLIC_MEDIA_FOLDERS):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
