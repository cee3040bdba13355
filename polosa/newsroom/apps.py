from django.apps import AppConfig
from django.apps import apps as django_apps
from django.utils.translation import gettext_lazy as _

from polosa.core.apps import connect_after_every_apps_permissions, create_permissions_of


class NewsroomConfig(AppConfig):
    """How the newsroom works: roles, the publishing workflow, the front page's pinned
    stories and the «Срочно» banner."""

    name = "polosa.newsroom"
    label = "newsroom"
    verbose_name = _("Редакция")

    def ready(self) -> None:
        connect_after_every_apps_permissions(grant_administrator_everything)


def grant_administrator_everything(
    app_config: AppConfig, using: str = "default", apps=None, **kwargs
) -> None:
    """«Администратор» may do everything, including what models added after the roles'
    migration bring: after every migrate, grant it every permission there is."""
    from polosa.newsroom import roles

    apps = apps or django_apps
    create_permissions_of(app_config, using, apps)
    roles.grant(apps, using, [roles.ADMINISTRATOR_ROLE])
