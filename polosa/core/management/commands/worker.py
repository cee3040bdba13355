"""``polosa worker``: runs background tasks (scheduled publishing, Telegram, labels, purge).

Each cycle records the worker's heartbeat (``/readyz`` reports the newest; a thread keeps
beating while a long task runs), publishes what is due and unpublishes what has expired
(:mod:`polosa.core.scheduler`: each once however many workers run, late ones reported),
then runs every queued task with django-tasks' database worker; during a long batch the
scheduler runs again between tasks every :data:`SCHEDULE_SECONDS`, so an article goes
live within a minute of its time however busy the queue. What it publishes is logged at
INFO (late ones at WARNING), whatever ``LOG_LEVEL`` says for the rest.
At start and every :data:`~polosa.core.worker.SWEEP_SECONDS` it first puts back in the
queue the tasks of workers that died (SIGKILL, out of memory, a lost machine) and runs the
apps' sweeps, so work whose task was lost moves again without any new activity (see
:mod:`polosa.core.worker`). ``--burst`` does one cycle, prints what it did (the summary on
stdout, the log on stderr) and exits; without it the cycle repeats every ``--interval``
seconds, so no cron or broker is needed. A database outage is waited out, cycle after
cycle. SIGTERM (or Ctrl+C) lets the task at hand finish, then stops (after at most one
``--interval`` asleep); a second one interrupts the task.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from polosa.core import scheduler, worker
from polosa.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

#: While a batch of tasks runs, the scheduler runs again between two tasks this often.
SCHEDULE_SECONDS = 10.0


class TaskRunner(DatabaseWorker):
    """django-tasks' database worker, stopped by a signal only between tasks.

    Its own handler exits at once when no task body is running, which includes the moment
    between claiming a row and starting it: that row stayed ``RUNNING``. Here the first
    signal only asks the loop to stop after the task at hand; a second one interrupts it.
    ``before_task``, when set, is called before each task (the scheduler's turn).
    """

    before_task: Callable[[], None] | None = None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        if self.before_task is not None:
            self.before_task()
        super().run_task(db_task_result)

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if not self.running:
            super().shutdown(signum, frame)  # the second signal: interrupt the task
            return
        logger.warning(
            "Received %s - stopping after the task at hand (again to interrupt it)",
            signal.strsignal(signum),
        )
        self.running = False


@dataclass(frozen=True)
class CycleReport:
    pages_published: int
    tasks_run: int
    recovery: worker.Recovery = worker.Recovery()
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [
            gettext("Готово: опубликовано страниц — %(pages)d, задач выполнено — %(tasks)d.")
            % {"pages": self.pages_published, "tasks": self.tasks_run}
        ]
        if self.recovery:
            lines.append(
                gettext(
                    "Задачи остановившихся обработчиков: возвращено в очередь — %(requeued)d, "
                    "прервано окончательно — %(failed)d."
                )
                % {"requeued": self.recovery.requeued, "failed": self.recovery.failed}
            )
        return "\n".join(lines + self.notes)


class Command(BaseCommand):
    help = "Выполнять фоновые задачи."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="выполнить очередь и выйти")
        parser.add_argument("--interval", type=float, default=2.0)
        parser.add_argument("--queue", default="*")

    def handle(self, *args, burst: bool, interval: float, queue: str, **options):
        autodiscover_modules("tasks")  # the apps' tasks modules register their sweeps
        journal = logging.getLogger(scheduler.__name__)
        if journal.level == logging.NOTSET:
            journal.setLevel(logging.INFO)  # the newsroom reads what went live, and when
        self.passes: list[scheduler.Pass] = []
        self.last_pass = time.monotonic()
        identity = worker.current()
        # One django-tasks worker for the whole run, so that a SIGTERM or Ctrl+C during a
        # task lets that task finish and then stops this loop too (not only one batch).
        runner = TaskRunner(
            queue_names=queue.split(","),
            interval=1,  # only while SQLite is locked
            batch=True,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=identity.worker_id,
            excluded_queue_names=[],
        )
        runner.before_task = self.schedule_between_tasks
        previous_handlers = self.handle_stop_signals(runner)
        heartbeat = worker.HeartbeatThread()
        heartbeat.start()
        last_sweep: float | None = None
        try:
            while True:
                sweep = last_sweep is None or time.monotonic() - last_sweep >= worker.SWEEP_SECONDS
                try:
                    report = self.cycle(runner, sweep=sweep)
                except DatabaseError as error:
                    if burst:
                        raise
                    # PostgreSQL restarting, a full disk: wait for it instead of exiting,
                    # then sweep at once (a task cut off by the error is still RUNNING).
                    logger.warning("worker cycle failed on the database, retrying: %s", error)
                    connections.close_all()
                    last_sweep = None
                    time.sleep(interval)
                    continue
                if sweep:
                    last_sweep = time.monotonic()
                if burst:
                    self.stdout.write(report.summary())
                    return
                if not runner.running:
                    return  # asked to stop while a task ran: it finished, now we stop
                close_old_connections()
                time.sleep(interval)
        finally:
            heartbeat.stop()
            for number, handler in previous_handlers.items():
                signal.signal(number, handler)

    @staticmethod
    def handle_stop_signals(runner: TaskRunner) -> dict:
        """The first signal finishes the task at hand, a second one interrupts it. Returns
        the handlers to put back (a test runs the command in-process)."""
        if threading.current_thread() is not threading.main_thread():
            return {}
        numbers = [signal.SIGINT, signal.SIGTERM]
        if hasattr(signal, "SIGQUIT"):
            numbers.append(signal.SIGQUIT)
        previous = {number: signal.getsignal(number) for number in numbers}
        runner.configure_signals()
        return previous

    def cycle(self, runner: TaskRunner, *, sweep: bool = True) -> CycleReport:
        WorkerHeartbeat.beat()
        recovery, notes = worker.Recovery(), []
        if sweep:
            census = worker.Census.take(between_tasks=True)  # none runs in this process now
            recovery = worker.recover_tasks(census)
        self.passes = []
        self.schedule()
        if sweep:
            notes = worker.run_sweeps(census)

        started = timezone.now()
        runner.run()
        return CycleReport(
            pages_published=sum(done.pages_published for done in self.passes),
            tasks_run=tasks_run(runner.worker_id, started),
            recovery=recovery,
            notes=notes,
        )

    def schedule(self) -> None:
        self.last_pass = time.monotonic()
        self.passes.append(scheduler.run())

    def schedule_between_tasks(self) -> None:
        """The scheduler's turn inside a long batch; a failure there is the next cycle's
        business, not the task's."""
        if time.monotonic() - self.last_pass < SCHEDULE_SECONDS:
            return
        try:
            self.schedule()
        except Exception:
            logger.exception("scheduled publishing between tasks failed")


def tasks_run(worker_id: str, since) -> int:
    """Task results ``worker_id`` finished (successfully or not) since ``since``."""
    finished = DBTaskResult.objects.finished().filter(finished_at__gte=since)
    return sum(worker_id in (ids or ()) for ids in finished.values_list("worker_ids", flat=True))
