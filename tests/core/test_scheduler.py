"""Scheduled publishing you can trust: ``polosa worker`` publishes a due article once,
however many workers run, on SQLite and PostgreSQL; says what it published; and tells the
newsroom (the dashboard, the log, the article's history) when an article is more than five
minutes late. Time moves by patching ``django.utils.timezone.now`` (the ``clock``)."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import lxml.html
import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from polosa.core import scheduler
from polosa.core.models import WorkerHeartbeat
from polosa.news.models import ArticlePage

from ..conftest import requires_postgres

ROOT = Path(__file__).resolve().parents[2]
SCHEDULED = "wagtail.publish.scheduled"


class Clock:
    """``django.utils.timezone.now`` as the test sets it."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def move(self, **delta: float) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def published_signals():
    """The page ids ``page_published`` fired for, in order."""
    fired: list[int] = []

    def record(sender, instance, **kwargs):
        fired.append(instance.pk)

    page_published.connect(record, weak=False)
    yield fired
    page_published.disconnect(record)


class Hold:
    """Something inside ``publish()`` holds scheduled articles back, as the legal gate does
    while mentions wait for a lawyer: the revision stays scheduled."""

    def __init__(self, monkeypatch) -> None:
        self.on = True
        real = ArticlePage.publish

        def publish(page, revision, *args, **kwargs):
            if self.on:
                return None
            return real(page, revision, *args, **kwargs)

        monkeypatch.setattr(ArticlePage, "publish", publish)

    def release(self) -> None:
        self.on = False


@pytest.fixture
def held(monkeypatch) -> Hold:
    return Hold(monkeypatch)


def schedule(article, *, at: datetime) -> None:
    """Schedule the article's latest draft for ``at``, as the editor's «Опубликовать» with a
    go-live time leaves it (Wagtail's ``approved_go_live_at``)."""
    page = ArticlePage.objects.get(pk=article.pk)
    page.go_live_at = at
    revision = page.save_revision()
    revision.approved_go_live_at = at
    revision.save(update_fields=["approved_go_live_at"])


def scheduled_publications(article) -> int:
    return PageLogEntry.objects.filter(page_id=article.pk, action=SCHEDULED).count()


def late_entries(article) -> int:
    return PageLogEntry.objects.filter(page_id=article.pk, action=scheduler.LATE_LOG_ACTION).count()


def late_warnings(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == scheduler.__name__
        and record.levelno == logging.WARNING
        and " is late" in record.getMessage()
    ]


def burst() -> str:
    out = io.StringIO()
    call_command("worker", "--burst", stdout=out)
    return out.getvalue().strip()


def is_live(article) -> bool:
    return ArticlePage.objects.get(pk=article.pk).live


# -- once, in one process ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_due_article_goes_live_once_with_wagtails_scheduled_log_entry(
    clock, article_factory, published_signals
):
    article = article_factory("Утренний выпуск", live=False)
    schedule(article, at=clock() - timedelta(seconds=30))
    first, second = scheduler.run(), scheduler.run()
    assert is_live(article)
    assert [item.title for item in first.published] == ["Утренний выпуск"]
    assert second.published == []
    assert scheduled_publications(article) == 1
    assert published_signals == [article.pk]


@pytest.mark.django_db
def test_an_article_scheduled_for_later_waits_for_its_time(clock, article_factory):
    article = article_factory("Вечерний выпуск", live=False)
    schedule(article, at=clock() + timedelta(minutes=10))
    assert scheduler.run().published == []
    assert not is_live(article)
    clock.move(minutes=10)
    assert [item.title for item in scheduler.run().published] == ["Вечерний выпуск"]
    assert is_live(article)


