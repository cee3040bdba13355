"""Faults on 127.0.0.1: PostgreSQL restarted under load, ``polosa worker`` SIGKILLed
mid-batch, a full disk under ``var/``.

Usage: ``.venv/bin/python bench/faults.py [--only pg,worker,disk]
[--postgres postgres://postgres@127.0.0.1:5432] [--posts 30] [--latency 0.1] [--keep]``

Needs root for two of the steps (restarting PostgreSQL with ``pg_ctlcluster``; mounting a
tmpfs), and ``unshare`` for the "another host" worker. About four minutes.

0. A site template in a temporary folder: SQLite, ``polosa migrate``, ``polosa generate``
   (40 articles), one film to vote for, the indexing tasks run, static files collected.
1. **PostgreSQL restarted under load.** A fresh database ``polosa_faults_bench`` (dropped
   afterwards) with the same content, ``polosa serve --workers 2`` with the page cache off
   (every request reaches the database) and ``polosa worker``. Four readers walk the
   article pages, ``/`` and the feed, a fifth client votes, each request with a 5 s
   timeout; after a few seconds the cluster is restarted (``pg_ctlcluster
   --skip-systemctl-redirect <version> main restart``). Errors (5xx or no answer) are
   counted before, while it is down (from the restart until it accepts connections) and
   after (target: none); then ``/readyz`` must be 200 with the worker alive.
2. **``polosa worker`` SIGKILLed mid-batch.** N published articles queued for the channel
   (``telegram.article_published``: the outbox rows and one delivery task), the fake Bot
   API of the tests on loopback answering after ``--latency`` seconds, the rate limit out
   of the way. A worker is killed (SIGKILL) once a third of the posts went out, then
   (a) a new worker starts on this host a second later, as a supervisor restarts it, and
   (b) on a fresh copy, the replacement starts on "another host" (its own UTS namespace,
   so only the dead worker's heartbeat can tell it is gone). Figures: posts lost (not on
   the channel and not flagged), duplicated, left ``uncertain`` for an editor (at most the
   one on the wire, by design: TELEGRAM.md), seconds from the kill until the next post
   reaches the channel and until every post is settled, with nothing else happening
   (target: 0, 0, ≤ 60 s).
3. **A full disk under var/.** The template copied onto a small tmpfs mounted as
   ``POLOSA_VAR_DIR`` (or, where mounting is refused, ``RLIMIT_FSIZE`` on the server
   process), ``polosa serve`` started, then the tmpfs filled to the last byte. Votes and an
   admin login (writes) and article pages (reads, page cache off) are sent; the answers'
   statuses and messages are shown (target: a 4xx/503 or a clear message, reads still
   200). The server is stopped, ``PRAGMA integrity_check`` must say ``ok``; the filler is
   removed and a vote must go through again.

A step that fails says why; the others still run. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV_BIN = ROOT / ".venv" / "bin"
POLOSA = (
    [str(VENV_BIN / "polosa")]
    if (VENV_BIN / "polosa").exists()
    else [sys.executable, "-m", "polosa"]
)
BENCH_DATABASE = "polosa_faults_bench"
TEMPLATE_ARTICLES = 40
FILM = "stalker"
CHANNEL = "@polosa_faults"
_HREF = re.compile(r'href="([^"]+)"')
UNSETTLED = ("pending", "claimed", "sending")


# --- small helpers ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int | None  # None: no answer (refused, reset, timed out)
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status is None or self.status >= 500


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 5,
) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        received = {}
        for name, value in response.getheaders():
            name = name.lower()
            received[name] = f"{received[name]}, {value}" if name in received else value
        return Answer(response.status, response.read(), received)
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, error=f"{type(error).__name__}: {error}")
    finally:
        connection.close()


def cookie_value(headers: dict[str, str], name: str) -> str:
    found = re.search(rf"{name}=([^;,\s]+)", headers.get("set-cookie", ""))
    return found.group(1) if found else ""


def wait_http(port: int, path: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        answer = request(port, "GET", path, timeout=5)
        if answer.status is not None and answer.status < 500:
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port} after {seconds:.0f} s")


def excerpt(answer: Answer) -> str:
    """What a reader would see: the JSON error, the page's title, or the error."""
    if answer.status is None:
        return answer.error
    text = answer.body.decode("utf-8", "replace")
    with contextlib.suppress(ValueError, AttributeError):
        data = json.loads(text)
        return str(data.get("error") or data)[:120]
    found = re.search(r"<title>(.*?)</title>", text, re.S)
    return (found.group(1).strip() if found else text.strip())[:120]


