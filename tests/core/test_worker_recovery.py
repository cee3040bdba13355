"""A worker that dies mid-task (SIGKILL, out of memory, a lost machine) loses no task: its
``RUNNING`` rows are queued again by the next worker to start, or by one already running,
once the dead worker's heartbeat is stale or its pid is gone; a live worker's rows are
never touched."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from polosa.core import worker
from polosa.core.models import WorkerHeartbeat

OTHER_HOST = "web-2.polosa.internal"


def beat(hostname: str, pid: int, age: timedelta = timedelta(0)) -> None:
    WorkerHeartbeat.objects.create(hostname=hostname, pid=pid, beat_at=timezone.now() - age)


def running_task(worker_ids: list[str], keys: tuple[str, ...] = ("key",)):
    """A purge task as a worker left it while running it."""
    from django_tasks_db.models import DBTaskResult

    from polosa.core.tasks import retry_purge

    result = retry_purge.enqueue(list(keys), True)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=5), worker_ids=worker_ids
    )
    return DBTaskResult.objects.get(pk=result.id)


def burst() -> str:
    out = io.StringIO()
    call_command("worker", "--burst", stdout=out)
    return out.getvalue().strip()


def finished_pid() -> int:
    """The pid of a process of this host that has exited (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


# -- identities -------------------------------------------------------------------------------


def test_a_worker_id_names_the_host_the_pid_and_this_life_of_the_process():
    me = worker.current()
    assert me.worker_id == f"{socket.gethostname()[:40]}:{os.getpid()}:{me.instance}"
    assert worker.parse_worker_id(me.worker_id) == me
    assert len(me.worker_id) <= 64  # django-tasks' limit


def test_worker_ids_of_earlier_polosa_versions_and_foreign_ones_are_read_safely():
    legacy = worker.parse_worker_id("web-1-4242-AbCd1234")
    assert (legacy.hostname, legacy.pid, legacy.instance) == ("web-1", 4242, "")
    # django-tasks' own db_worker draws 32 random characters: nothing to go by.
    assert worker.parse_worker_id("x" * 32) is None
    assert worker.parse_worker_id(None) is None


def test_a_claim_token_starts_with_this_workers_tag():
    token = worker.claim_token()
    assert len(token) == 32 and token.startswith(worker.current().claim_tag)
    assert worker.claim_token() != token


# -- who is dead ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_worker_of_another_host_is_dead_once_its_heartbeat_is_stale(settings):
    settings.POLOSA_WORKER_STALE_SECONDS = 60
    beat(OTHER_HOST, 10, age=timedelta(seconds=5))
    beat(OTHER_HOST, 11, age=timedelta(seconds=61))
    census = worker.Census.take()
    assert not census.is_dead(worker.WorkerIdentity(OTHER_HOST, 10, "aaaaaaaa"))
    assert census.is_dead(worker.WorkerIdentity(OTHER_HOST, 11, "aaaaaaaa"))
    assert census.is_dead(worker.WorkerIdentity(OTHER_HOST, 12, "aaaaaaaa"))  # no heartbeat


@pytest.mark.django_db
def test_a_worker_of_this_host_is_dead_as_soon_as_its_pid_is_gone():
    me = worker.current()
    gone = finished_pid()
    beat(me.hostname, gone)  # fresh: it beat just before it was killed
    census = worker.Census.take()
    assert census.is_dead(worker.WorkerIdentity(me.hostname, gone, "aaaaaaaa"))


@pytest.mark.django_db
def test_a_killed_worker_not_yet_reaped_by_its_parent_is_dead():
    me = worker.current()
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        beat(me.hostname, process.pid)
        census = worker.Census.take()
        assert not census.is_dead(worker.WorkerIdentity(me.hostname, process.pid, "aaaaaaaa"))
        process.kill()
        deadline = time.monotonic() + 30
        while worker.process_exists(process.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert census.is_dead(worker.WorkerIdentity(me.hostname, process.pid, "aaaaaaaa"))
    finally:
        process.kill()
        process.wait()


@pytest.mark.django_db
def test_an_earlier_life_of_this_host_and_pid_is_dead_though_the_heartbeat_is_fresh():
    """A restarted container comes back with its hostname and often its pid."""
    me = worker.current()
    WorkerHeartbeat.beat()
    census = worker.Census.take()
    assert not census.is_dead(me)
    assert census.is_dead(worker.WorkerIdentity(me.hostname, me.pid, "zzzzzzzz"))


# -- what becomes of their tasks --------------------------------------------------------------
# The worker closes stale connections, so it runs outside a test transaction.


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_dead_worker_is_queued_again_and_run_at_worker_start():
    beat(OTHER_HOST, 7, age=timedelta(minutes=3))
    lost = running_task([f"{OTHER_HOST}:7:deadbeef"])
    summary = burst()
    lost.refresh_from_db()
    assert lost.status == "SUCCESSFUL" and lost.return_value is True
    assert lost.worker_ids == [f"{OTHER_HOST}:7:deadbeef", worker.current().worker_id]
    assert summary == (
        "Готово: опубликовано страниц — 0, задач выполнено — 1.\n"
        "Задачи остановившихся обработчиков: возвращено в очередь — 1, "
        "прервано окончательно — 0."
    )


@pytest.mark.django_db(transaction=True)
def test_a_task_of_a_live_worker_is_left_alone():
    beat(OTHER_HOST, 7, age=timedelta(seconds=5))
    busy = running_task([f"{OTHER_HOST}:7:livelive"])
    assert burst() == "Готово: опубликовано страниц — 0, задач выполнено — 0."
    again = type(busy).objects.get(pk=busy.pk)
    assert (again.status, again.started_at, again.worker_ids) == (
        "RUNNING",
        busy.started_at,
        busy.worker_ids,
    )


@pytest.mark.django_db(transaction=True)
def test_a_task_run_by_something_else_than_polosa_worker_is_left_alone():
    foreign = running_task(["Q" * 32])
    burst()
    assert type(foreign).objects.get(pk=foreign.pk).status == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_a_task_that_killed_its_worker_three_times_is_failed_not_run_again():
    ids = [f"{OTHER_HOST}:{pid}:deadbeef" for pid in (7, 8, 9)]
    fatal = running_task(ids)
    summary = burst()
    fatal.refresh_from_db()
    assert fatal.status == "FAILED" and fatal.worker_ids == ids
    assert fatal.exception_class_path == "polosa.core.worker.WorkerLost"
    assert f"{OTHER_HOST}:9" in fatal.traceback and "попыток — 3" in fatal.traceback
    assert summary.endswith("возвращено в очередь — 0, прервано окончательно — 1.")


@pytest.mark.django_db(transaction=True)
def test_a_worker_already_running_recovers_a_worker_that_dies_later(monkeypatch):
    """No restart needed: the sweep runs every ``SWEEP_SECONDS`` in every worker."""
    from polosa.core.management.commands import worker as command

    monkeypatch.setattr(worker, "SWEEP_SECONDS", 0)
    pauses = []
    lost = []

    def pause(seconds):
        pauses.append(seconds)
        if len(pauses) == 1:  # another worker dies while this one is idle
            beat(OTHER_HOST, 7, age=timedelta(minutes=3))
            lost.append(running_task([f"{OTHER_HOST}:7:deadbeef"]))
            return
        raise KeyboardInterrupt

    monkeypatch.setattr(command.time, "sleep", pause)
    with pytest.raises(KeyboardInterrupt):
        call_command("worker", "--interval", "1", stdout=io.StringIO())
    [task] = lost
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_two_workers_recovering_the_same_row_queue_it_once():
    beat(OTHER_HOST, 7, age=timedelta(minutes=3))
    lost = running_task([f"{OTHER_HOST}:7:deadbeef"])
    first, second = worker.Census.take(), worker.Census.take()
    assert worker.recover_tasks(first) == worker.Recovery(requeued=1)
    assert worker.recover_tasks(second) == worker.Recovery()  # it is READY now
    lost.refresh_from_db()
    assert lost.status == "READY"


@pytest.mark.django_db(transaction=True)
def test_a_task_this_worker_could_not_finish_is_queued_again_between_its_tasks():
    """The database went away mid-task: the outcome was never written, the process lives."""
    mine = running_task([worker.current().worker_id])
    assert worker.recover_tasks(worker.Census.take()) == worker.Recovery()  # maybe running
    assert burst().endswith("возвращено в очередь — 1, прервано окончательно — 0.")
    mine.refresh_from_db()
    assert mine.status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_the_worker_waits_out_a_database_outage_instead_of_exiting(monkeypatch):
    from django.db import OperationalError
    from django_tasks_db.models import DBTaskResult

    from polosa.core.management.commands import worker as command
    from polosa.core.tasks import retry_purge

    real_beat = WorkerHeartbeat.beat.__func__
    outage = ["the server closed the connection unexpectedly"]

    def beat(cls, *args, **kwargs):
        if outage:
            raise OperationalError(outage.pop())
        return real_beat(cls, *args, **kwargs)

    pauses = []

    def pause(seconds):
        pauses.append(seconds)
        if len(pauses) > 1:
            raise KeyboardInterrupt

    monkeypatch.setattr(WorkerHeartbeat, "beat", classmethod(beat))
    monkeypatch.setattr(command.time, "sleep", pause)
    queued = retry_purge.enqueue(["after-the-outage"], True)
    with pytest.raises(KeyboardInterrupt):
        call_command("worker", "--interval", "1", stdout=io.StringIO())
    assert pauses == [1.0, 1.0]  # the failed cycle, then the one that ran the task
    assert DBTaskResult.objects.get(pk=queued.id).status == "SUCCESSFUL"


# -- the heartbeat ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_while_the_main_thread_is_busy():
    WorkerHeartbeat.beat()
    first = WorkerHeartbeat.objects.get().beat_at
    thread = worker.HeartbeatThread(interval=0.05)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while WorkerHeartbeat.objects.get().beat_at == first and time.monotonic() < deadline:
            time.sleep(0.05)  # the main thread does not beat meanwhile
        assert WorkerHeartbeat.objects.get().beat_at > first
    finally:
        thread.stop()
    assert not thread.is_alive()


def test_the_heartbeat_beats_well_within_the_staleness_limit(settings):
    settings.POLOSA_WORKER_STALE_SECONDS = 60
    assert worker.heartbeat_seconds() == 10
    settings.POLOSA_WORKER_STALE_SECONDS = 8
    assert worker.heartbeat_seconds() == 2


# -- stopping --------------------------------------------------------------------------------


def test_a_stop_signal_lets_the_task_at_hand_finish_and_a_second_one_interrupts_it():
    """django-tasks' own handler exits at once outside a task body, which includes the
    moment between claiming a row and running it: the row would stay RUNNING."""
    import signal

    from polosa.core.management.commands.worker import TaskRunner

    runner = TaskRunner(
        queue_names=["*"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker.current().worker_id,
        excluded_queue_names=[],
    )
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        runner.shutdown(signal.SIGTERM, None)
        assert runner.running is False
        with pytest.raises(SystemExit) as interrupted:
            runner.shutdown(signal.SIGTERM, None)
        assert interrupted.value.code == 1
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
