from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models import Q
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from polosa.core.apps import connect_after_every_apps_permissions

# What the «Юрист» group may do besides its workflow step: registries and reviews. The
# newsroom's roles (polosa.newsroom.roles) grant the same list.
LEGAL_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("wagtailadmin", "access_admin"),
    ("legal", "view_registryentry"),
    ("legal", "add_registryentry"),
    ("legal", "change_registryentry"),
    ("legal", "view_registryimport"),
    ("legal", "add_registryimport"),
    ("legal", "view_mentionreview"),
    ("legal", "change_mentionreview"),
    ("legal", "view_linkreview"),
    ("legal", "change_linkreview"),
    ("legal", "view_registrysource"),
    ("legal", "add_registrysource"),
    ("legal", "change_registrysource"),
    ("legal", "delete_registrysource"),
    ("legal", "view_registryupdate"),
    ("legal", "view_blockedresource"),
    ("legal", "add_blockedresource"),
    ("legal", "change_blockedresource"),
    ("legal", "delete_blockedresource"),
)


class LegalConfig(AppConfig):
    name = "polosa.legal"
    label = "legal"
    verbose_name = _("Полоса: юридическая маркировка")

    def ready(self) -> None:
        """Connect registry-change signals (no queries)."""
        from polosa.legal import signals  # noqa: F401

        connect_after_every_apps_permissions(ensure_legal_group)
        post_migrate.connect(queue_mentions_backfill, sender=self)


#: The migration that creates the mentions index: when a ``migrate`` applies it, the
#: archive published before it is indexed by the worker.
MENTIONS_INDEX_MIGRATION = ("legal", "0007_article_mentions")


def queue_mentions_backfill(plan=None, using: str = "default", **kwargs) -> None:
    """Queue :func:`polosa.legal.tasks.rebuild_mentions_index` when this ``migrate``
    created the mentions index and there are articles to index (none on a new site)."""
    applied = {
        (migration.app_label, migration.name)
        for migration, backwards in (plan or ())
        if not backwards
    }
    if MENTIONS_INDEX_MIGRATION not in applied:
        return
    from polosa.news.models import ArticlePage

    if not ArticlePage.objects.using(using).filter(live=True).exists():
        return
    import logging

    from polosa.legal.tasks import rebuild_mentions_index

    try:
        rebuild_mentions_index.enqueue()
    except Exception:  # a task backend outage must not fail the migration
        logging.getLogger(__name__).exception("could not queue the mentions index backfill")


def ensure_legal_group(using: str = "default", apps=global_apps, **kwargs) -> None:
    """The «Юрист» group with :data:`LEGAL_PERMISSIONS` (idempotent).

    The newsroom's migration creates it; this keeps it after a database flush too (the
    post_migrate signal follows both). Connected after every app's permissions but the
    last app's, none of which it grants.
    """
    from polosa.legal.gate import LEGAL_GROUP

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=LEGAL_GROUP)
    wanted = Q()
    for app_label, codename in LEGAL_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.using(using).filter(wanted))
