from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "polosa.people"
    label = "people"
    verbose_name = _("Полоса: звёзды и инфлюенсеры")

    def ready(self) -> None:
        from polosa.people import signals  # noqa: F401
