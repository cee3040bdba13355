from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "polosa.media"
    label = "media"
    verbose_name = _("Полоса: изображения")

    def ready(self) -> None:
        from PIL import Image

        from polosa.media import signals  # noqa: F401 - connects the receivers

        # Whatever opens a picture (Wagtail, Willow, a command): Pillow warns above the
        # limit and raises DecompressionBombError above twice it, instead of decoding
        # gigabytes. Polosa's own rendition path refuses anything above the limit itself.
        if settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
            Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
