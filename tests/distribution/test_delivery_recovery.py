"""A worker killed while delivering Telegram posts: the next worker (or one already running)
frees what it held and delivery resumes without any new publication; nothing is lost, and
nothing that may have reached the channel is sent again (a post caught ``sending`` becomes
``uncertain``, as TELEGRAM.md says)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from polosa.core import worker
from polosa.core.models import WorkerHeartbeat
from polosa.distribution import telegram
from polosa.distribution.models import TelegramPost

from .conftest import BASE
from .fake_telegram import FakeTelegram

State = TelegramPost.State
ROOT = Path(__file__).resolve().parents[2]
OTHER_HOST = "web-2.polosa.internal"
DEAD = worker.WorkerIdentity(OTHER_HOST, 7, "deadbeef")
ALIVE = worker.WorkerIdentity(OTHER_HOST, 8, "livelive")
DELIVER_PATH = "polosa.distribution.tasks.deliver_telegram"
_HREF = re.compile(r'href="([^"]+)"')

# The worker closes stale connections, so these tests run outside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def queue_posts(article_factory, count: int) -> list[TelegramPost]:
    """``count`` published articles with their outbox rows and one delivery task queued,
    as publishing them leaves them."""
    for number in range(count):
        telegram.article_published(article_factory(f"Новость {number}").pk)
    return list(TelegramPost.objects.order_by("pk"))


def delivery_tasks():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=DELIVER_PATH)


def delivery_running_on(identity: worker.WorkerIdentity):
    """The queued delivery task, as a worker left it while running it."""
    task = delivery_tasks().get()
    delivery_tasks().filter(pk=task.pk).update(
        status="RUNNING", started_at=timezone.now(), worker_ids=[identity.worker_id]
    )
    return delivery_tasks().get(pk=task.pk)


def held_by(post: TelegramPost, identity: worker.WorkerIdentity, state: str) -> None:
    TelegramPost.objects.filter(pk=post.pk).update(
        state=state, claim_token=identity.claim_tag + "0" * 14, claimed_at=timezone.now()
    )


def heartbeat(identity: worker.WorkerIdentity, age: timedelta) -> None:
    WorkerHeartbeat.objects.create(
        hostname=identity.hostname, pid=identity.pid, beat_at=timezone.now() - age
    )


def burst() -> str:
    out = io.StringIO()
    call_command("worker", "--burst", stdout=out)
    return out.getvalue().strip()


def posts_per_article(bot: FakeTelegram) -> Counter:
    links = Counter()
    for call in bot.posts():
        text = call.params.get("caption") or call.params.get("text") or ""
        links[_HREF.findall(text)[-1]] += 1
    return links


def test_posts_a_killed_worker_was_delivering_are_each_sent_exactly_once(bot, article_factory):
    posts = queue_posts(article_factory, 3)
    heartbeat(DEAD, age=timedelta(minutes=3))
    task = delivery_running_on(DEAD)
    held_by(posts[0], DEAD, State.CLAIMED)  # taken, not yet sent, when it was killed
    summary = burst()
    assert len(bot.calls) == 3 and set(posts_per_article(bot).values()) == {1}
    assert set(TelegramPost.objects.values_list("state", flat=True)) == {State.SENT}
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.worker_ids[0] == DEAD.worker_id
    assert summary.splitlines()[1:] == [
        "Задачи остановившихся обработчиков: возвращено в очередь — 1, прервано окончательно — 0.",
        "Telegram: постов остановившихся обработчиков возвращено в очередь — 1, "
        "помечено «неизвестно, дошёл ли» — 0; доставка уже в очереди.",
    ]
    assert burst() == "Готово: опубликовано страниц — 0, задач выполнено — 0."
    assert len(bot.calls) == 3


def test_a_post_a_killed_worker_was_sending_is_uncertain_and_never_resent(bot, article_factory):
    posts = queue_posts(article_factory, 3)
    heartbeat(DEAD, age=timedelta(minutes=3))
    delivery_running_on(DEAD)
    held_by(posts[0], DEAD, State.SENDING)  # Telegram may have posted it
    burst()
    burst()
    assert len(bot.calls) == 2
    caught = TelegramPost.objects.get(pk=posts[0].pk)
    assert caught.state == State.UNCERTAIN and "проверьте канал" in caught.last_error
    assert TelegramPost.objects.filter(state=State.SENT).count() == 2


def test_posts_held_by_a_live_worker_are_left_to_it(bot, article_factory):
    posts = queue_posts(article_factory, 3)
    heartbeat(ALIVE, age=timedelta(seconds=5))
    task = delivery_running_on(ALIVE)
    held_by(posts[0], ALIVE, State.CLAIMED)
    burst()
    assert len(bot.calls) == 2  # the two it had not taken yet: nothing waits for it
    assert TelegramPost.objects.get(pk=posts[0].pk).state == State.CLAIMED
    assert delivery_tasks().get(pk=task.pk).status == "RUNNING"


def test_due_posts_whose_delivery_task_was_lost_are_sent_without_a_new_publication(
    bot, article_factory
):
    queue_posts(article_factory, 2)
    delivery_tasks().delete()  # the queue was unreachable, or the wake-up was coalesced away
    summary = burst()
    assert len(bot.calls) == 2 and set(posts_per_article(bot).values()) == {1}
    assert summary.splitlines()[-1] == (
        "Telegram: постов остановившихся обработчиков возвращено в очередь — 0, "
        "помечено «неизвестно, дошёл ли» — 0; доставка поставлена в очередь."
    )


def test_a_dead_workers_edit_is_made_again_and_the_post_not_resent(bot, article_factory):
    [post] = queue_posts(article_factory, 1)
    burst()
    article = post.article
    article.title = "Заголовок исправлен"
    article.save_revision().publish()  # on commit: the sent post is marked for editing
    delivery_tasks().filter(status="READY").delete()
    heartbeat(DEAD, age=timedelta(minutes=3))
    held_by(post, DEAD, State.SENT)
    burst()
    assert [call.method for call in bot.delivered()] == ["sendMessage", "editMessageText"]
    assert "Заголовок исправлен" in bot.messages[101]["text"]


# -- a real worker process killed with SIGKILL mid-batch -------------------------------------


class Subprocesses:
    """``polosa worker`` processes on a copy of (SQLite) or on (PostgreSQL) the test database."""

    def __init__(self, tmp_path: Path, bot: FakeTelegram) -> None:
        self.tmp = tmp_path
        self.sqlite: Path | None = None
        self.env = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("POLOSA_") and name not in ("DATABASE_URL", "REDIS_URL")
        }
        self.env.update(
            SECRET_KEY="polosa-test-suite-only-not-secret",
            DEBUG="0",
            POLOSA_VAR_DIR=str(tmp_path / "var"),
            POLOSA_BASE_URL=BASE,
            POLOSA_TELEGRAM_TOKEN="123:secret",
            POLOSA_TELEGRAM_CHANNEL="@polosa_test",
            POLOSA_TELEGRAM_API=bot.url,
            POLOSA_TELEGRAM_RATE="6000",
            POLOSA_TELEGRAM_BURST="1000",
        )
        self.processes: list[subprocess.Popen] = []

    def share_database(self) -> None:
        """Give the processes the committed test data: a file copy of SQLite's in-memory
        database, or the PostgreSQL test database itself."""
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.sqlite = self.tmp / "polosa.sqlite3"
            connection.ensure_connection()
            with contextlib.closing(sqlite3.connect(self.sqlite)) as copy:
                connection.connection.backup(copy)
            self.env["DATABASE_URL"] = f"sqlite:///{self.sqlite}"
        else:
            password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
            self.env["DATABASE_URL"] = (
                f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}"
            )

    def query(self, sql: str) -> list[tuple]:
        if self.sqlite is not None:
            with contextlib.closing(sqlite3.connect(self.sqlite, timeout=20)) as database:
                return database.execute(sql).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def start_worker(self, name: str) -> subprocess.Popen:
        log = (self.tmp / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "polosa", "worker", "--interval", "0.2"],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self.processes.append(process)
        return process

    def wait_for(self, condition, what: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                logs = "\n".join(p.read_text()[-2000:] for p in self.tmp.glob("*.log"))
                raise AssertionError(f"not within {seconds:.0f} s: {what}\n{logs}")
            time.sleep(0.05)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(bot, article_factory, tmp_path):
    count = 12
    queue_posts(article_factory, count)

    def slow_reply(handler, status, body):  # Telegram took the post; its answer is on its way
        time.sleep(0.15)
        FakeTelegram.reply(handler, status, body)

    bot.reply = slow_reply
    processes = Subprocesses(tmp_path, bot)
    processes.share_database()
    try:
        first = processes.start_worker("first")
        processes.wait_for(lambda: len(bot.posts()) >= 3, "the first worker posts")
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert len(bot.posts()) < count  # killed mid-batch

        second = processes.start_worker("second")

        def settled() -> bool:
            [(unsettled,)] = processes.query(
                "SELECT COUNT(*) FROM distribution_telegrampost "
                "WHERE state IN ('pending', 'claimed', 'sending')"
            )
            [(running,)] = processes.query(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            )
            return unsettled == 0 and running == 0

        processes.wait_for(settled, "every post sent or left uncertain, no task running")
    finally:
        processes.stop_all()
    assert second.returncode == 0  # SIGTERM: the task at hand finished, then it stopped
    assert (
        processes.query(
            "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        )
        == []
    )

    states = dict(processes.query("SELECT article_id, state FROM distribution_telegrampost"))
    posted = posts_per_article(bot)
    assert max(posted.values()) == 1  # duplicated: none
    uncertain = [pk for pk, state in states.items() if state == State.UNCERTAIN]
    assert len(uncertain) <= 1  # at most the one on the wire when the worker was killed
    assert set(states.values()) <= {State.SENT, State.UNCERTAIN}  # lost: none
    sent = list(states.values()).count(State.SENT)
    assert sum(posted.values()) - sent in (0, len(uncertain))  # each sent row posted once
    worker_ids = [
        ids if isinstance(ids, list) else json.loads(ids)
        for (ids,) in processes.query(
            "SELECT worker_ids FROM django_tasks_database_dbtaskresult "
            f"WHERE task_path = '{DELIVER_PATH}'"
        )
    ]
    killed = f":{first.pid}:"
    assert any(len(ids) == 2 and killed in ids[0] for ids in worker_ids)  # queued again
