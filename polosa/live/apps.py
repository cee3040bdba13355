from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "polosa.live"
    label = "live"
    verbose_name = _("Онлайн-трансляции")

    def ready(self) -> None:
        from polosa.live import signals  # noqa: F401
