"""``polosa worker``: runs background tasks (scheduled publishing, Telegram, labels, purge).

Each cycle records the worker's heartbeat (``/readyz`` reports the newest), publishes
pages whose scheduled time has come (Wagtail's ``publish_scheduled``), then runs every
queued task with django-tasks' database worker. ``--burst`` does one cycle, prints what it
did and exits; without it the cycle repeats every ``--interval`` seconds, so no cron or
broker is needed.
"""

import os
import socket
import time
from dataclasses import dataclass

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext
from wagtail.signals import page_published

from polosa.core.models import WorkerHeartbeat


@dataclass(frozen=True)
class CycleReport:
    pages_published: int
    tasks_run: int


class Command(BaseCommand):
    help = "Выполнять фоновые задачи."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="выполнить очередь и выйти")
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--queue", default="*")

    def handle(self, *args, burst: bool, interval: float, queue: str, **options):
        while True:
            report = self.cycle(queue)
            if burst:
                self.stdout.write(
                    gettext(
                        "Готово: опубликовано страниц — %(pages)d, задач выполнено — %(tasks)d."
                    )
                    % {"pages": report.pages_published, "tasks": report.tasks_run}
                )
                return
            close_old_connections()
            time.sleep(interval)

    def cycle(self, queue: str) -> CycleReport:
        WorkerHeartbeat.beat()
        published: set[int] = set()

        def count_published(sender, instance, **kwargs):
            published.add(instance.pk)

        page_published.connect(count_published, weak=False)
        try:
            call_command("publish_scheduled", verbosity=0)
        finally:
            page_published.disconnect(count_published)

        # A worker id of this cycle's own tells its tasks from other workers' finished
        # meanwhile (django-tasks' default is random too).
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"
        started = timezone.now()
        call_command(
            "db_worker",
            "--queue-name",
            queue,
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--worker-id",
            worker_id,
            verbosity=0,
        )
        return CycleReport(pages_published=len(published), tasks_run=tasks_run(worker_id, started))


def tasks_run(worker_id: str, since) -> int:
    """Task results ``worker_id`` finished (successfully or not) since ``since``."""
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.finished().filter(finished_at__gte=since)
    return sum(worker_id in (ids or ()) for ids in finished.values_list("worker_ids", flat=True))
