"""The newsroom's publishing workflow «Редакция», on the home page and so on every article.

1. «Редакторская правка»: Wagtail's group approval by «Редактор» and «Выпускающий редактор»;
2. «Юридическая проверка»: :class:`polosa.legal.models.LegalReviewTask` for «Юрист», which
   passes by itself when nothing in the article awaits a legal decision.

After the last step Wagtail publishes the article (or schedules it, if it has a go-live
time), through the same publishing gate as every other path.

:func:`install` and :func:`retire_wagtail_default` work on the historical models the data
migrations pass in.
"""

from __future__ import annotations

from polosa.newsroom import roles

WORKFLOW = "Редакция"
EDITING_STEP = "Редакторская правка"
LEGAL_STEP = "Юридическая проверка"
EDITING_GROUPS = (roles.EDITOR, roles.MANAGING_EDITOR)
LEGAL_GROUPS = (roles.LAWYER,)

# What Wagtail's first migrations create: one workflow and its one task.
WAGTAIL_DEFAULT = "Moderators approval"


def _step(apps, using: str, model: str, name: str, group_names):
    """A task of ``model`` called ``name``, reviewed by exactly ``group_names``."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model(*model.split("."))
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.db_manager(using).get_or_create(
        app_label=Task._meta.app_label, model=Task._meta.model_name
    )
    task, _ = Task.objects.using(using).get_or_create(
        name=name, defaults={"content_type": content_type, "active": True}
    )
    task.groups.set(Group.objects.using(using).filter(name__in=group_names))
    return task


def install(apps, using: str) -> None:
    """«Редакция» with its two steps, assigned to the home page (idempotent)."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    workflow, _ = Workflow.objects.using(using).get_or_create(
        name=WORKFLOW, defaults={"active": True}
    )
    steps = [
        _step(apps, using, "wagtailcore.GroupApprovalTask", EDITING_STEP, EDITING_GROUPS),
        _step(apps, using, "legal.LegalReviewTask", LEGAL_STEP, LEGAL_GROUPS),
    ]
    for order, task in enumerate(steps):
        WorkflowTask.objects.using(using).update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    home = roles.home_page(apps, using)
    if home is not None:
        WorkflowPage.objects.using(using).update_or_create(
            page=home, defaults={"workflow": workflow}
        )


def uninstall(apps, using: str) -> None:
    """Remove «Редакция», its steps and their history (the reverse of :func:`install`)."""
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.using(using).filter(name=WORKFLOW).delete()
    Task.objects.using(using).filter(name__in=(EDITING_STEP, LEGAL_STEP)).delete()


def retire_wagtail_default(apps, using: str) -> None:
    """Replace Wagtail's «Moderators approval».

    Deleted when nothing ever went through it; otherwise kept with its history but
    deactivated, as Wagtail's own admin does: it leaves every page, and what waited in it
    is cancelled, to be submitted again to «Редакция».
    """
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")

    for workflow in Workflow.objects.using(using).filter(name=WAGTAIL_DEFAULT):
        states = WorkflowState.objects.using(using).filter(workflow=workflow)
        if not states.exists():
            workflow.delete()
            continue
        TaskState.objects.using(using).filter(
            workflow_state__in=states, status="in_progress"
        ).update(status="cancelled")
        states.filter(status__in=("in_progress", "needs_changes")).update(status="cancelled")
        WorkflowPage.objects.using(using).filter(workflow=workflow).delete()
        WorkflowContentType.objects.using(using).filter(workflow=workflow).delete()
        workflow.active = False
        workflow.save(update_fields=["active"])
    for task in Task.objects.using(using).filter(name=WAGTAIL_DEFAULT):
        if task.task_states.exists():
            task.active = False
            task.save(update_fields=["active"])
        else:
            task.delete()
