from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "polosa.search"
    label = "polosa_search"
    verbose_name = _("Полоса: поиск и рекомендации")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from polosa.search import signals  # noqa: F401