@pytest.mark.django_db
def test_a_worker_that_listed_an_article_another_has_just_published_does_not_publish_it_again(
    clock, monkeypatch, article_factory, published_signals
):
    """The list of due revisions is read without a lock; each is read again once claimed."""
    article = article_factory("Гонка", live=False)
    schedule(article, at=clock() - timedelta(seconds=30))
    listing = scheduler.due_revisions
    others: list[scheduler.Pass] = []

    def listed_then_published_elsewhere(now):
        due = listing(now)
        monkeypatch.setattr(scheduler, "due_revisions", listing)
        others.append(scheduler.run())  # the other worker, between this listing and the claim
        return due

    monkeypatch.setattr(scheduler, "due_revisions", listed_then_published_elsewhere)
    mine = scheduler.run()
    assert [item.title for item in others[0].published] == ["Гонка"]
    assert mine.published == []
    assert scheduled_publications(article) == 1
    assert published_signals == [article.pk]


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_worker_passes_over_an_article_another_worker_is_publishing(
    article_factory, published_signals
):
    """``SKIP LOCKED``: the second worker neither waits nor publishes; the first one does."""
    article = article_factory("Гонка PostgreSQL", live=False)
    schedule(article, at=timezone.now() - timedelta(seconds=30))
    inside, release = threading.Event(), threading.Event()
    first: list[scheduler.Pass] = []

    def wait_inside_publish(sender, instance, **kwargs):
        if threading.current_thread().name == "first-worker":
            inside.set()
            release.wait(30)

    def first_worker():
        try:
            first.append(scheduler.run())
        finally:
            connection.close()

    page_published.connect(wait_inside_publish, weak=False)
    thread = threading.Thread(target=first_worker, name="first-worker")
    try:
        thread.start()
        assert inside.wait(30)  # the first worker holds the article, not yet committed
        second = scheduler.run()
    finally:
        release.set()
        thread.join(30)
        page_published.disconnect(wait_inside_publish)
    assert second.published == []
    assert [item.title for item in first[0].published] == ["Гонка PostgreSQL"]
    assert scheduled_publications(article) == 1
    assert published_signals == [article.pk]


@pytest.mark.django_db
def test_an_expired_article_is_unpublished_once(clock, article_factory):
    article = article_factory("Акция окончена")
    ArticlePage.objects.filter(pk=article.pk).update(expire_at=clock() - timedelta(minutes=1))
    first, second = scheduler.run(), scheduler.run()
    assert not is_live(article)
    assert first.unpublished == ["Акция окончена"] and second.unpublished == []
    unpublished = PageLogEntry.objects.filter(
        page_id=article.pk, action="wagtail.unpublish.scheduled"
    )
    assert unpublished.count() == 1


# -- the worker ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_says_in_its_log_what_it_published_whatever_log_level_says(
    clock, monkeypatch, caplog, article_factory
):
    monkeypatch.setattr(logging.getLogger(scheduler.__name__), "level", logging.NOTSET)
    article = article_factory("Полдень", live=False)
    schedule(article, at=clock() - timedelta(seconds=40))
    summary = burst()
    assert summary.startswith("Готово: опубликовано страниц — 1,")
    [record] = [r for r in caplog.records if r.name == scheduler.__name__]
    assert record.levelno == logging.INFO
    assert record.getMessage().startswith(f'published "Полдень" (page {article.pk}, revision ')
    assert record.getMessage().endswith(", 40 s late")


@pytest.mark.django_db(transaction=True)
def test_an_article_that_falls_due_during_a_long_batch_of_tasks_goes_live_between_two_tasks(
    clock, monkeypatch, article_factory, published_signals
):
    from django_tasks.signals import task_finished

    from polosa.core.management.commands import worker as command
    from polosa.core.tasks import retry_purge

    monkeypatch.setattr(command, "SCHEDULE_SECONDS", 0)  # every task, for the test
    article = article_factory("Пока шла очередь", live=False)
    schedule(article, at=clock() + timedelta(minutes=10))
    retry_purge.enqueue(["first"], True)
    retry_purge.enqueue(["second"], True)
    events: list[str] = []

    def finished(sender, task_result, **kwargs):
        events.append("task")
        clock.move(minutes=11)  # a long task

    task_finished.connect(finished, weak=False)
    page_published.connect(lambda sender, **kwargs: events.append("published"), weak=False)
    try:
        burst()
    finally:
        task_finished.disconnect(finished)
    assert events[:3] == ["task", "published", "task"]
    assert is_live(article)