class Step:
    """``with Step("name"):`` prints why a step failed and lets the run go on."""

    failures: list[str] = []

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        print(f"\n== {self.name}", flush=True)
        return self

    def __exit__(self, kind, error, trace):
        if error is None or isinstance(error, KeyboardInterrupt):
            return False
        print(f"  !! {self.name} failed: {type(error).__name__}: {error}")
        if os.environ.get("POLOSA_BENCH_TRACE"):
            traceback.print_exception(kind, error, trace)
        Step.failures.append(f"{self.name}: {error}")
        return True


def verdict(good: bool) -> str:
    return "ok" if good else "MISSED"


class Processes:
    """Processes in their own sessions, logs in the scratch folder, all stopped at the end."""

    def __init__(self, scratch: Path):
        self.scratch = scratch
        self.running: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, env: dict, *args: str, prefix=(), preexec_fn=None):
        log = (self.scratch / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [*prefix, *POLOSA, *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=preexec_fn,
        )
        log.close()
        self.running.append((name, process))
        return process

    def log_tail(self, name: str, lines: int = 5) -> str:
        path = self.scratch / f"{name}.log"
        return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])

    @staticmethod
    def stop(process: subprocess.Popen, how: int = signal.SIGTERM, wait: float = 20) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, how)
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self) -> None:
        for _, process in reversed(self.running):
            self.stop(process)
        self.running.clear()


def polosa(env: dict, *args: str, timeout: float = 900) -> str:
    done = subprocess.run(
        [*POLOSA, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"polosa {' '.join(args)} exited {done.returncode}: {' | '.join(tail)}")
    return done.stdout


def shell(env: dict, code: str) -> str:
    return polosa(env, "shell", "-c", code)


def base_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("POLOSA_")
        and name not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="polosa-faults-bench-only",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        POLOSA_VAR_DIR=str(var_dir),
        POLOSA_VOTE_RATE_LIMIT="0",  # one client votes many times a second here
        POLOSA_NEW_READERS_PER_IP="0",
        LOG_LEVEL=os.environ.get("POLOSA_BENCH_LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


ARTICLE_URLS = (
    "from polosa.news.models import ArticlePage\n"
    "for page in ArticlePage.objects.live().order_by('-pk')[:8]: print(page.url)"
)
MAKE_FILM = (
    "from polosa.titles.models import Title\n"
    f"Title.objects.get_or_create(slug='{FILM}', defaults=dict(name='Сталкер', kind='film'))"
)


def prepare_content(env: dict, articles: int) -> list[str]:
    polosa(env, "migrate", "-v0")
    polosa(env, "generate", "--articles", str(articles))
    shell(env, MAKE_FILM)
    polosa(env, "worker", "--burst")  # the content's own tasks (search index …)
    return [line for line in shell(env, ARTICLE_URLS).splitlines() if line.startswith("/")]


class Voter:
    """A reader voting for the film: CSRF cookie and token from the film's page, then
    JSON votes with the reader cookie the first vote set."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.value = 0

    def prepare(self) -> Answer:
        page = request(self.port, "GET", f"/titles/{FILM}/")
        token = cookie_value(page.headers, "csrftoken")
        if token:
            self.cookies["csrftoken"] = token
        return page

    def vote(self, timeout: float = 5) -> Answer:
        if "csrftoken" not in self.cookies:
            self.prepare()
        self.value = self.value % 10 + 1
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
        }
        body = json.dumps({"value": self.value}).encode()
        answer = request(self.port, "POST", f"/titles/{FILM}/vote/", body, headers, timeout)
        reader = cookie_value(answer.headers, "polosa_reader")
        if reader:
            self.cookies["polosa_reader"] = reader
        return answer


class AdminLogin:
    """Wrong passwords at the admin's login form, with its CSRF cookie and token."""

    def __init__(self, port: int):
        self.port = port
        self.cookie = self.token = ""

    def prepare(self) -> Answer:
        page = request(self.port, "GET", "/admin/login/")
        self.cookie = cookie_value(page.headers, "csrftoken")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        self.token = found.group(1).decode() if found else ""
        return page

    def attempt(self) -> Answer:
        body = f"csrfmiddlewaretoken={self.token}&username=nobody&password=wrong".encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.cookie}",
        }
        return request(self.port, "POST", "/admin/login/", body, headers, timeout=30)


