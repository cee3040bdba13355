"""``polosa serve``: the production server (granian, WSGI), configured from the environment.

Static files are collected first and served by the application itself (through
``polosa.core.static``), so one process is all a small outlet needs; large outlets put a
CDN or nginx in front.
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from polosa.core.catalogue import ensure_compiled


class Command(BaseCommand):
    help = "Запустить сайт под granian."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("POLOSA_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("POLOSA_WORKERS", "2"))
        )
        parser.add_argument("--access-log", action="store_true", help="печатать каждый запрос")

    def handle(self, *args, host: str, port: int, workers: int, access_log: bool, **options):
        from granian import Granian
        from granian.constants import Interfaces

        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        ensure_compiled()  # before granian forks: every worker reads the same catalogue
        self.stdout.write(f"Полоса: http://{host}:{port}/ (рабочих процессов: {workers})")
        self.stdout.flush()
        server = Granian(
            target="polosa.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=4,
            log_access=access_log,
        )
        server.serve()
