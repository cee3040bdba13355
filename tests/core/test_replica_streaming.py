"""A real PostgreSQL primary and its streaming replica (``initdb``, ``pg_basebackup``),
started in a temporary folder on free ports: readers' pages read the replica, editors
and writes the primary."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import requires_postgres

ROOT = Path(__file__).resolve().parents[2]
BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), "")

pytestmark = [requires_postgres]


def as_postgres(command: list[str], **options) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: run its tools as the ``postgres`` user then."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **options)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def cluster():
    if not BIN or not os.path.exists(f"{BIN}/pg_basebackup"):
        pytest.fail(
            "needs PostgreSQL server tools (initdb, pg_basebackup) under /usr/lib/postgresql"
        )
    # Not under pytest's temporary root: that is private to this user, and the server
    # runs as ``postgres``.
    base = Path(tempfile.mkdtemp(prefix="polosa-replica-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    primary, replica = base / "primary", base / "replica"
    primary_port, replica_port = free_port(), free_port()
    as_postgres([f"{BIN}/initdb", "-D", str(primary), "-U", "postgres", "--auth=trust"])
    with (primary / "postgresql.conf").open("a") as conf:
        conf.write(
            f"port = {primary_port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{base}'\nwal_level = replica\nmax_wal_senders = 4\n"
            "fsync = off\n"
        )
    with (primary / "pg_hba.conf").open("a") as hba:
        hba.write("host replication all 127.0.0.1/32 trust\n")
    started = []
    try:
        as_postgres([f"{BIN}/pg_ctl", "-D", str(primary), "-l", str(base / "p.log"), "-w", "start"])
        started.append(primary)
        as_postgres(
            [f"{BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(primary_port),
             "-U", "postgres", "-D", str(replica), "-R", "-X", "stream"]
        )  # fmt: skip
        as_postgres(
            [f"{BIN}/pg_ctl", "-D", str(replica), "-l", str(base / "r.log"), "-w",
             "-o", f"-p {replica_port}", "start"]
        )  # fmt: skip
        started.append(replica)
        yield primary_port, replica_port
    finally:
        for folder in reversed(started):
            as_postgres([f"{BIN}/pg_ctl", "-D", str(folder), "-m", "immediate", "stop"])
        shutil.rmtree(base, ignore_errors=True)


def test_readers_read_the_replica_editors_and_writes_the_primary(cluster, tmp_path):
    primary_port, replica_port = cluster
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{primary_port}/postgres",
        DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{replica_port}/postgres",
        POLOSA_VAR_DIR=str(tmp_path),
        POLOSA_PAGE_CACHE_SECONDS="0",
        DEBUG="1",
    )
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.core.replica_probe"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["replicated"] and found["replica_in_recovery"]
    assert found["reader"]["status"] == 200
    assert found["reader"]["replica"] > 0
    assert found["reader"]["primary_sql"] == []
    for editor in ("editor", "editor admin"):
        assert found[editor]["status"] == 200, editor
        assert found[editor]["replica"] == 0 and found[editor]["primary"] > 0, editor
    assert found["reader post replica queries"] == 0
