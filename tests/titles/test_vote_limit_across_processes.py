"""The per-IP vote limit holds across processes without Redis (issue 13).

Two separate Python processes, each with its own local-memory cache as two ``polosa
serve`` workers have, count votes from one address against one SQLite file. Together
they let exactly ``limit`` through: the counter is the database's, not a process's.
Each process starts Django (about a second), so this module is the slow part of the
titles tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LIMIT = 30
ATTEMPTS_PER_PROCESS = 50
# One moment for both processes, so their attempts fall into the same window.
NOW = 1_700_000_000.0

WORKER = """
import sys, time
from pathlib import Path

import django

django.setup()
from django.db import connection

from polosa.core.models import RateCounter

role, attempts, start_signal, now = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
if role == "first":  # the other process touches the database only after the start signal
    with connection.schema_editor() as editor:
        editor.create_model(RateCounter)

from polosa.titles.votes import rate_limited

print("ready", flush=True)
while not start_signal.exists():
    time.sleep(0.01)
allowed = sum(not rate_limited("203.0.113.77", float(now)) for _ in range(attempts))
print(allowed, flush=True)
"""


def worker_environment(database: Path) -> dict[str, str]:
    environment = {
        key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="polosa.settings",
        DATABASE_URL=f"sqlite:///{database}",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "polosa-test-suite-only-not-secret",
        POLOSA_VOTE_RATE_LIMIT=str(LIMIT),
        POLOSA_VOTE_RATE_WINDOW="60",
    )
    return environment


def test_two_processes_without_redis_let_exactly_the_limit_through(tmp_path):
    database, start_signal = tmp_path / "votes.sqlite3", tmp_path / "go"
    environment = worker_environment(database)
    command = [sys.executable, "-c", WORKER]
    workers = [
        subprocess.Popen(
            [*command, role, str(ATTEMPTS_PER_PROCESS), str(start_signal), str(NOW)],
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
        )
        for role in ("first", "second")
    ]
    try:
        assert [worker.stdout.readline().strip() for worker in workers] == ["ready", "ready"]
        start_signal.touch()  # both are set up: let them count at the same time
        allowed = [int(worker.communicate(timeout=120)[0].strip()) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert sum(allowed) == LIMIT
    assert all(worker.returncode == 0 for worker in workers)
