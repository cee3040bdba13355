from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _analyze_after_migrate(sender, using: str = "default", **kwargs) -> None:
    from polosa.core.database import refresh_planner_statistics

    refresh_planner_statistics(using)


def connect_after_every_apps_permissions(receiver) -> None:
    """Connect ``receiver`` to ``post_migrate`` for the last app it is sent for: by then
    Django has created every app's permissions but that last app's, which a receiver that
    needs them creates with :func:`create_permissions_of` (Polosa's apps come before
    ``django.contrib.auth``, so their receivers run before Django's for the same app).
    A flush between transactional tests sends the signal too."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    post_migrate.connect(receiver, sender=last)


def create_permissions_of(app_config: AppConfig, using: str, apps) -> None:
    from django.contrib.auth.management import create_permissions

    create_permissions(app_config, verbosity=0, using=using, apps=apps)


class CoreConfig(AppConfig):
    name = "polosa.core"
    label = "core"
    verbose_name = _("Полоса: общее")

    def ready(self) -> None:
        from polosa.core import signals  # noqa: F401 - connects the receivers

        post_migrate.connect(_analyze_after_migrate, sender=self)
