from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """How the newsroom works: roles, the publishing workflow, the front page's pinned
    stories and the «Срочно» banner."""

    name = "polosa.newsroom"
    label = "newsroom"
    verbose_name = _("Редакция")

    def ready(self) -> None:
        post_migrate.connect(grant_administrator_everything, sender=self)


def grant_administrator_everything(using: str = "default", apps=None, **kwargs) -> None:
    """«Администратор» may do everything, including what models added after the roles'
    migration bring: after every migrate, grant it every permission there is."""
    from django.apps import apps as global_apps

    from polosa.newsroom import roles

    apps = apps or global_apps
    roles.create_permissions(apps, using)
    roles.grant(apps, using, [roles.ADMINISTRATOR_ROLE])
