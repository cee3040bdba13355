"""Uploaded pictures served by the app itself (one-box outlets and the demo).

Only what Wagtail writes for pictures leaves this route: originals under
``original_images/`` and renditions under ``images/``, one flat file name with a picture
extension, sent with that picture's own Content-Type. Documents never do: they go through
Wagtail's view (``/documents/<id>/<name>``), which checks collection privacy and sends them
as attachments. Anything else under MEDIA_ROOT is a 404, whatever is on disk.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from django.views.static import serve

PICTURE_CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
}

# Wagtail stores both flat, with names made ASCII by ``get_upload_to`` and storage's
# ``get_valid_name``: letters, digits, ``_``, ``-`` and dots. No slash, so no way up or down.
PICTURE_PATH = re.compile(
    r"(?P<folder>original_images|images)/(?P<name>[-\w.]+)\.(?P<extension>(?i:[a-z]+))",
    re.ASCII,
)

# A rendition's name carries its filter spec (``photo.2e16d0ba.fill-1200x675.jpg``,
# ``photo.width-960.format-webp.webp``): another spec or focal point makes another name.
RENDITION_SPEC = re.compile(
    r"\.(?:original|(?:width|height|max|min|fill|scale|format|jpegquality|webpquality"
    r"|avifquality|bgcolor)-[-\w]+)(?:\.|$)",
    re.ASCII,
)
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"


def picture_content_type(path: str) -> str | None:
    """The Content-Type of a picture this route may serve, or None for anything else."""
    match = PICTURE_PATH.fullmatch(path)
    if match is None or ".." in path or match["name"].startswith("."):
        return None
    return PICTURE_CONTENT_TYPES.get(match["extension"].lower())


def is_named_rendition(path: str) -> bool:
    """A rendition whose file name says which filter made it (so its bytes never change)."""
    folder, _, name = path.partition("/")
    return folder == "images" and RENDITION_SPEC.search(name.rsplit(".", 1)[0]) is not None


@require_safe
def serve_public_media(request: HttpRequest, path: str) -> HttpResponse:
    content_type = picture_content_type(path)
    if content_type is None:
        raise Http404
    # Django's serve answers 404 for directories and missing files, and 304 from
    # If-Modified-Since against the file's Last-Modified.
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        response["Content-Type"] = content_type
    if is_named_rendition(path):
        response["Cache-Control"] = RENDITION_CACHE_CONTROL
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