# --- 1. PostgreSQL restarted under load ---------------------------------------------------


@dataclass
class Hit:
    started: float
    kind: str
    answer: Answer
    finished: float = field(default_factory=time.monotonic)


def postgres_restart(options, scratch: Path, processes: Processes) -> bool:
    import psycopg

    parts = urlsplit(options.postgres)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    database_url = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
    versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").exists() else []
    if not versions:
        raise RuntimeError("no /etc/postgresql/<version>: pg_ctlcluster cannot restart it")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    try:
        port = free_port()
        env = base_env(
            scratch / "pg-var",
            DATABASE_URL=database_url,
            POLOSA_PAGE_CACHE_SECONDS="0",
            POLOSA_BASE_URL=f"http://127.0.0.1:{port}",
        )
        started = time.perf_counter()
        urls = prepare_content(env, 10)
        print(
            f"  database {parts.hostname}:{parts.port or 5432}/{BENCH_DATABASE}: migrated, "
            f"10 articles, in {time.perf_counter() - started:.0f} s; page cache off"
        )
        server = processes.start("pg-serve", env, "serve", "--port", str(port), "--workers", "2")
        worker = processes.start("pg-worker", env, "worker")
        wait_http(port, "/", server)
        pages = ["/", "/feeds/rss/", *urls[:6]]
        hits: list[Hit] = []
        lock = threading.Lock()
        stop = threading.Event()

        def read(offset: int) -> None:
            number = offset
            while not stop.is_set():
                path = pages[number % len(pages)]
                number += 1
                moment = time.monotonic()
                answer = request(port, "GET", path)
                with lock:
                    hits.append(Hit(moment, "read", answer))
                if answer.status is None:
                    time.sleep(0.05)  # refused at once: do not spin

        def vote() -> None:
            voter = Voter(port)
            while not stop.is_set():
                moment = time.monotonic()
                answer = voter.vote()
                with lock:
                    hits.append(Hit(moment, "vote", answer))
                time.sleep(0.05)

        clients = [threading.Thread(target=read, args=(n,)) for n in range(4)]
        clients.append(threading.Thread(target=vote))
        for client in clients:
            client.start()
        try:
            time.sleep(5)
            down = time.monotonic()
            restart = subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"],
                capture_output=True,
                text=True,
                timeout=120,
            )
            if restart.returncode != 0:
                raise RuntimeError(f"pg_ctlcluster: {restart.stderr.strip() or restart.stdout}")
            restarted = time.monotonic()
            back = None
            deadline = time.monotonic() + 60
            while back is None and time.monotonic() < deadline:
                try:
                    with psycopg.connect(database_url, connect_timeout=2) as probe:
                        probe.execute("SELECT 1")
                    back = time.monotonic()
                except psycopg.Error:
                    time.sleep(0.05)
            if back is None:
                raise RuntimeError("PostgreSQL did not accept connections within 60 s")
            time.sleep(15)
        finally:
            stop.set()
            for client in clients:
                client.join(timeout=30)

        def phase(hits_in) -> str:
            statuses = Counter(
                hit.answer.status if hit.answer.status is not None else "no answer"
                for hit in hits_in
            )
            errors = sum(hit.answer.failed for hit in hits_in)
            shown = ", ".join(f"{key}: {count}" for key, count in sorted(statuses.items(), key=str))
            return f"{len(hits_in):5d} requests, {errors:4d} errors ({shown})"

        # A request still in flight when the restart began counts as "while down".
        before = [hit for hit in hits if hit.finished < down]
        during = [hit for hit in hits if hit.finished >= down and hit.started < back]
        after = [hit for hit in hits if hit.started >= back]
        errors_after = [hit for hit in after if hit.answer.failed]
        print(
            f"  restart command {restarted - down:.1f} s; accepting connections again "
            f"{back - down:.1f} s after the restart began"
        )
        print(
            f"  before       {phase(before)}  {verdict(not any(h.answer.failed for h in before))}"
        )
        print(f"  while down   {phase(during)}")
        print(f"  after        {phase(after)}  {verdict(not errors_after)}")
        for kind in ("read", "vote"):
            print(f"    {kind:5s} after: {phase([hit for hit in after if hit.kind == kind])}")
        if errors_after:
            first = errors_after[0]
            print(
                f"  first error after: +{first.started - back:.2f} s, {first.kind}, "
                f"{excerpt(first.answer)}"
            )
        failures = [hit for hit in during if hit.answer.failed]
        if failures:
            print(f"  while down, e.g.: {excerpt(failures[0].answer)}")
        ready = request(port, "GET", "/readyz")
        worker_alive = worker.poll() is None
        print(
            f"  /readyz after: {ready.status}; polosa worker still running: "
            f"{'yes' if worker_alive else 'no (' + processes.log_tail('pg-worker') + ')'}"
        )
        good = not errors_after and ready.status == 200 and worker_alive
        processes.stop(server)
        processes.stop(worker)
        return good
    finally:
        processes.stop_all()
        with contextlib.suppress(Exception), psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


