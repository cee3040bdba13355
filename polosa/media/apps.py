from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "polosa.media"
    label = "media"
    verbose_name = "Полоса: изображения"
