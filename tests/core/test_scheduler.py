"""Scheduled publishing you can trust: ``polosa worker`` publishes a due article once,
however many workers run, on SQLite and PostgreSQL; says what it published; and tells the
newsroom (dashboard, log) when an article is more than five minutes late."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import PageLogEntry

from polosa.news.models import ArticlePage

from ..conftest import requires_postgres

ROOT = Path(__file__).resolve().parents[2]
SCHEDULED = "wagtail.publish.scheduled"


def schedule(article, *, minutes_ago: float) -> None:
    """Schedule the article's latest draft for ``minutes_ago`` minutes ago, as the editor's
    «Опубликовать» with a go-live time leaves it (Wagtail's ``approved_go_live_at``)."""
    page = ArticlePage.objects.get(pk=article.pk)
    page.go_live_at = timezone.now() - timedelta(minutes=minutes_ago)
    revision = page.save_revision()
    revision.approved_go_live_at = page.go_live_at
    revision.save(update_fields=["approved_go_live_at"])


def scheduled_publications(article) -> int:
    return PageLogEntry.objects.filter(page_id=article.pk, action=SCHEDULED).count()


# -- two real worker processes, one database ----------------------------------------------------

RACER = """
import sys, time
from pathlib import Path

import django

django.setup()
from django.core.management import call_command
from wagtail.signals import page_published

signals, start = Path(sys.argv[1]), Path(sys.argv[2])


def count(sender, instance, **kwargs):
    with signals.open("a") as record:
        record.write(f"{instance.pk}\\n")


page_published.connect(count, weak=False)
print("ready", flush=True)
while not start.exists():
    time.sleep(0.002)
call_command("worker", "--burst")
"""


class SharedDatabase:
    """The committed test data for other processes: a file copy of SQLite's in-memory test
    database (copied back afterwards, so the test reads what they wrote), or the PostgreSQL
    test database itself."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("POLOSA_") and name not in ("DATABASE_URL", "REDIS_URL")
        }
        self.env.update(
            SECRET_KEY="polosa-test-suite-only-not-secret",
            DEBUG="0",
            POLOSA_VAR_DIR=str(tmp_path / "var"),
        )
        self.sqlite: Path | None = None

    @contextlib.contextmanager
    def shared(self, name: str):
        settings = connection.settings_dict
        if connection.vendor != "sqlite":
            password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
            self.env["DATABASE_URL"] = (
                f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}"
            )
            yield
            return
        self.sqlite = self.tmp / f"{name}.sqlite3"
        connection.ensure_connection()
        with contextlib.closing(sqlite3.connect(self.sqlite)) as copy:
            connection.connection.backup(copy)
        self.env["DATABASE_URL"] = f"sqlite:///{self.sqlite}"
        yield
        with contextlib.closing(sqlite3.connect(self.sqlite, timeout=20)) as copy:
            copy.backup(connection.connection)


def race_two_workers(database: SharedDatabase, name: str) -> list[str]:
    """Two ``polosa worker --burst`` processes started at the same instant; returns the
    page ids ``page_published`` fired for, in both."""
    signals, start = database.tmp / f"{name}.signals", database.tmp / f"{name}.go"
    signals.touch()
    racers = []
    with database.shared(name):
        try:
            for number in (1, 2):
                log = (database.tmp / f"{name}-{number}.log").open("wb")
                racers.append(
                    subprocess.Popen(
                        [sys.executable, "-c", RACER, str(signals), str(start)],
                        cwd=ROOT,
                        env=database.env,
                        stdout=subprocess.PIPE,
                        stderr=log,
                    )
                )
                log.close()
            for racer in racers:
                assert racer.stdout.readline().strip() == b"ready", logs(database, name)
            start.touch()  # both are set up: let them run their cycle at once
            for racer in racers:
                racer.communicate(timeout=120)
        finally:
            for racer in racers:
                if racer.poll() is None:
                    racer.kill()
                    racer.wait()
    assert [racer.returncode for racer in racers] == [0, 0], logs(database, name)
    return signals.read_text().split()


def logs(database: SharedDatabase, name: str) -> str:
    return "\n".join(path.read_text()[-3000:] for path in database.tmp.glob(f"{name}-*.log"))


def two_workers_publish_once(article_factory, tmp_path, runs: int = 3) -> None:
    database = SharedDatabase(tmp_path)
    for run in range(runs):
        article = article_factory(f"По расписанию, прогон {run}", live=False)
        schedule(article, minutes_ago=0.5)
        fired = race_two_workers(database, f"run{run}")
        assert ArticlePage.objects.get(pk=article.pk).live
        assert scheduled_publications(article) == 1
        assert fired == [str(article.pk)]  # page_published: once, in one of the two


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_on_one_sqlite_file_publish_a_scheduled_article_once(
    article_factory, tmp_path
):
    if connection.vendor != "sqlite":
        pytest.skip("needs SQLite: the PostgreSQL run has its own test")
    two_workers_publish_once(article_factory, tmp_path)


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_on_postgresql_publish_a_scheduled_article_once(
    article_factory, tmp_path
):
    two_workers_publish_once(article_factory, tmp_path)