# -- late ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_article_held_back_past_five_minutes_is_reported_once_in_the_log_and_its_history(
    clock, held, caplog, article_factory
):
    article = article_factory("Задержанный", live=False)
    schedule(article, at=clock() - timedelta(minutes=4))
    caplog.set_level(logging.INFO, logger=scheduler.__name__)
    assert scheduler.run().late == []  # four minutes: not yet
    clock.move(minutes=2)
    passes = [scheduler.run() for _ in range(3)]  # cycles of this and of other workers
    clock.move(minutes=30)
    passes.append(scheduler.run())
    assert [[item.title for item in done.late] for done in passes] == [["Задержанный"], [], [], []]
    [warning] = late_warnings(caplog)
    assert warning.startswith(f'scheduled "Задержанный" (page {article.pk}, revision ')
    assert warning.endswith("not live 360 s after")
    assert late_entries(article) == 1
    assert not is_live(article)

    held.release()  # the lawyer decided: it goes live on the next cycle
    assert [item.title for item in scheduler.run().published] == ["Задержанный"]
    assert is_live(article)


@pytest.mark.django_db
def test_an_article_rescheduled_after_it_was_late_can_be_late_again(clock, held, article_factory):
    article = article_factory("Дважды", live=False)
    schedule(article, at=clock() - timedelta(minutes=6))
    assert len(scheduler.run().late) == 1
    schedule(article, at=clock() + timedelta(hours=1))  # the editor moves it
    clock.move(hours=1, minutes=6)
    assert [item.title for item in scheduler.run().late] == ["Дважды"]
    assert scheduler.run().late == []
    assert late_entries(article) == 2


@pytest.mark.django_db
def test_a_publication_that_fails_every_time_is_reported_late_once(
    clock, monkeypatch, caplog, article_factory
):
    def broken(page, revision, *args, **kwargs):
        raise RuntimeError("the template of the rubric is broken")

    monkeypatch.setattr(ArticlePage, "publish", broken)
    article = article_factory("Сломанный", live=False)
    schedule(article, at=clock() - timedelta(minutes=6))
    passes = [scheduler.run(), scheduler.run()]
    assert [len(done.late) for done in passes] == [1, 0]
    assert len(late_warnings(caplog)) == 1
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 2 and "the template of the rubric is broken" in failures[0].exc_text
    assert not is_live(article)


@pytest.mark.django_db
def test_an_article_published_late_because_no_worker_ran_is_a_warning_in_the_log(
    clock, caplog, article_factory
):
    article = article_factory("Без обработчика", live=False)
    schedule(article, at=clock() - timedelta(minutes=12))
    caplog.set_level(logging.INFO, logger=scheduler.__name__)
    scheduler.run()
    [record] = [r for r in caplog.records if r.name == scheduler.__name__]
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith('published "Без обработчика"')
    assert record.getMessage().endswith(", 720 s late")


def lateness_case(minutes: int, expected: str):
    """Russian has three plural forms; the forms beyond 1 and 2 come from the catalogue."""
    return pytest.param(minutes, expected, id=expected)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        lateness_case(6, "опаздывает на 6 минут"),
        lateness_case(7, "опаздывает на 7 минут"),
        lateness_case(21, "опаздывает на 21 минуту"),
        lateness_case(22, "опаздывает на 22 минуты"),
        lateness_case(59, "опаздывает на 59 минут"),
        lateness_case(60, "опаздывает на 1 час"),
        lateness_case(2 * 60 + 59, "опаздывает на 2 часа"),
        lateness_case(5 * 60, "опаздывает на 5 часов"),
        lateness_case(21 * 60, "опаздывает на 21 час"),
        lateness_case(47 * 60, "опаздывает на 47 часов"),
        lateness_case(2 * 24 * 60, "опаздывает на 2 дня"),
        lateness_case(5 * 24 * 60, "опаздывает на 5 дней"),
        lateness_case(21 * 24 * 60, "опаздывает на 21 день"),
    ],
)
def test_how_late_is_said_in_whole_minutes_then_hours_then_days(minutes, expected):
    with translation.override("ru"):
        assert scheduler.lateness_text(timedelta(minutes=minutes, seconds=30)) == expected


# -- the dashboard ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def late_panel(client):
    """The dashboard's late-publication panel, or ``None``."""
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    document = lxml.html.fromstring(response.content)
    found = document.xpath("//*[@id='late-publications-section']")
    return found[0] if found else None


def text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.django_db
def test_the_dashboard_lists_an_article_seven_minutes_late_with_a_link_to_fix_it(
    clock, admin_client, article_factory
):
    clock.moment = datetime(2026, 12, 1, 18, 27, 30, tzinfo=timezone.get_current_timezone())
    article = article_factory("Опоздавший", live=False)
    schedule(article, at=clock() - timedelta(minutes=7, seconds=30))
    panel = late_panel(admin_client)
    assert panel is not None
    [item] = panel.xpath(".//li")
    assert text(item) == "Опоздавший — время выхода 1 декабря, 18:20, опаздывает на 7 минут"
    [link] = item.xpath(".//a")
    assert link.get("href") == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert "не запущен" in text(panel)  # no worker has ever beaten


