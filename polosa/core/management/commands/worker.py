"""``polosa worker``: runs background tasks (scheduled publishing, Telegram, labels, purge).

Each cycle publishes pages whose scheduled time has come (Wagtail's
``publish_scheduled``), then runs every queued task with django-tasks' database worker.
``--burst`` does one cycle and exits; without it the cycle repeats every ``--interval``
seconds, so no cron or broker is needed.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Выполнять фоновые задачи."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="выполнить очередь и выйти")
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--queue", default="*")

    def handle(self, *args, burst: bool, interval: float, queue: str, **options):
        while True:
            self.cycle(queue)
            if burst:
                return
            close_old_connections()
            time.sleep(interval)

    def cycle(self, queue: str) -> None:
        call_command("publish_scheduled", verbosity=0)
        call_command(
            "db_worker",
            "--queue-name",
            queue,
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            verbosity=0,
        )
