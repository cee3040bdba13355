from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "polosa.media"
    label = "media"
    verbose_name = _("Полоса: изображения")

    def ready(self) -> None:
        from polosa.media import signals  # noqa: F401 - connects the receivers
