"""The admin's picture form: Wagtail's, with a refusal of oversized pictures that says why.

Wagtail refuses a picture over ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``, but when Pillow's own
limit trips first (a decompression bomb) its message reads "(unknown number)" in English.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.images.forms import BaseImageForm


def too_many_pixels_message() -> str:
    megapixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS / 1_000_000
    # Wagtail formats the message with its own "%(num_pixels)s"; this one names no
    # placeholder, so the number it may not know is left out.
    return _(
        "Слишком большое изображение: больше %(megapixels)s Мп. Уменьшите его и загрузите снова."
    ) % {"megapixels": f"{megapixels:g}".replace(".", ",")}


class ImageForm(BaseImageForm):
    """``WAGTAILIMAGES_IMAGE_FORM_BASE``: the add, multiple-add, chooser and edit forms."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "file" in self.fields and settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
            self.fields["file"].error_messages["file_too_many_pixels"] = too_many_pixels_message()