# --- 2. polosa worker SIGKILLed mid-batch -------------------------------------------------


def slow_fake_telegram(latency: float):
    """The tests' fake Bot API, answering after ``latency`` seconds (the post is recorded
    first: Telegram has it while its answer is on the way)."""
    from tests.distribution.fake_telegram import FakeTelegram

    fake = FakeTelegram()

    def reply(handler, status, body):
        time.sleep(latency)
        with contextlib.suppress(OSError):  # the worker was killed while waiting
            FakeTelegram.reply(handler, status, body)

    fake.reply = reply
    return fake


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def article_of(call) -> str:
    text = call.params.get("caption") or call.params.get("text") or ""
    links = _HREF.findall(text)
    return links[-1] if links else text


QUEUE_POSTS = (
    "from polosa.distribution import telegram\n"
    "from polosa.news.models import ArticlePage\n"
    "for pk in ArticlePage.objects.live().order_by('-pk').values_list('pk', flat=True)[:{n}]:\n"
    "    telegram.article_published(pk)\n"
)


def worker_kill(options, scratch: Path, template: Path, processes: Processes, *, other_host: bool):
    name = "other-host" if other_host else "same-host"
    var = scratch / f"worker-{name}-var"
    shutil.copytree(template, var)
    database = var / "polosa.sqlite3"
    fake = slow_fake_telegram(options.latency)
    try:
        env = base_env(
            var,
            POLOSA_TELEGRAM_TOKEN="123:faults",
            POLOSA_TELEGRAM_CHANNEL=CHANNEL,
            POLOSA_TELEGRAM_API=fake.url,
            POLOSA_TELEGRAM_RATE="6000",
            POLOSA_TELEGRAM_BURST="1000",
        )
        shell(env, QUEUE_POSTS.format(n=options.posts))

        def query(sql: str) -> list[tuple]:
            with contextlib.closing(sqlite3.connect(database, timeout=20)) as db:
                return db.execute(sql).fetchall()

        [(queued,)] = query("SELECT COUNT(*) FROM distribution_telegrampost")
        first = processes.start(f"worker-{name}-1", env, "worker", "--interval", "0.5")
        deadline = time.monotonic() + 120
        while len(fake.posts()) < queued // 3:
            if time.monotonic() > deadline or first.poll() is not None:
                raise RuntimeError(
                    f"the first worker did not post: {processes.log_tail(f'worker-{name}-1')}"
                )
            time.sleep(0.01)
        os.killpg(first.pid, signal.SIGKILL)
        killed = time.monotonic()
        first.wait()
        posted_before = len(fake.posts())
        if other_host:
            # Its own UTS namespace: another hostname, so only the heartbeat tells.
            prefix = [
                "unshare",
                "--uts",
                "sh",
                "-c",
                'hostname faults-other-host && exec "$@"',
                "sh",
            ]
        else:
            time.sleep(1.0)  # a supervisor's restart delay
            prefix = []
        second = processes.start(f"worker-{name}-2", env, "worker", prefix=prefix)

        def settled() -> bool:
            [(unsettled,)] = query(
                "SELECT COUNT(*) FROM distribution_telegrampost WHERE state IN "
                f"({', '.join(repr(state) for state in UNSETTLED)})"
            )
            [(running,)] = query(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            )
            return unsettled == 0 and running == 0

        resumed = done = None
        deadline = time.monotonic() + options.settle_seconds
        while time.monotonic() < deadline:
            if second.poll() is not None:
                raise RuntimeError(
                    f"the second worker exited: {processes.log_tail(f'worker-{name}-2')}"
                )
            if resumed is None:
                later = [call.at for call in fake.posts() if call.at > killed]
                if later:
                    resumed = min(later) - killed
            if settled():
                done = time.monotonic() - killed
                if resumed is None and len(fake.posts()) == posted_before:
                    resumed = done  # nothing was left to post
                break
            time.sleep(0.1)
        processes.stop(second)

        rows = query(
            "SELECT post.state, page.url_path FROM distribution_telegrampost AS post "
            "JOIN wagtailcore_page AS page ON page.id = post.article_id"
        )
        per_article = Counter(slug_of(article_of(call)) for call in fake.posts())
        duplicated = sum(count - 1 for count in per_article.values())
        states = Counter(state for state, _ in rows)
        uncertain = [slug_of(path) for state, path in rows if state == "uncertain"]
        uncertain_posted = sum(slug in per_article for slug in uncertain)
        # Lost: neither on the channel nor flagged for an editor.
        lost = sum(
            slug_of(path) not in per_article and state != "uncertain" for state, path in rows
        )
        sent = states["sent"]
        others = {state: n for state, n in states.items() if state not in ("sent", "uncertain")}
        running_left = query(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
        )[0][0]
        where = "on another host (own UTS namespace)" if other_host else "on this host, 1 s later"
        print(
            f"  {name}: {queued} posts queued, worker killed after {posted_before}; "
            f"replacement {where}"
        )
        resumed_text = f"{resumed:.1f} s" if resumed is not None else "never"
        done_text = (
            f"{done:.1f} s" if done is not None else f"not within {options.settle_seconds:.0f} s"
        )
        print(
            f"    lost {lost}, duplicated {duplicated}, uncertain {len(uncertain)} (on the "
            f"channel: {uncertain_posted}), sent {sent}, other states {others or 0}, "
            f"task rows left RUNNING {running_left}"
        )
        print(
            f"    delivery resumed {resumed_text} after the kill, everything settled {done_text}  "
            f"{verdict(lost == 0 and duplicated == 0 and resumed is not None and resumed <= 60)}"
        )
        return lost == 0 and duplicated == 0 and resumed is not None and resumed <= 60
    finally:
        fake.stop()
        processes.stop_all()


