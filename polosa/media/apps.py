from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "polosa.media"
    label = "media"
    verbose_name = "Полоса: изображения"

    def ready(self) -> None:
        from polosa.media import signals  # noqa: F401 - connects the receivers
