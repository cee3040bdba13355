"""The newsroom's roles: who may do what in the admin, in Wagtail's own permission terms.

Each role is a group. Its page permissions (``GroupPagePermission``) are granted on the
home page, so they cover every rubric and article under it; its image and document
permissions (``GroupCollectionPermission``) on the root collection; the rest are model
permissions (snippets, settings, users). Wagtail's page permissions already say the roles
apart: «add» lets an author create pages and edit the drafts they own, never publish nor
touch anyone else's; «change» edits any page; «publish» publishes, schedules and
unpublishes.

:func:`grant` applies the table to a database and never takes a permission away; the
data migrations of this app call it with their historical models. A permission whose
model does not exist yet at that point is left out: the migration that follows the
model's own runs :func:`grant` again (see the place kept in :data:`MANAGING_EDITOR_ROLE`).
«Администратор» alone is granted again after every migrate (:mod:`polosa.newsroom.apps`),
as its role is every permission there is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from polosa.legal.apps import LEGAL_PERMISSIONS
from polosa.legal.gate import LEGAL_GROUP

AUTHOR = "Автор"
EDITOR = "Редактор"
MANAGING_EDITOR = "Выпускающий редактор"
LAWYER = LEGAL_GROUP
ADMINISTRATOR = "Администратор"

# The names the groups had before this app: Wagtail's defaults and the legal app's own.
OLD_LAWYERS = "Юристы"
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")

PAGE_PERMISSION_TYPES = ("add", "change", "publish", "bulk_delete", "lock", "unlock")
IMAGES = ("wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.delete_image")
DOCUMENTS = (
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
)
CHOOSE_MEDIA = ("wagtailimages.choose_image", "wagtaildocs.choose_document")
COLLECTIONS = (
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailcore.delete_collection",
)
ACCESS_ADMIN = "wagtailadmin.access_admin"


def _model_permissions(
    model: str, actions: Iterable[str] = ("add", "change", "delete", "view")
) -> tuple[str, ...]:
    app_label, model_name = model.split(".")
    return tuple(f"{app_label}.{action}_{model_name}" for action in actions)


@dataclass(frozen=True)
class Role:
    name: str
    # Page permission types ("add", "change", "publish", …) on the home page.
    pages: tuple[str, ...] = ()
    # "app_label.codename" on the root collection: images, documents, collections.
    collections: tuple[str, ...] = ()
    # "app_label.codename" model permissions.
    permissions: tuple[str, ...] = ()
    # Every permission and the whole page tree from its root (Администратор).
    everything: bool = False


AUTHOR_ROLE = Role(
    AUTHOR,
    pages=("add",),
    collections=("wagtailimages.add_image", "wagtaildocs.add_document", *CHOOSE_MEDIA),
    permissions=(ACCESS_ADMIN, "news.view_author"),
)

EDITOR_ROLE = Role(
    EDITOR,
    pages=("add", "change", "publish", "lock", "unlock"),
    collections=(*IMAGES, *DOCUMENTS, *CHOOSE_MEDIA),
    permissions=(
        ACCESS_ADMIN,
        *_model_permissions("news.author"),
        *_model_permissions("taggit.tag"),
        "legal.view_mentionreview",
    ),
)

MANAGING_EDITOR_ROLE = replace(
    EDITOR_ROLE,
    name=MANAGING_EDITOR,
    permissions=(
        *EDITOR_ROLE.permissions,
        # The outlet's settings (wagtail.contrib.settings checks «change»).
        "core.change_outletsettings",
        # «Первая полоса» (a site setting: «change») and the «Срочно» banner (set: «add»,
        # remove: «delete»); granted by migration 0004, after their models'.
        *_model_permissions("newsroom.frontpage", ("change", "view")),
        *_model_permissions("newsroom.urgentbanner"),
    ),
)

LAWYER_ROLE = Role(
    LAWYER,
    # Pages are read through the workflow: a lawyer opens every article waiting at
    # «Юридическая проверка» (Wagtail gives a step's groups the editor of what waits
    # there); Wagtail has no read-only page permission by design.
    permissions=tuple(f"{app_label}.{codename}" for app_label, codename in LEGAL_PERMISSIONS),
)

ADMINISTRATOR_ROLE = Role(
    ADMINISTRATOR,
    pages=PAGE_PERMISSION_TYPES,
    collections=(*IMAGES, *DOCUMENTS, *CHOOSE_MEDIA, *COLLECTIONS),
    everything=True,
)

ROLES: tuple[Role, ...] = (
    AUTHOR_ROLE,
    EDITOR_ROLE,
    MANAGING_EDITOR_ROLE,
    LAWYER_ROLE,
    ADMINISTRATOR_ROLE,
)


def create_permissions(apps, using: str) -> None:
    """Make sure every model's permissions exist; Django creates them only after the
    whole migration run (post_migrate), too late for a data migration on a new database."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions as create

    for app_config in global_apps.get_app_configs():
        create(app_config, verbosity=0, using=using, apps=apps)


