"""Uploaded files readers can fetch: pictures from /media, documents only through Wagtail.

The probe of issue 13 uploaded ``evil.html`` and ``evil.svg`` as documents and opened
``/media/documents/evil.html`` in an administrator's browser: the script ran in the site's
origin. Now the media route serves pictures only, the document allow-list refuses markup
at upload, and documents leave through ``/documents/<id>/<name>`` (attachment, no embedded
content, collection privacy).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.http import http_date
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EVIL_HTML = b"<script>fetch('/admin/users/').then(r => r.text()).then(alert)</script>"
EVIL_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.fixture
def editor() -> Client:
    client = Client()
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of this test's own, so what is on disk is what the test put there."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def put(media_root: Path, relative: str, content: bytes = b"bytes") -> Path:
    path = media_root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


# --- The media route -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "content_type"),
    [
        ("original_images/lead.jpg", "image/jpeg"),
        ("original_images/LEAD.JPEG", "image/jpeg"),
        ("original_images/chart.png", "image/png"),
        ("original_images/loop.gif", "image/gif"),
        ("original_images/photo.webp", "image/webp"),
        ("original_images/photo.avif", "image/avif"),
        ("images/lead.fill-640x360.png", "image/png"),
        ("images/lead.2e16d0ba.fill-1200x675.format-webp.webp", "image/webp"),
    ],
)
def test_pictures_are_served_with_their_own_content_type(client, media_root, stored, content_type):
    put(media_root, stored, b"picture bytes")
    response = client.get(f"/media/{stored}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == b"picture bytes"


def test_a_real_rendition_is_cached_forever_and_its_original_is_not(client, image_factory):
    image = image_factory()
    rendition = image.get_rendition("fill-640x360")

    original = client.get(image.file.url)
    made = client.get(rendition.url)

    assert (original.status_code, made.status_code) == (200, 200)
    assert made["Content-Type"] == original["Content-Type"] == "image/jpeg"
    assert made["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "immutable" not in original.get("Cache-Control", "")


def test_a_picture_answers_304_to_if_modified_since(client, image_factory):
    image = image_factory()
    first = client.get(image.file.url)
    again = client.get(image.file.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_a_picture_changed_since_is_sent_again(client, image_factory):
    image = image_factory()
    response = client.get(image.file.url, HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert response.status_code == 200


# Each address names a file that exists on disk: a 404 says the route refused it.
ON_DISK = [
    "documents/evil.html",
    "documents/evil.svg",
    "documents/report.pdf",
    "images/evil.html",
    "images/evil.svg",
    "images/app.js",
    "original_images/evil.svg",
    "original_images/evil.htm",
    "original_images/photo.jpg.html",
    "original_images/.hidden.jpg",
    "original_images/nested/photo.jpg",
    "secret.jpg",
    "var.jpg/inside.jpg",
]


@pytest.mark.parametrize(
    "address",
    [
        "/media/documents/evil.html",
        "/media/documents/evil.svg",
        "/media/documents/report.pdf",
        "/media/images/evil.html",
        "/media/images/evil.svg",
        "/media/images/app.js",
        "/media/original_images/evil.svg",
        "/media/original_images/evil.htm",
        "/media/original_images/photo.jpg.html",
        "/media/original_images/.hidden.jpg",
        "/media/original_images/nested/photo.jpg",
        "/media/secret.jpg",
        "/media/images/../documents/evil.html",
        "/media/images/../secret.jpg",
        "/media/original_images/..%2Fsecret.jpg",
        "/media/original_images/%2e%2e/secret.jpg",
        "/media/images/..%5Csecret.jpg",
        "/media/original_images/photo.jpg%00.html",
        "/media/images/evil.html%3F.jpg",
        "/media/images//secret.jpg",
        "/media//etc/passwd",
        "/media/original_images/",
        "/media/original_images",
        "/media/images/",
        "/media/",
        "/media/original_images/nested.jpg",
        "/media/original_images/nested.jpg/",
    ],
)
def test_anything_but_a_picture_is_a_404(client, media_root, address):
    for relative in ON_DISK:
        put(media_root, relative, EVIL_HTML)
    (media_root / "original_images" / "nested.jpg").mkdir(parents=True, exist_ok=True)
    response = client.get(address)
    assert response.status_code == 404
    assert EVIL_HTML not in response.content


def test_a_file_outside_media_root_is_never_reached(client, media_root):
    outside = media_root.parent / "outside.jpg"
    outside.write_bytes(b"not media")
    response = client.get("/media/original_images/../../outside.jpg")
    assert response.status_code == 404


def test_head_is_answered_like_get(client, image_factory):
    image = image_factory()
    response = client.head(image.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_media_route_only_reads(client, image_factory, method):
    image = image_factory()
    assert getattr(client, method)(image.file.url).status_code == 405


# --- Documents -----------------------------------------------------------------------------


def upload_document(editor: Client, name: str, content: bytes):
    return editor.post(
        reverse("wagtaildocs:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


MARKUP = {
    "evil.html": EVIL_HTML,
    "evil.htm": EVIL_HTML,
    "evil.xhtml": EVIL_HTML,
    "evil.HTML": EVIL_HTML,
    "evil.svg": EVIL_SVG,
    "evil.js": b"alert(1)",
}


@pytest.mark.parametrize("name", MARKUP)
def test_the_admin_refuses_markup_and_scripts_as_documents(editor, media_root, name):
    response = upload_document(editor, name, MARKUP[name])

    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any("не поддерживается" in error and "pdf" in error for error in errors), errors
    assert not get_document_model().objects.exists()
    assert not list(media_root.glob("documents/*"))


@pytest.mark.parametrize("name", ["evil.html", "evil.svg"])
def test_the_multiple_upload_refuses_markup_too(editor, name):
    response = editor.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": SimpleUploadedFile(name, MARKUP[name])},
    )
    answer = response.json()
    assert answer["success"] is False
    assert "не поддерживается" in answer["error_message"]
    assert not get_document_model().objects.exists()


@pytest.fixture
def uploaded_pdf(editor):
    response = upload_document(editor, "Решение суда.pdf", PDF)
    assert response.status_code == 302, response.content
    return get_document_model().objects.get()


def test_a_pdf_is_sent_as_an_attachment_with_no_embedded_content(client, uploaded_pdf):
    response = client.get(uploaded_pdf.url)

    assert uploaded_pdf.url == reverse(
        "wagtaildocs_serve", args=[uploaded_pdf.pk, uploaded_pdf.filename]
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_documents_raw_file_address_is_a_404(client, uploaded_pdf, media_root):
    assert (media_root / uploaded_pdf.file.name).exists()
    response = client.get(f"/media/{uploaded_pdf.file.name}")
    assert response.status_code == 404


def test_a_document_in_a_password_collection_asks_for_the_password(client, private_pdf):
    document = private_pdf(CollectionViewRestriction.PASSWORD)

    through_wagtail = client.get(document.url)
    raw = client.get(f"/media/{document.file.name}")

    assert through_wagtail.status_code == 200
    assert not through_wagtail.streaming
    assert not through_wagtail.has_header("Content-Disposition")
    assert 'name="password"' in through_wagtail.content.decode()
    assert PDF not in through_wagtail.content
    assert raw.status_code == 404


def test_a_document_in_a_login_collection_sends_readers_to_log_in(client, private_pdf):
    document = private_pdf(CollectionViewRestriction.LOGIN)

    through_wagtail = client.get(document.url)
    raw = client.get(f"/media/{document.file.name}")

    assert through_wagtail.status_code == 302
    assert through_wagtail["Location"].startswith(reverse("wagtailcore_login"))
    assert raw.status_code == 404


@pytest.fixture
def private_pdf(editor):
    def upload(restriction_type: str):
        private = Collection.get_first_root_node().add_child(name="Юристы")
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type=restriction_type, password="ключ-юриста"
        )
        response = editor.post(
            reverse("wagtaildocs:add"),
            {"title": "Иск", "file": SimpleUploadedFile("isk.pdf", PDF), "collection": private.pk},
        )
        assert response.status_code == 302, response.content
        return get_document_model().objects.get()

    return upload