# --- 3. A full disk under var/ ------------------------------------------------------------


def mount_tmpfs(directory: Path, size_bytes: int) -> bool:
    directory.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(directory)],
        capture_output=True,
        text=True,
    )
    return done.returncode == 0


def folder_size(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


def fill(directory: Path) -> int:
    """Write a filler file until the file system is full; returns the bytes written."""
    written = 0
    with (directory / "filler.bin").open("wb", buffering=0) as filler:
        for chunk in (1 << 20, 1 << 12, 1 << 9, 1):
            block = b"\0" * chunk
            while True:
                try:
                    written += filler.write(block)
                except OSError:
                    break
    return written


def show(answers: list[Answer]) -> str:
    """Statuses and how many of each: ``200: 10, 500: 1``."""
    statuses = Counter(a.status if a.status is not None else "no answer" for a in answers)
    return ", ".join(f"{key}: {count}" for key, count in sorted(statuses.items(), key=str))


def full_disk(options, scratch: Path, template: Path, processes: Processes) -> bool:
    mount = scratch / "disk"
    size = folder_size(template) + (24 << 20)
    mounted = mount_tmpfs(mount, size)
    var = mount / "var" if mounted else scratch / "disk-var"
    shutil.copytree(template, var)
    database = var / "polosa.sqlite3"
    port = free_port()
    env = base_env(var, POLOSA_PAGE_CACHE_SECONDS="0", POLOSA_BASE_URL=f"http://127.0.0.1:{port}")
    try:
        urls = [line for line in shell(env, ARTICLE_URLS).splitlines() if line.startswith("/")]
        preexec = None
        if mounted:
            print(f"  tmpfs of {size / 1e6:.0f} MB mounted as POLOSA_VAR_DIR")
        else:
            # No file may grow past 64 KiB: the WAL soon cannot, nor the database file.
            limit = 1 << 16

            def preexec():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of dying
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

            print(f"  mount refused: RLIMIT_FSIZE of {limit} bytes on polosa serve instead")
        server = processes.start(
            "disk-serve", env, "serve", "--port", str(port), "--workers", "2", preexec_fn=preexec
        )
        wait_http(port, "/", server)
        voter = Voter(port)
        voter.prepare()
        login = AdminLogin(port)
        login.prepare()
        first = voter.vote()
        # Every page read once: its picture renditions are made (files and rows) beforehand.
        warm = [request(port, "GET", path, timeout=30) for path in [*urls, "/"]]
        print(f"  before: vote {first.status}; every page read once: {show(warm)}")
        # A connection held open keeps the WAL and its index: opening the database needs
        # to create them otherwise, and cannot on a full disk.
        keeper = sqlite3.connect(database)
        keeper.execute("SELECT COUNT(*) FROM wagtailcore_page").fetchone()
        if mounted:
            filled = fill(mount)
            free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
            print(f"  disk filled: {filled / 1e6:.1f} MB of filler, {free} bytes free")

        def attempt() -> tuple[list[Answer], Answer, list[Answer]]:
            votes = [voter.vote(timeout=30) for _ in range(10)]
            tried = login.attempt()
            reads = [request(port, "GET", urls[n % len(urls)], timeout=30) for n in range(10)]
            return votes, tried, [*reads, request(port, "GET", "/", timeout=30)]

        rounds = {}
        for name in ("a connection held open", "no connection held open"):
            if name == "no connection held open":
                keeper.close()  # as with CONN_MAX_AGE=0, polosa's SQLite setting today
                left = sorted(p.name for p in var.glob("polosa.sqlite3-*"))
                name += f" (left: {', '.join(left) or 'no -wal, no -shm'})"
            votes, tried, reads = attempt()
            rounds[name] = (votes, tried, reads)
            print(f"  full disk, {name}:")
            print(f"    writes: votes {show(votes)}; admin login {tried.status}")
            for answer in {excerpt(a): a for a in [*votes, tried]}.values():
                print(f"      {answer.status}: {excerpt(answer)}")
            print(f"    reads:  {show(reads)}")
            for answer in {excerpt(a): a for a in reads if a.failed}.values():
                print(f"      {answer.status}: {excerpt(answer)}")
        alive = server.poll() is None
        print(f"  server still running: {'yes' if alive else 'no'}")
        processes.stop(server)
        left = sorted(p.name for p in var.glob("polosa.sqlite3-*"))
        try:  # what a process started now would find: no -wal/-shm to open them with
            with contextlib.closing(sqlite3.connect(database)) as fresh:
                fresh.execute("SELECT COUNT(*) FROM wagtailcore_page").fetchone()
            opened = "reads"
        except sqlite3.Error as error:
            opened = f"fails: {error}"
        print(
            f"  server stopped (left: {', '.join(left) or 'no -wal, no -shm'}); "
            f"a new connection on the full disk {opened}"
        )
        with contextlib.suppress(FileNotFoundError):
            (mount / "filler.bin").unlink()
        with contextlib.closing(sqlite3.connect(database)) as db:
            integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        print(f"  space freed; PRAGMA integrity_check: {integrity}  {verdict(integrity == 'ok')}")
        server = processes.start(
            "disk-serve-2", env, "serve", "--port", str(port), "--workers", "2"
        )
        wait_http(port, "/", server)
        again = Voter(port)
        again.prepare()
        after = again.vote()
        print(f"  server restarted: vote {after.status}")
        processes.stop(server)
        writes = [answer for votes, tried, _ in rounds.values() for answer in [*votes, tried]]
        writes_clear = all(
            answer.status is not None and (answer.status < 500 or answer.status == 503)
            for answer in writes
        )
        reads_ok = all(a.status == 200 for _, _, reads in rounds.values() for a in reads)
        print(
            f"  writes answered with a clear 4xx/503: {verdict(writes_clear)}; reads kept "
            f"working: {verdict(reads_ok)}"
        )
        return writes_clear and reads_ok and integrity == "ok" and after.status == 200
    finally:
        processes.stop_all()
        if mounted:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)


