"""Who runs the background tasks, which of them died, and what becomes of their work.

Every ``polosa worker`` process has an identity: its host (the first 40 characters), its
process id and a random *instance* drawn when the process starts, since a restarted
container often comes back with the same hostname and the same pid. The identity is the
task rows' worker id (``host:pid:instance``) and the start of every claim token the
process writes elsewhere (:func:`claim_token`), so a dead worker's work can be found.

A worker is dead when its heartbeat (:class:`~polosa.core.models.WorkerHeartbeat`, beaten
by a thread of the worker process every few seconds) is older than
``POLOSA_WORKER_STALE_SECONDS``, when it ran on this host under a pid that no longer exists,
or when it is an earlier life of this very host and pid. Hostnames must therefore differ
between machines and between containers that do not share a process table.

:func:`recover_tasks` puts the task rows a dead worker left ``RUNNING`` back in the queue
(every Polosa task may run again: they are retried, never duplicated in effect), and marks
one failed after it was lost :data:`LOST_ATTEMPTS_LIMIT` times, since a task that kills its
worker each time must not kill every worker forever. Apps register *sweeps* with
:func:`sweep` in their ``tasks`` module: the worker runs them at start and every
:data:`SWEEP_SECONDS`, with a :class:`Census` to tell the dead from the living, so work
that lost its queued task (the Telegram outbox) moves again without any new activity.

Dependencies: this module knows only the core and django-tasks' database backend.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

#: How often the worker looks for dead workers' tasks and runs the sweeps.
SWEEP_SECONDS = 10.0
#: A task whose worker died this many times is failed instead of queued again.
LOST_ATTEMPTS_LIMIT = 3
#: Where :class:`WorkerLost` is recorded as a failed task's exception class.
WORKER_LOST_PATH = "polosa.core.worker.WorkerLost"

HOSTNAME_LENGTH = 40
INSTANCE_LENGTH = 8
_INSTANCE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
_HOST_DIGEST_LENGTH = 10
_WORKER_ID = re.compile(r"^(?P<host>[^:]*):(?P<pid>\d+):(?P<instance>[a-z0-9]{8})$")
# Worker ids written before identities had an instance: ``host-pid-random8``.
_LEGACY_WORKER_ID = re.compile(r"^(?P<host>.*)-(?P<pid>\d+)-[A-Za-z0-9]{8}$")


class WorkerLost(Exception):
    """The worker running a task stopped without recording its outcome."""


@dataclass(frozen=True)
class WorkerIdentity:
    hostname: str
    pid: int
    #: Empty for an identity read from a legacy worker id (its instance is unknown).
    instance: str = ""

    @property
    def worker_id(self) -> str:
        return f"{self.hostname}:{self.pid}:{self.instance}"

    @property
    def host_digest(self) -> str:
        return host_digest(self.hostname, self.pid)

    @property
    def claim_tag(self) -> str:
        return self.host_digest + self.instance

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


def host_digest(hostname: str, pid: int) -> str:
    return hashlib.sha1(f"{hostname[:HOSTNAME_LENGTH]}:{pid}".encode()).hexdigest()[
        :_HOST_DIGEST_LENGTH
    ]


_current: WorkerIdentity | None = None


def current() -> WorkerIdentity:
    """This process's identity (drawn again after a fork: a child is another worker)."""
    global _current
    if _current is None or _current.pid != os.getpid():
        _current = WorkerIdentity(
            hostname=socket.gethostname()[:HOSTNAME_LENGTH],
            pid=os.getpid(),
            instance=get_random_string(INSTANCE_LENGTH, _INSTANCE_CHARS),
        )
    return _current


def parse_worker_id(worker_id: str | None) -> WorkerIdentity | None:
    """The identity in a task row's worker id; ``None`` for ids not written by Polosa."""
    if not worker_id:
        return None
    found = _WORKER_ID.match(worker_id)
    if found:
        return WorkerIdentity(found["host"], int(found["pid"]), found["instance"])
    found = _LEGACY_WORKER_ID.match(worker_id)
    if found:
        return WorkerIdentity(found["host"][:HOSTNAME_LENGTH], int(found["pid"]))
    return None


def claim_token(length: int = 32) -> str:
    """A fresh claim token that names this process: the tag first, then randomness."""
    tag = current().claim_tag
    return (tag + uuid.uuid4().hex)[:length]


