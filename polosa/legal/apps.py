from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "polosa.legal"
    label = "legal"
    verbose_name = _("Полоса: юридическая маркировка")

    def ready(self) -> None:
        """Connect registry-change signals (no queries)."""
        from polosa.legal import signals  # noqa: F401

        post_migrate.connect(ensure_legal_group, sender=self)


def ensure_legal_group(using="default", **kwargs) -> None:
    """The «Юристы» group: admin access, registry entries and reviews (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    from polosa.legal.gate import LEGAL_GROUP

    group, _ = Group.objects.using(using).get_or_create(name=LEGAL_GROUP)
    wanted = [
        ("wagtailadmin", "access_admin"),
        ("legal", "view_registryentry"),
        ("legal", "add_registryentry"),
        ("legal", "change_registryentry"),
        ("legal", "view_registryimport"),
        ("legal", "add_registryimport"),
        ("legal", "view_mentionreview"),
        ("legal", "change_mentionreview"),
    ]
    for app_label, codename in wanted:
        permission = (
            Permission.objects.using(using)
            .filter(content_type__app_label=app_label, codename=codename)
            .first()
        )
        if permission is not None:
            group.permissions.add(permission)