def home_page(apps, using: str):
    """The default site's root page (the home page), else the top of the tree."""
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is not None:
        return Page.objects.using(using).get(pk=site.root_page_id)
    return Page.objects.using(using).filter(depth__lte=2).order_by("-depth", "path").first()


def merge_group(apps, using: str, old_name: str, into, *, with_permissions: bool) -> None:
    """Move the members of group ``old_name`` (and its permissions if asked) into
    ``into``, then delete it."""
    Group = apps.get_model("auth", "Group")
    old = Group.objects.using(using).filter(name=old_name).exclude(pk=into.pk).first()
    if old is None:
        return
    User = apps.get_model(*_user_model().split("."))
    for user in User.objects.using(using).filter(groups=old):
        user.groups.add(into)
    if with_permissions:
        into.permissions.add(*old.permissions.all())
        pages = apps.get_model("wagtailcore", "GroupPagePermission").objects.using(using)
        for row in pages.filter(group=old):
            pages.get_or_create(group=into, page_id=row.page_id, permission_id=row.permission_id)
        collections = apps.get_model("wagtailcore", "GroupCollectionPermission").objects
        for row in collections.using(using).filter(group=old):
            collections.using(using).get_or_create(
                group=into, collection_id=row.collection_id, permission_id=row.permission_id
            )
    old.delete()


def rename_group(apps, using: str, old_name: str, new_name: str):
    """Rename a group, keeping its members and permissions; merged into ``new_name`` when
    both exist. Returns the group now called ``new_name`` (``None`` if neither exists)."""
    Group = apps.get_model("auth", "Group")
    groups = Group.objects.using(using)
    current = groups.filter(name=new_name).first()
    if current is None:
        groups.filter(name=old_name).update(name=new_name)
        return groups.filter(name=new_name).first()
    merge_group(apps, using, old_name, current, with_permissions=True)
    return current


def grant(apps, using: str, roles: Iterable[Role] = ROLES) -> None:
    """Create the roles' groups and add what each may do (idempotent, additive)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    permissions = Permission.objects.using(using).select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in permissions}
    home = home_page(apps, using)
    tree_root = Page.objects.using(using).filter(depth=1).first()
    root_collection = Collection.objects.using(using).filter(depth=1).first()

    for role in roles:
        group, _ = Group.objects.using(using).get_or_create(name=role.name)
        group.permissions.add(*_known(by_name if role.everything else role.permissions, by_name))
        page = tree_root if role.everything else home
        if page is not None:
            for permission in _known([f"wagtailcore.{t}_page" for t in role.pages], by_name):
                GroupPagePermission.objects.using(using).get_or_create(
                    group=group, page=page, permission=permission
                )
        if root_collection is not None:
            for permission in _known(role.collections, by_name):
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def _known(names: Iterable[str], by_name: dict) -> list:
    """Permission rows for the names that exist in this database (see the module's note
    on permissions of models added later)."""
    return [by_name[name] for name in names if name in by_name]


def _user_model() -> str:
    from django.conf import settings

    return settings.AUTH_USER_MODEL