@pytest.mark.django_db
def test_the_dashboard_says_the_worker_runs_when_something_in_the_article_holds_it(
    clock, admin_client, article_factory
):
    WorkerHeartbeat.beat()
    schedule(article_factory("Ждёт юриста", live=False), at=clock() - timedelta(minutes=8))
    assert "публикацию держит сам материал" in text(late_panel(admin_client))


@pytest.mark.django_db
def test_the_dashboard_says_since_when_the_worker_has_been_silent(
    clock, admin_client, article_factory
):
    clock.moment = datetime(2026, 12, 1, 18, 0, tzinfo=timezone.get_current_timezone())
    WorkerHeartbeat.beat()  # its last cycle; then it died
    clock.move(minutes=30)
    schedule(article_factory("Без обработчика", live=False), at=clock() - timedelta(minutes=20))
    assert "(polosa worker) не отвечает с 1 декабря, 18:00." in text(late_panel(admin_client))


@pytest.mark.django_db
def test_the_dashboard_keeps_quiet_about_articles_not_yet_late_and_those_that_went_live(
    clock, admin_client, article_factory
):
    schedule(article_factory("Четыре минуты", live=False), at=clock() - timedelta(minutes=4))
    schedule(article_factory("Через час", live=False), at=clock() + timedelta(hours=1))
    gone_live = article_factory("Вышел", live=False)
    schedule(gone_live, at=clock() - timedelta(minutes=9))
    scheduler.run()
    assert is_live(gone_live)
    assert late_panel(admin_client) is None


@pytest.mark.django_db
def test_a_user_who_may_not_edit_the_late_article_is_not_shown_it(client, clock, article_factory):
    schedule(article_factory("Чужой", live=False), at=clock() - timedelta(minutes=9))
    nobody = User.objects.create_user("nobody", "nobody@example.com", "pw")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    assert late_panel(client) is None


@pytest.mark.django_db
def test_the_articles_history_says_when_it_was_late(clock, held, admin_client, article_factory):
    clock.moment = datetime(2026, 12, 1, 18, 26, tzinfo=timezone.get_current_timezone())
    article = article_factory("С историей", live=False)
    schedule(article, at=clock() - timedelta(minutes=6))
    scheduler.run()
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    words = text(lxml.html.fromstring(history.content))
    assert "Публикация по расписанию опаздывает: время выхода — 1 декабря, 18:20" in words


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
            # As `polosa migrate` leaves a real database: in WAL mode before any worker
            # opens it (two processes switching a fresh file to WAL at once can get
            # 'database is locked' without waiting).
            copy.execute("PRAGMA journal_mode=WAL")
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
        schedule(article, at=timezone.now() - timedelta(seconds=30))
        fired = race_two_workers(database, f"run{run}")
        assert ArticlePage.objects.get(pk=article.pk).live
        assert scheduled_publications(article) == 1
        assert fired == [str(article.pk)]  # page_published: once, in one of the two
        # --burst prints what it published (its log, on stderr): one of the two did.
        assert logs(database, f"run{run}").count(f'published "{article.title}"') == 1


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


# -- polosa demo runs a worker beside the server --------------------------------------------------

STAND_IN = """
import os, signal, sys, time
from pathlib import Path

record = Path(sys.argv[1])


def stop(signum, frame):
    with record.open("a") as out:
        out.write(f"stopped by {signal.Signals(signum).name}\\n")
    sys.exit(0)


signal.signal(signal.SIGTERM, signal.SIG_IGN if "--deaf" in sys.argv else stop)
with record.open("a") as out:
    out.write(f"pid {os.getpid()}, key {os.environ.get('SECRET_KEY')}\\n")
while True:
    time.sleep(0.05)
"""

DEMO_KILLED = """
import sys, time

import django

django.setup()
from polosa.news.management.commands.demo import worker_beside

with worker_beside([sys.executable, "-c", sys.argv[1], sys.argv[2]]):
    time.sleep(600)
"""


