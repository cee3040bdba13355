from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TitlesConfig(AppConfig):
    name = "polosa.titles"
    label = "titles"
    verbose_name = _("Полоса: фильмы и сериалы")

    def ready(self) -> None:
        from polosa.titles import signals  # noqa: F401