# --- main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="pg,worker,disk")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--posts", type=int, default=30)
    parser.add_argument("--latency", type=float, default=0.1, help="the fake Bot API's answer time")
    parser.add_argument("--settle-seconds", type=float, default=150)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and logs")
    options = parser.parse_args()
    wanted = set(options.only.split(","))
    scratch = Path(tempfile.mkdtemp(prefix="polosa-faults-"))
    processes = Processes(scratch)
    results: dict[str, bool] = {}
    try:
        template = scratch / "template-var"
        if wanted & {"worker", "disk"}:
            with Step("site template (SQLite)"):
                started = time.perf_counter()
                prepare_content(base_env(template), TEMPLATE_ARTICLES)
                polosa(base_env(template), "collectstatic", "--noinput", "-v0")
                with contextlib.closing(sqlite3.connect(template / "polosa.sqlite3")) as db:
                    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                print(
                    f"  {TEMPLATE_ARTICLES} articles, a film, static files: "
                    f"{time.perf_counter() - started:.0f} s"
                )
        if "pg" in wanted:
            with Step("1. PostgreSQL restarted under load"):
                results["pg"] = postgres_restart(options, scratch, processes)
        if "worker" in wanted:
            with Step("2. polosa worker SIGKILLed mid-batch"):
                good = worker_kill(options, scratch, template, processes, other_host=False)
                if shutil.which("unshare"):
                    good = (
                        worker_kill(options, scratch, template, processes, other_host=True) and good
                    )
                results["worker"] = good
        if "disk" in wanted:
            with Step("3. A full disk under var/"):
                results["disk"] = full_disk(options, scratch, template, processes)
    finally:
        processes.stop_all()
        if options.keep:
            print(f"\nscratch folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print("\n== summary")
    for name in ("pg", "worker", "disk"):
        if name in wanted:
            print(
                f"  {name:7s} {verdict(results.get(name, False)) if name in results else 'not run'}"
            )
    if Step.failures or not all(results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
