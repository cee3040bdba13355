"""The admin hooks of ``polosa.core``: concurrent saves of one page (``editing.py``), and the
scheduler's word to the newsroom (``scheduler.py``): late articles on the dashboard and in
their history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import dateparse, timezone
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter

from polosa.core import dates, editing, scheduler, worker
from polosa.core.models import WorkerHeartbeat


@hooks.register("before_edit_page")
def hold_concurrent_save(request, page):
    editing.hold_concurrent_save(request, page)


@hooks.register("after_edit_page")
def tell_about_concurrent_save(request, page):
    editing.tell_about_concurrent_save(request, page)


# --- Late scheduled publications ----------------------------------------------------------------


def local_time(moment: datetime, now: datetime) -> str:
    return dates.format_published(moment, now, zone=timezone.get_current_timezone())


class LatePublicationFormatter(LogFormatter):
    """The entry a worker leaves in the history when a scheduled publication is late."""

    label = gettext_lazy("Публикация по расписанию опаздывает")

    def format_message(self, log_entry) -> str:
        due = dateparse.parse_datetime((log_entry.data or {}).get("go_live_at") or "")
        if due is None:
            return str(self.label)
        return gettext("Публикация по расписанию опаздывает: время выхода — %(time)s") % {
            "time": local_time(due, log_entry.timestamp)
        }


@hooks.register("register_log_actions")
def register_scheduler_log_actions(actions) -> None:
    actions.register_action(scheduler.LATE_LOG_ACTION)(LatePublicationFormatter)


@dataclass(frozen=True)
class LateItem:
    title: str
    edit_url: str
    due: str
    lateness: str


class LatePublicationsPanel(Component):
    """The dashboard warning: scheduled articles not live five minutes after their time."""

    name = "late_publications"
    order = 40  # above Wagtail's own panels and the legal warning
    template_name = "core/late_publications_panel.html"

    def __init__(self, items: list[LateItem], worker_note: str) -> None:
        self.items = items
        self.worker_note = worker_note

    def get_context_data(self, parent_context=None) -> dict:
        return {"items": self.items, "worker_note": self.worker_note}


def worker_note(now: datetime) -> str:
    """Why it may be late: no worker running, or something in the article itself."""
    beat = WorkerHeartbeat.newest()
    if beat is None:
        return gettext(
            "Обработчик фоновых задач (polosa worker) не запущен: от него не было сигналов. "
            "Запустите его — материалы выйдут в течение минуты."
        )
    if beat.beat_at < now - timedelta(seconds=worker.stale_seconds()):
        return gettext(
            "Обработчик фоновых задач (polosa worker) не отвечает с %(time)s. "
            "Запустите его — материалы выйдут в течение минуты."
        ) % {"time": local_time(beat.beat_at, now)}
    return gettext(
        "Обработчик фоновых задач работает: публикацию держит сам материал — например, "
        "упоминания ждут решения юриста или публикация не удаётся. Откройте материал."
    )


@hooks.register("construct_homepage_panels")
def late_publications_panel(request, panels) -> None:
    now = timezone.now()
    finder = AdminURLFinder(request.user)
    items = []
    for late in scheduler.late_revisions(now=now):
        instance = late.revision.content_object
        edit_url = finder.get_edit_url(instance) if instance is not None else None
        if not edit_url:  # only what this user may open and fix
            continue
        items.append(
            LateItem(
                title=late.revision.object_str,
                edit_url=edit_url,
                due=local_time(late.revision.approved_go_live_at, now),
                lateness=scheduler.lateness_text(late.delay),
            )
        )
    if items:
        panels.append(LatePublicationsPanel(items, worker_note(now)))
