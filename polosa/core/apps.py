from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _analyze_after_migrate(sender, using: str = "default", **kwargs) -> None:
    from polosa.core.database import refresh_planner_statistics

    refresh_planner_statistics(using)


class CoreConfig(AppConfig):
    name = "polosa.core"
    label = "core"
    verbose_name = _("Полоса: общее")

    def ready(self) -> None:
        from polosa.core import signals  # noqa: F401 - connects the receivers

        post_migrate.connect(_analyze_after_migrate, sender=self)
