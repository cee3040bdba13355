from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "polosa.distribution"
    label = "distribution"
    verbose_name = _("Полоса: распространение")

    def ready(self) -> None:
        from polosa.distribution import signals  # noqa: F401