def process_exists(pid: int) -> bool:
    """Whether ``pid`` is a live process on this host (a zombie is not: it runs nothing)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


def stale_seconds() -> float:
    return float(getattr(settings, "POLOSA_WORKER_STALE_SECONDS", 60))


@dataclass
class Census:
    """Which workers are alive, from the heartbeats read once (see the module docstring)."""

    now: datetime
    stale_after: float
    me: WorkerIdentity
    beats: dict[tuple[str, int], datetime] = field(default_factory=dict)
    #: Taken by the worker between two tasks: then work still held by this very process
    #: is an orphan too (its outcome could not be written, e.g. the database went away).
    between_tasks: bool = False

    @classmethod
    def take(cls, now: datetime | None = None, *, between_tasks: bool = False) -> Census:
        from polosa.core.models import WorkerHeartbeat

        beats: dict[tuple[str, int], datetime] = {}
        for hostname, pid, beat_at in WorkerHeartbeat.objects.values_list(
            "hostname", "pid", "beat_at"
        ):
            key = (hostname[:HOSTNAME_LENGTH], pid)
            beats[key] = max(beat_at, beats.get(key, beat_at))
        return cls(now or timezone.now(), stale_seconds(), current(), beats, between_tasks)

    def is_dead(self, worker: WorkerIdentity) -> bool:
        """Dead, or (between tasks) this very worker: either way nobody runs its work."""
        if (worker.hostname, worker.pid) == (self.me.hostname, self.me.pid):
            # An earlier life of this host and pid, or an orphan of this one.
            return worker.instance != self.me.instance or self.between_tasks
        if worker.hostname == self.me.hostname and not process_exists(worker.pid):
            return True
        beat = self.beats.get((worker.hostname, worker.pid))
        return beat is None or beat < self.now - timedelta(seconds=self.stale_after)

    def dead_claims(self, tokens: Iterable[str]) -> set[str]:
        """The claim tokens (of :func:`claim_token`) held by a dead worker.

        A token names its worker by a digest, so only workers with a heartbeat can be
        told dead; a token of an unknown worker is left to the caller's own staleness rule.
        """
        by_digest = {host_digest(host, pid): (host, pid) for host, pid in self.beats}
        dead = set()
        for token in tokens:
            digest, instance = (
                token[:_HOST_DIGEST_LENGTH],
                token[_HOST_DIGEST_LENGTH : _HOST_DIGEST_LENGTH + INSTANCE_LENGTH],
            )
            if digest == self.me.host_digest:
                if instance != self.me.instance or self.between_tasks:
                    dead.add(token)
                continue
            if digest in by_digest:
                host, pid = by_digest[digest]
                if self.is_dead(WorkerIdentity(host, pid, instance)):
                    dead.add(token)
        return dead


# --- Tasks left RUNNING -------------------------------------------------------------------
@dataclass(frozen=True)
class Recovery:
    requeued: int = 0
    failed: int = 0

    def __bool__(self) -> bool:
        return bool(self.requeued or self.failed)


def recover_tasks(census: Census) -> Recovery:
    """Queue again (or, after repeated losses, fail) the tasks dead workers left running.

    With a census taken ``between_tasks`` rows of this very worker count too: it runs
    tasks one at a time in its main thread, so a row of its own still ``RUNNING`` then is
    one whose outcome could not be written (the database went away mid-task). Each row is
    updated only if it is still the run that was judged dead (same status and start
    time), so two workers recovering at once, or a worker that was only slow, cannot make
    a task run twice from here.
    """
    from django_tasks_db.models import DBTaskResult

    requeued = failed = 0
    running = DBTaskResult.objects.running().only("id", "worker_ids", "started_at", "task_path")
    for row in running:
        worker = parse_worker_id(row.worker_ids[-1] if row.worker_ids else None)
        if worker is None or not census.is_dead(worker):
            continue
        same_run = DBTaskResult.objects.filter(
            pk=row.pk, status=row.status, started_at=row.started_at
        )
        lost = len(row.worker_ids)
        if lost >= LOST_ATTEMPTS_LIMIT:
            done = same_run.update(
                status="FAILED",
                finished_at=census.now,
                return_value=None,
                exception_class_path=WORKER_LOST_PATH,
                traceback=gettext(
                    "Обработчик задач %(worker)s остановился во время выполнения. "
                    "Прерванных попыток — %(lost)d: задача больше не повторяется."
                )
                % {"worker": worker, "lost": lost},
            )
            failed += done
            if done:
                logger.error("task %s %s lost %d times: failed", row.task_path, row.pk, lost)
        else:
            done = same_run.update(status="READY", started_at=None)
            requeued += done
            if done:
                logger.warning(
                    "task %s %s was running on %s, which died: queued again",
                    row.task_path,
                    row.pk,
                    worker,
                )
    return Recovery(requeued=requeued, failed=failed)


# --- Sweeps -------------------------------------------------------------------------------
#: A sweep returns a sentence for ``polosa worker --burst`` when it did something.
SweepFunction = Callable[[Census], str | None]
SWEEPS: dict[str, SweepFunction] = {}


def sweep(function: SweepFunction) -> SweepFunction:
    """Register ``function`` to run in every worker at start and every ``SWEEP_SECONDS``."""
    SWEEPS[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def run_sweeps(census: Census) -> list[str]:
    """Run every registered sweep; one that fails is logged and the others still run."""
    notes = []
    for name, function in SWEEPS.items():
        try:
            note = function(census)
        except Exception:
            logger.exception("worker sweep %s failed", name)
            continue
        if note:
            notes.append(note)
    return notes


# --- Heartbeat ----------------------------------------------------------------------------
def heartbeat_seconds() -> float:
    """How often the heartbeat thread beats: well within the staleness limit."""
    return max(1.0, min(10.0, stale_seconds() / 4))


class HeartbeatThread(threading.Thread):
    """Beats for the worker process while its main thread runs tasks, however long.

    The first beat comes one interval after the start: the worker's cycle beats at once.
    """

    def __init__(self, interval: float | None = None) -> None:
        super().__init__(name="polosa-heartbeat", daemon=True)
        self.interval = interval if interval is not None else heartbeat_seconds()
        self.stopped = threading.Event()

    def run(self) -> None:
        from polosa.core.models import WorkerHeartbeat

        while not self.stopped.wait(self.interval):
            try:
                WorkerHeartbeat.beat()
            except Exception as error:  # the database is down: beat again next time
                logger.warning("worker heartbeat failed: %s", error)
            finally:
                connections.close_all()  # this thread's own connections only

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=self.interval + 5)