def stand_in(record: Path, *flags: str) -> list[str]:
    """A worker stand-in that writes down its start and the signal that stops it."""
    return [sys.executable, "-c", STAND_IN, str(record), *flags]


def wait_until(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds:.0f} s: {what}"
        time.sleep(0.02)


def started(record: Path) -> bool:
    return record.exists() and record.read_text().startswith("pid ")


def test_the_demo_starts_polosa_worker_with_its_own_interpreter():
    from polosa.news.management.commands import demo

    assert demo.worker_command() == [sys.executable, "-m", "polosa", "worker"]
    shown = subprocess.run(
        [*demo.worker_command(), "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 0 and "--burst" in shown.stdout


def test_the_worker_beside_the_server_has_its_environment_and_stops_when_it_stops(
    monkeypatch, tmp_path
):
    from polosa.news.management.commands.demo import worker_beside

    record = tmp_path / "worker.txt"
    monkeypatch.setenv("SECRET_KEY", "the-demos-own-key")
    with worker_beside(stand_in(record)) as child:
        wait_until(lambda: started(record), "the worker starts")
        assert record.read_text() == f"pid {child.pid}, key the-demos-own-key\n"
    assert child.returncode == 0
    assert record.read_text().endswith("stopped by SIGTERM\n")  # once: its task may finish


def test_ctrl_c_on_the_demo_stops_the_worker_too(tmp_path):
    from polosa.news.management.commands.demo import worker_beside

    record = tmp_path / "worker.txt"
    with pytest.raises(KeyboardInterrupt), worker_beside(stand_in(record)) as child:
        wait_until(lambda: started(record), "the worker starts")
        raise KeyboardInterrupt  # what the server's Ctrl+C becomes
    assert child.returncode == 0
    assert record.read_text().endswith("stopped by SIGTERM\n")


def test_a_worker_that_does_not_stop_in_time_is_killed(tmp_path):
    from polosa.news.management.commands.demo import stop_worker

    record = tmp_path / "worker.txt"
    child = subprocess.Popen(stand_in(record, "--deaf"))
    wait_until(lambda: started(record), "the worker starts")
    stop_worker(child, timeout=0.5)
    assert child.returncode == -9


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_demo_killed_outright_leaves_no_worker_behind(tmp_path):
    from polosa.core.worker import process_exists

    record = tmp_path / "worker.txt"
    demo = subprocess.Popen(
        [sys.executable, "-c", DEMO_KILLED, STAND_IN, str(record)], cwd=ROOT, env=os.environ
    )
    try:
        wait_until(lambda: started(record), "the worker starts")
        worker_pid = int(record.read_text().split(",")[0].removeprefix("pid "))
        demo.kill()  # SIGKILL: no finally runs in the demo
        demo.wait()
        wait_until(lambda: "stopped by SIGTERM" in record.read_text(), "the worker is told")
        wait_until(lambda: not process_exists(worker_pid), "the worker exits")
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()


@pytest.fixture
def quick_demo(settings, monkeypatch, tmp_path):
    """``polosa demo`` with its content already there, the worker stood in for, and serving
    only recorded: what the worker had written when the server started."""
    from polosa.news.management.commands import demo

    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(demo, "DEMO_ARTICLES", 0)
    record = tmp_path / "worker.txt"
    monkeypatch.setattr(demo, "worker_command", lambda: stand_in(record))
    served: list[str] = []

    def call(name, *args, **kwargs):
        if name == "serve":
            wait_until(lambda: started(record), "the worker starts")
            served.append(record.read_text())

    monkeypatch.setattr(demo, "call_command", call)
    return record, served


@pytest.mark.django_db
def test_polosa_demo_serves_with_a_worker_beside_it_and_leaves_none_after(quick_demo):
    record, served = quick_demo
    out = io.StringIO()
    call_command("demo", "--port", "8123", stdout=out)
    [at_serve] = served
    assert at_serve.startswith("pid ")  # running while the site is served
    pid = at_serve.split(",")[0].removeprefix("pid ")
    assert f"Фоновые задачи: polosa worker (процесс {pid})" in out.getvalue()
    assert record.read_text().endswith("stopped by SIGTERM\n")  # and stopped with it


@pytest.mark.django_db
def test_polosa_demo_without_serving_starts_no_worker(quick_demo):
    record, served = quick_demo
    call_command("demo", "--no-serve", stdout=io.StringIO())
    assert served == [] and not record.exists()
