"""``polosa demo``: a working news site with invented content, from nothing.

Creates the embedded database, an administrator, rubrics, authors and 320 articles over
the past 18 months (plus what the other apps add: registries, titles, people), prints the
admin login and serves the site with ``polosa worker`` running beside it, so a scheduled
article goes live on its own. Run again, it reuses the database and its content.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from tqdm import tqdm

from polosa.core.database import refresh_planner_statistics
from polosa.news.generation import generate_articles
from polosa.news.models import ArticlePage

DEMO_ARTICLES = 320
ADMIN_USERNAME = "admin"
DEMO_APPS = (
    "core",
    "legal",
    "titles",
    "people",
    "distribution",
    "readership",
    "live",
    "embeds",
    "search",
    "media",  # last: cuts every picture's renditions the others use
)
#: How long the worker may take to finish the task at hand once asked to stop.
WORKER_STOP_SECONDS = 30
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Command(BaseCommand):
    help = "Создать демо-сайт с материалами и запустить его."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="только подготовить данные")

    def handle(self, *args, port: int, no_serve: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        password = self.ensure_admin()
        missing = DEMO_ARTICLES - ArticlePage.objects.count()
        if missing > 0:
            with tqdm(total=missing, unit="мат.", file=self.stderr._out) as bar:
                generate_articles(missing, progress=bar.update, distinct_headlines=True)
            for app in DEMO_APPS:
                self.populate_app(app)
            refresh_planner_statistics(after_bulk_load=True)
        self.stdout.write(f"Материалов в базе: {ArticlePage.objects.count()}")
        self.stdout.write(self.style.SUCCESS(f"Вход в редакцию: http://127.0.0.1:{port}/admin/"))
        self.stdout.write(f"  логин:  {ADMIN_USERNAME}\n  пароль: {password}")
        if not no_serve:
            with worker_beside() as worker:
                self.stdout.write(
                    f"Фоновые задачи: polosa worker (процесс {worker.pid}) — "
                    "запланированные материалы выйдут сами."
                )
                call_command("serve", port=port, workers=1, access_log=True)

    def ensure_admin(self) -> str:
        """Create the admin once; the password is kept under var/ so a rerun can print it."""
        password_file = settings.VAR_DIR / "demo-admin-password.txt"
        user_model = get_user_model()
        user = user_model.objects.filter(username=ADMIN_USERNAME).first()
        if user and password_file.exists():
            return password_file.read_text().strip()
        password = secrets.token_urlsafe(12)
        if user is None:
            user = user_model.objects.create_superuser(
                ADMIN_USERNAME, "admin@example.com", password
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        password_file.write_text(password + "\n")
        return password

    def populate_app(self, app: str) -> None:
        """Each app may add its own demo content in ``polosa/<app>/demo.py: populate()``."""
        try:
            module = importlib.import_module(f"polosa.{app}.demo")
        except ModuleNotFoundError as error:
            if error.name == f"polosa.{app}.demo":
                return
            raise
        module.populate(stdout=self.stdout)


def worker_command() -> list[str]:
    """``polosa worker`` run by this very interpreter."""
    return [sys.executable, "-m", "polosa", "worker"]


@contextmanager
def worker_beside(command: list[str] | None = None) -> Iterator[subprocess.Popen]:
    """Run ``polosa worker`` (or ``command``) as a child for the length of the block.

    The child gets this process's environment, so the same database and the demo's own
    ``SECRET_KEY``. It runs in a session of its own: Ctrl+C reaches only the server, and
    the block's end then stops the worker with one SIGTERM, which lets its task at hand
    finish (a second signal would interrupt it). However the block ends — the server
    stopped by Ctrl+C or SIGTERM, an error — the worker is stopped; if this process is
    killed outright, Linux sends the worker SIGTERM itself, so no orphan is left.
    """
    process = subprocess.Popen(
        command or worker_command(),
        env=os.environ.copy(),
        start_new_session=True,
        preexec_fn=_stopped_with(os.getpid()) if sys.platform.startswith("linux") else None,
    )
    try:
        yield process
    finally:
        stop_worker(process)


def stop_worker(process: subprocess.Popen, timeout: float = WORKER_STOP_SECONDS) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    except BaseException:  # a second Ctrl+C while it finishes its task: do not wait
        process.kill()
        process.wait()
        raise


def _stopped_with(parent: int) -> Callable[[], None]:
    """Run in the child before ``exec``: SIGTERM when the parent dies (``PR_SET_PDEATHSIG``)."""

    def arrange() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the request was made
            os._exit(0)

    return arrange
