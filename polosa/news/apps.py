from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "polosa.news"
    label = "news"
    verbose_name = _("Полоса: материалы")

    def ready(self) -> None:
        from polosa.news import signals  # noqa: F401
