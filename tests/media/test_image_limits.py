"""Decompression bombs: pictures whose header promises more pixels than a worker can hold.

The probe of issue 13 uploaded a 60 000 × 2 000 JPEG of 1.9 MB; making its renditions took
10 s and ~2 GB per worker. Now the admin refuses it in Russian, Pillow refuses to decode
anything far above the limit, and a picture stored before the limit is never decoded for
a reader: it shows as no picture.

A bomb here costs nothing: a 16 × 16 JPEG whose SOF0 header is patched to claim the size.
"""

from __future__ import annotations

import io
import struct

import pytest
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.images.models import SourceImageIOError
from wagtail.models import Collection

from polosa.media.forms import too_many_pixels_message
from polosa.media.generate import render_picture
from polosa.media.models import CreditedImage, CreditedRendition, OversizedImageError

pytestmark = pytest.mark.django_db

BOMB_SIZE = (60_000, 2_000)  # 120 megapixels: Pillow raises above twice the 40 Mp limit
JUST_OVER_SIZE = (10_000, 5_000)  # 50 megapixels: Pillow only warns, Wagtail counts them


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) claims ``width`` × ``height``."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 16, 46)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    frame = data.index(b"\xff\xc0")  # marker, length (2), precision (1), height, width
    struct.pack_into(">HH", data, frame + 5, height, width)
    return bytes(data)


@pytest.fixture
def editor() -> Client:
    client = Client()
    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def pillow_opens(monkeypatch) -> list:
    """Every picture Pillow is asked to open (Willow opens through ``PIL.Image.open``)."""
    opened = []
    original = Image.open

    def spy(*args, **kwargs):
        opened.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(Image, "open", spy)
    return opened


@pytest.fixture
def stored_bomb(monkeypatch) -> CreditedImage:
    """A 120-megapixel picture stored as if before the limit (straight through the model)."""
    with monkeypatch.context() as before_the_limit:
        before_the_limit.setattr(Image, "MAX_IMAGE_PIXELS", None)
        image = CreditedImage(title="Панорама набережной", credit="Архив редакции")
        image.file = ImageFile(io.BytesIO(jpeg_claiming(*BOMB_SIZE)), name="panorama.jpg")
        image.save()
    assert (image.width, image.height) == BOMB_SIZE
    return image


# --- At upload -------------------------------------------------------------------------------


def upload_one(editor: Client, name: str, content: bytes) -> str | None:
    """The single add view: None when saved, else the file field's error."""
    response = editor.post(
        reverse("wagtailimages:add"),
        {
            "title": name,
            "file": SimpleUploadedFile(name, content, content_type="image/jpeg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    if response.status_code == 302:
        return None
    assert response.status_code == 200
    return " ".join(response.context["form"].errors["file"])


def upload_many(editor: Client, name: str, content: bytes) -> str | None:
    """The multiple add view (the admin's «Добавить изображение»): JSON per file."""
    response = editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content, content_type="image/jpeg")},
    )
    assert response.status_code == 200
    answer = response.json()
    return None if answer["success"] else answer["error_message"]


UPLOADS = {"add": upload_one, "add_multiple": upload_many}


@pytest.mark.parametrize("view", UPLOADS)
@pytest.mark.parametrize("size", [BOMB_SIZE, JUST_OVER_SIZE], ids=["bomb", "just-over"])
def test_the_admin_refuses_a_picture_over_the_limit(editor, view, size):
    error = UPLOADS[view](editor, "panorama.jpg", jpeg_claiming(*size))

    assert error is not None
    assert not CreditedImage.objects.exists()


@pytest.mark.parametrize("view", UPLOADS)
@pytest.mark.parametrize("size", [BOMB_SIZE, JUST_OVER_SIZE], ids=["bomb", "just-over"])
def test_the_refusal_says_why_in_russian(editor, view, size):
    # Wagtail's own message reads "(unknown number)" when Pillow's limit trips first.
    error = UPLOADS[view](editor, "panorama.jpg", jpeg_claiming(*size))

    assert error == too_many_pixels_message()
    assert error == "Слишком большое изображение: больше 40 Мп. Уменьшите его и загрузите снова."


@pytest.mark.parametrize("view", UPLOADS)
def test_the_admin_accepts_an_ordinary_photo(editor, view):
    error = UPLOADS[view](editor, "photo.jpg", render_picture(1, 1600, 900))
    assert error is None
    assert CreditedImage.objects.get().width == 1600


def test_the_limit_follows_the_setting(settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 12_500_000
    assert too_many_pixels_message().startswith("Слишком большое изображение: больше 12,5 Мп.")


# --- In Pillow -------------------------------------------------------------------------------


def test_pillow_has_the_same_limit_as_wagtail(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000


def test_pillow_refuses_to_open_a_bomb():
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(jpeg_claiming(*BOMB_SIZE)))


# --- A picture stored before the limit ----------------------------------------------------------


@pytest.mark.parametrize("specs", [["fill-1200x675"], ["fill-640x360", "width-960"]])
def test_no_rendition_is_made_of_an_oversized_picture(stored_bomb, pillow_opens, specs):
    with pytest.raises(OversizedImageError) as refused:
        if len(specs) == 1:
            stored_bomb.get_rendition(specs[0])
        else:
            stored_bomb.get_renditions(*specs)

    # Wagtail's {% image %} shows a SourceImageIOError as a missing picture.
    assert isinstance(refused.value, SourceImageIOError)
    assert pillow_opens == []
    assert not CreditedRendition.objects.filter(image=stored_bomb).exists()


def test_a_picture_within_the_limit_still_gets_its_renditions(image_factory):
    image = image_factory()
    rendition = image.get_rendition("fill-640x360")
    assert (rendition.width, rendition.height) == (640, 360)


def test_a_picture_whose_stored_size_lies_is_still_refused_by_pillow(stored_bomb, pillow_opens):
    CreditedImage.objects.filter(pk=stored_bomb.pk).update(width=1600, height=900)
    # A fresh load, as a page makes it (refresh_from_db would re-read the file's size).
    lying = CreditedImage.objects.get(pk=stored_bomb.pk)

    with pytest.raises(OversizedImageError):
        lying.get_rendition("fill-640x360")

    assert len(pillow_opens) == 1
    assert not CreditedRendition.objects.filter(image=stored_bomb).exists()


@pytest.fixture
def article_with_bomb(article_factory, stored_bomb):
    return article_factory(
        "Набережную откроют для пешеходов в мае",
        main_image=stored_bomb,
        body=[
            ("paragraph", "<p>Работы закончат к праздникам.</p>"),
            ("image", {"image": stored_bomb, "caption": "Панорама", "credit": ""}),
        ],
    )


@pytest.mark.parametrize("address", ["article", "rubric", "/", "/feeds/rss/"])
def test_pages_showing_an_oversized_picture_answer_without_decoding_it(
    client, article_with_bomb, stored_bomb, pillow_opens, address
):
    url = {"article": article_with_bomb.url, "rubric": article_with_bomb.get_parent().url}.get(
        address, address
    )
    response = client.get(url)

    assert response.status_code == 200
    assert pillow_opens == []
    assert not CreditedRendition.objects.filter(image=stored_bomb).exists()
    assert "panorama" not in response.content.decode()


def test_an_oversized_picture_shows_as_wagtails_missing_picture(client, article_with_bomb):
    html = client.get(article_with_bomb.url).content.decode()

    assert 'src="/media/not-found"' in html
    assert 'width="0"' in html
    assert client.get("/media/not-found").status_code == 404
