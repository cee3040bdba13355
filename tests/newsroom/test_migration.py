"""The roles' and the workflow's data migrations on a database from before them.

The test database has them applied already; each test first puts back what an older
database holds («Юристы» with members, Wagtail's «Editors», «Moderators» and «Moderators
approval»), then runs the migration's own functions on the historical models.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from polosa.newsroom import roles, workflow

pytestmark = pytest.mark.django_db

ROLES_MIGRATION = import_module("polosa.newsroom.migrations.0001_roles")
WORKFLOW_MIGRATION = import_module("polosa.newsroom.migrations.0002_workflow")


def run(function, name: str) -> None:
    """Run one of the migration's functions as ``migrate`` would, on its historical models."""
    state = MigrationLoader(connection).project_state(("newsroom", name), at_end=False)
    function(state.apps, connection.schema_editor())


def roles_forwards() -> None:
    run(ROLES_MIGRATION.create_roles, "0001_roles")


def snapshot() -> dict:
    return {
        group.name: (
            sorted(group.permissions.values_list("codename", flat=True)),
            sorted(group.user_set.values_list("username", flat=True)),
            sorted(
                GroupPagePermission.objects.filter(group=group).values_list(
                    "page_id", "permission__codename"
                )
            ),
            sorted(group.collection_permissions.values_list("permission__codename", flat=True)),
        )
        for group in Group.objects.all()
    }


@pytest.fixture
def old_lawyers():
    """«Юристы» as the legal app made it, with two members and a permission given by hand."""
    group = Group.objects.get(name=roles.LAWYER)
    group.name = roles.OLD_LAWYERS
    group.save()
    for username in ("anna", "boris"):
        User.objects.create_user(username).groups.add(group)
    group.permissions.add(Permission.objects.get(codename="view_redirect"))
    return group


def test_the_lawyers_keep_their_members_and_permissions_under_the_new_name(old_lawyers):
    before = set(old_lawyers.permissions.all())
    roles_forwards()
    assert not Group.objects.filter(name=roles.OLD_LAWYERS).exists()
    lawyers = Group.objects.get(name=roles.LAWYER)
    assert lawyers.pk == old_lawyers.pk
    assert sorted(lawyers.user_set.values_list("username", flat=True)) == ["anna", "boris"]
    assert before <= set(lawyers.permissions.all())


def test_both_names_present_are_merged_into_one_group(old_lawyers):
    """A database where the legal app already made «Юрист» beside the old «Юристы»."""
    newer = Group.objects.create(name=roles.LAWYER)
    User.objects.create_user("vera").groups.add(newer)
    roles_forwards()
    (lawyers,) = Group.objects.filter(name__in=(roles.LAWYER, roles.OLD_LAWYERS))
    assert sorted(lawyers.user_set.values_list("username", flat=True)) == [
        "anna",
        "boris",
        "vera",
    ]
    assert lawyers.permissions.filter(codename="view_redirect").exists()


def test_going_back_restores_the_old_name_with_its_members(old_lawyers):
    roles_forwards()
    run(ROLES_MIGRATION.restore_lawyers_name, "0001_roles")
    group = Group.objects.get(name=roles.OLD_LAWYERS)
    assert sorted(group.user_set.values_list("username", flat=True)) == ["anna", "boris"]


def test_wagtails_default_groups_give_their_members_to_the_editors():
    root = Page.get_first_root_node()
    for name, username in (("Editors", "ed"), ("Moderators", "mod")):
        group = Group.objects.create(name=name)
        User.objects.create_user(username).groups.add(group)
        GroupPagePermission.objects.create(
            group=group, page=root, permission=Permission.objects.get(codename="publish_page")
        )
    roles_forwards()
    assert not Group.objects.filter(name__in=roles.WAGTAIL_DEFAULT_GROUPS).exists()
    editors = Group.objects.get(name=roles.EDITOR)
    assert sorted(editors.user_set.values_list("username", flat=True)) == ["ed", "mod"]
    assert (
        not GroupPagePermission.objects.filter(page=root)
        .exclude(group__name=roles.ADMINISTRATOR)
        .exists()
    )


def test_running_the_migrations_again_changes_nothing():
    before = snapshot()
    steps = [(task.name, task.pk) for task in Workflow.objects.get(name=workflow.WORKFLOW).tasks]
    roles_forwards()
    run(WORKFLOW_MIGRATION.install, "0002_workflow")
    assert snapshot() == before
    assert [(task.name, task.pk) for task in Workflow.objects.get().tasks] == steps
    assert WorkflowPage.objects.count() == 1


def wagtails_default_workflow() -> Workflow:
    task = GroupApprovalTask.objects.create(name=workflow.WAGTAIL_DEFAULT)
    old = Workflow.objects.create(name=workflow.WAGTAIL_DEFAULT)
    WorkflowTask.objects.create(workflow=old, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=old, page=Page.get_first_root_node())
    return old


def test_wagtails_unused_default_workflow_is_deleted():
    wagtails_default_workflow()
    run(WORKFLOW_MIGRATION.install, "0002_workflow")
    assert list(Workflow.objects.values_list("name", flat=True)) == [workflow.WORKFLOW]
    assert not Task.objects.filter(name=workflow.WAGTAIL_DEFAULT).exists()


def test_what_waited_in_wagtails_default_workflow_is_cancelled_and_its_history_kept(
    article_factory,
):
    old = wagtails_default_workflow()
    article = article_factory("Старая модерация", live=False)
    article.save_revision()
    WorkflowPage.objects.filter(workflow__name=workflow.WORKFLOW).delete()
    state = old.start(article, user=None)

    run(WORKFLOW_MIGRATION.install, "0002_workflow")

    old.refresh_from_db()
    state.refresh_from_db()
    assert not old.active
    assert not old.workflow_pages.exists()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert set(TaskState.objects.filter(workflow_state=state).values_list("status", flat=True)) == {
        TaskState.STATUS_CANCELLED
    }
    assert article.get_workflow().name == workflow.WORKFLOW
