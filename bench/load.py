"""Load through real servers on 127.0.0.1: polosa serve, Varnish in front, nginx static.

Usage: ``.venv/bin/python bench/load.py [--database-url URL] [--redis-url redis://…/14]
[--duration 5] [--rounds 3] [--newsroom-seconds 30] [--no-varnish] [--keep]
[--source DIR]``; ``--source`` runs another copy of the code, e.g. the last commit while
the checkout is being edited: ``git archive HEAD | tar -x -C /tmp/polosa-head``.

Needs ``wrk`` and ``nginx`` (Debian: ``apt-get install wrk nginx-light``), and for the
Varnish rows ``varnishd`` with xkey (``varnish varnish-modules``) and ``deploy/varnish.vcl``.
All traffic stays on 127.0.0.1; the defaults take about four minutes.

1. A throwaway site in a temporary ``POLOSA_VAR_DIR``: SQLite, or with ``--database-url``
   a fresh PostgreSQL database ``polosa_load_bench`` created and dropped on that server;
   ``polosa demo --no-serve`` (~320 articles); ``--redis-url`` (a dedicated database
   number, flushed first) becomes ``REDIS_URL``. The public URLs come from the sitemaps
   plus ``/``, the feeds, ``/ratings/``, ``/people/`` and ``/robots.txt``.
2. ``polosa serve --workers 2`` (granian), ``varnishd`` with ``deploy/varnish.vcl`` aimed
   at it (and ``POLOSA_VARNISH_URL`` set so the app can purge it), nginx with 2 workers
   serving one article's HTML as a static file at the same path, and ``polosa worker``.
3. Cached article: ``wrk -t2 -c16`` on one warm article, the three servers interleaved
   round by round; medians of req/s, p50, p99 and the ratios serve/nginx and
   varnish/nginx (targets ≥ 25 % and ≥ 80 %). Twice: as before, without
   ``Accept-Encoding`` (Varnish then decompresses what it stores compressed), and as
   browsers ask, with ``Accept-Encoding: gzip`` (Varnish sends its stored gzip, nginx a
   ``.gz`` beside the page with ``gzip_static``, polosa serve plain).
4. Newsroom hour (shortened): wrk walking every collected URL (each thread from its own
   offset, with ``Accept-Encoding: gzip`` as browsers send), a quiet phase, then a busy
   one of the same length in which an article is re-published every 5 s and a reader
   votes every second. Per phase req/s, p50, p99, non-2xx, socket errors and the
   cache-hit share (``X-Polosa-Cache`` from polosa serve, ``X-Cache`` from Varnish);
   ratios busy/quiet throughput (≥ 90 %), hit share (≥ 97 %) and busy/quiet p99 (≤ 3×).
5. Publish → visible: an article re-published with a unique title; the article, its
   rubric, ``/feeds/rss/`` and its ``lastmod`` in the articles sitemap are polled every
   50 ms (up to 10 s) through polosa serve and Varnish; the median of 3 repetitions.

Client and servers share this machine's cores: compare the rows of one run with each
other, not with another machine. A step that fails says why; the others still run.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
BENCH_DATABASE = "polosa_load_bench"
FIXED_URLS = (
    "/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/json/",
    "/ratings/",
    "/people/",
    "/robots.txt",
)
POLL_EVERY = 0.05
POLL_FOR = 10.0
PUBLISH_REPEATS = 3

#: wrk script for the newsroom phases: every thread walks the URL list from its own
#: offset and counts statuses and the cache header; ``done`` prints one summary line.
LUA = r"""
local urls = {}
for line in io.lines("@URLS@") do
  if #line > 0 then urls[#urls + 1] = line end
end
local header = "@HEADER@"
local names = {"hits", "misses", "nohdr", "s2", "s3", "s4", "s5"}
local threads = {}
local created = 0

function setup(thread)
  thread:set("tid", created)
  created = created + 1
  table.insert(threads, thread)
end

function init(args)
  reqs = {}
  for i, u in ipairs(urls) do
    reqs[i] = wrk.format("GET", u, {["Accept-Encoding"] = "gzip"})
  end
  n = #reqs
  pos = (tid * math.floor(n / @THREADS@)) % n
  hits, misses, nohdr, s2, s3, s4, s5 = 0, 0, 0, 0, 0, 0, 0
end

function request()
  pos = pos % n + 1
  return reqs[pos]
end

function response(status, headers, body)
  if status < 300 then s2 = s2 + 1
  elseif status < 400 then s3 = s3 + 1
  elseif status < 500 then s4 = s4 + 1
  else s5 = s5 + 1 end
  local value = nil
  for k, v in pairs(headers) do
    if string.lower(k) == header then value = string.lower(v) end
  end
  if value == nil then nohdr = nohdr + 1
  elseif string.sub(value, 1, 3) == "hit" then hits = hits + 1
  else misses = misses + 1 end
end

function done(summary, latency, requests)
  local total = {}
  for _, name in ipairs(names) do total[name] = 0 end
  for _, thread in ipairs(threads) do
    for _, name in ipairs(names) do total[name] = total[name] + (thread:get(name) or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    "LOADBENCH requests=%d duration_us=%d hits=%d misses=%d nohdr=%d s2=%d s3=%d s4=%d " ..
    "s5=%d p50_us=%d p99_us=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, total.hits, total.misses, total.nohdr, total.s2,
    total.s3, total.s4, total.s5, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


# --- small helpers ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def wait_http(port: int, path: str, process: subprocess.Popen | None, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    last = "no answer"
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"exited with code {process.returncode}")
        try:
            status, _, _ = get(port, path, timeout=5)
            if status < 500:
                return
            last = f"HTTP {status}"
        except OSError as error:
            last = str(error)
        time.sleep(0.2)
    raise RuntimeError(f"not answering on port {port} after {seconds:.0f} s ({last})")


def median(values: list[float]) -> float | None:
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def fmt(value: float | None, spec: str = ".0f", unit: str = "") -> str:
    return "–" if value is None else f"{value:{spec}}{unit}"


def pct(share: float | None, spec: str = ".0f") -> str:
    return "–" if share is None else f"{share * 100:{spec}} %"


def ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def verdict(value: float | None, target: float, higher_is_better: bool = True) -> str:
    if value is None:
        return "(not measured)"
    good = value >= target if higher_is_better else value <= target
    return "ok" if good else "BELOW TARGET" if higher_is_better else "ABOVE TARGET"


class Step:
    """``with Step("name"):`` prints why a step failed and lets the run go on."""

    failures: list[str] = []

    def __init__(self, name: str):
        self.name = name
        self.failed = False

    def __enter__(self):
        print(f"\n== {self.name}", flush=True)
        return self

    def __exit__(self, kind, error, trace):
        if error is None:
            return False
        if isinstance(error, KeyboardInterrupt):
            return False
        print(f"  !! {self.name} failed: {type(error).__name__}: {error}")
        if os.environ.get("POLOSA_BENCH_TRACE"):
            traceback.print_exception(kind, error, trace)
        Step.failures.append(f"{self.name}: {error}")
        self.failed = True
        return True


# --- wrk ----------------------------------------------------------------------------------

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(output: str) -> dict:
    """Requests/sec, p50/p99 (ms), non-2xx/3xx, socket errors and our Lua summary."""
    result: dict = {"raw": output}
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result["rps"] = float(found.group(1)) if found else None
    found = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    result["requests"] = int(found.group(1)) if found else None
    latency = {}
    distribution = output.split("Latency Distribution", 1)
    if len(distribution) == 2:
        for percent, number, unit in re.findall(
            r"^\s*(\d+(?:\.\d+)?)%\s+([\d.]+)(us|ms|s|m)\s*$", distribution[1], re.M
        ):
            latency[float(percent)] = float(number) * UNITS[unit]
    result["p50"], result["p99"] = latency.get(50.0), latency.get(99.0)
    found = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    result["non2xx"] = int(found.group(1)) if found else 0
    found = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["socket"] = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, found.groups()), strict=True))
        if found
        else {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    )
    found = re.search(r"^LOADBENCH (.*)$", output, re.M)
    if found:
        lua = {key: int(value) for key, value in re.findall(r"(\w+)=(-?\d+)", found.group(1))}
        result["lua"] = lua
        if lua.get("duration_us"):
            result["rps"] = lua["requests"] / (lua["duration_us"] / 1e6)
        result["p50"], result["p99"] = lua["p50_us"] / 1000, lua["p99_us"] / 1000
        result["non2xx"] = lua["status"]
        for key in ("connect", "read", "write", "timeout"):
            result["socket"][key] = lua[key]
    result["errors"] = sum(result["socket"].values())
    return result


def wrk(
    url: str,
    seconds: float,
    script: Path | None = None,
    connections: int = 16,
    headers: tuple[str, ...] = (),
) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run(
        command + [url], capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    result = parse_wrk(done.stdout + done.stderr)
    if done.returncode != 0 or result["rps"] is None:
        tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
        raise RuntimeError(f"wrk exited {done.returncode}: {' | '.join(tail)}")
    return result


# --- the bench ----------------------------------------------------------------------------


class Bench:
    def __init__(self, options: argparse.Namespace):
        self.options = options
        self.source = Path(options.source).resolve() if options.source else ROOT
        self.tmp = Path(tempfile.mkdtemp(prefix="polosa-load-"))
        # Readable by the unprivileged users varnishd and nginx workers switch to.
        self.tmp.chmod(0o755)
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.logs: dict[str, Path] = {}
        self.app_port = free_port()
        self.varnish_port: int | None = None
        self.nginx_port: int | None = None
        self.side: subprocess.Popen | None = None
        self.database_created: str | None = None
        self.redis_url: str | None = None
        self.urls: list[str] = []
        self.article_path: str | None = None
        self.sitemap_section: str | None = None
        self.info: dict = {"titles": []}
        self.env = self.base_env()

    # -- processes --

    def start(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        log = self.tmp / f"{name}.log"
        self.logs[name] = log
        handle = log.open("ab")
        kwargs.setdefault("stdout", handle)
        kwargs.setdefault("stderr", subprocess.STDOUT if kwargs["stdout"] is handle else handle)
        process = subprocess.Popen(
            command,
            cwd=self.source,
            env=kwargs.pop("env", self.env),
            start_new_session=True,
            **kwargs,
        )
        handle.close()
        self.processes.append((name, process))
        return process

    def stop_all(self) -> None:
        if self.side is not None and self.side.poll() is None:
            try:
                self.side.stdin.write('{"cmd": "quit"}\n')
                self.side.stdin.flush()
                self.side.wait(timeout=5)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                pass
        for _, process in reversed(self.processes):
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for name, process in reversed(self.processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                print(f"  {name} ignored SIGTERM: killed")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def polosa(self, *args: str, env: dict | None = None, timeout: float = 600) -> str:
        command = (
            [str(VENV_BIN / "polosa")]
            if (VENV_BIN / "polosa").exists()
            else [
                PYTHON,
                "-m",
                "polosa",
            ]
        )
        done = subprocess.run(
            command + list(args),
            cwd=self.source,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise RuntimeError(
                f"polosa {' '.join(args)} exited {done.returncode}: " + " | ".join(tail)
            )
        return done.stdout

    # -- environment --

    def base_env(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("DATABASE_URL", "REDIS_URL", "POLOSA_VARNISH_URL", "DJANGO_SETTINGS_MODULE"):
            env.pop(name, None)
        env.update(
            DEBUG="0",
            SECRET_KEY="bench",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            POLOSA_BASE_URL=f"http://127.0.0.1:{self.app_port}",
            POLOSA_VAR_DIR=str(self.tmp / "var"),
            # One reader a second from one address: the per-IP limit would refuse half.
            POLOSA_VOTE_RATE_LIMIT="0",
            POLOSA_NEW_READERS_PER_IP="0",
            LOG_LEVEL=os.environ.get("POLOSA_BENCH_LOG_LEVEL", "WARNING"),
            PYTHONUNBUFFERED="1",
        )
        if self.source != ROOT:
            # Another source tree (e.g. ``git archive HEAD``) ahead of the editable install.
            env["PYTHONPATH"] = os.pathsep.join(
                [str(self.source), *filter(None, [env.get("PYTHONPATH")])]
            )
            env["POLOSA_LOAD_SOURCE"] = str(self.source)
        return env

    def prepare_database(self) -> None:
        url = self.options.database_url
        if not url:
            print("  database: SQLite in the temporary folder")
            return
        import psycopg

        parts = urlsplit(url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
        self.database_created = admin_url
        self.env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{BENCH_DATABASE}"))
        print(
            f"  database: PostgreSQL {parts.hostname}:{parts.port or 5432}/{BENCH_DATABASE} (fresh)"
        )

    def drop_database(self) -> None:
        if not self.database_created:
            return
        import psycopg

        try:
            with psycopg.connect(self.database_created, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        except Exception as error:  # noqa: BLE001 - cleanup reports and goes on
            print(f"  could not drop {BENCH_DATABASE}: {error}")

    def prepare_redis(self) -> None:
        url = self.options.redis_url
        if not url:
            print("  cache: local memory in each process (no --redis-url)")
            return
        number = urlsplit(url).path.strip("/")
        if not number.isdigit() or number == "0":
            raise RuntimeError(
                f"{url}: give a dedicated database number (e.g. redis://127.0.0.1:6379/14), "
                "it is flushed; running without Redis"
            )
        import redis

        redis.Redis.from_url(url).flushdb()
        self.redis_url = url
        self.env["REDIS_URL"] = url
        print(f"  cache: Redis {url} (flushed)")

    def flush_redis(self) -> None:
        if self.redis_url:
            try:
                import redis

                redis.Redis.from_url(self.redis_url).flushdb()
            except Exception as error:  # noqa: BLE001
                print(f"  could not flush {self.redis_url}: {error}")

    # -- step 1 --

    def demo(self) -> None:
        started = time.monotonic()
        (self.tmp / "var").mkdir(exist_ok=True)  # demo writes its password file there
        output = self.polosa("demo", "--no-serve")
        count = re.search(r"Материалов в базе: (\d+)", output)
        print(
            f"  polosa demo --no-serve: {count.group(1) if count else '?'} articles "
            f"in {time.monotonic() - started:.0f} s ({self.tmp / 'var'})"
        )

    def collect_urls(self) -> None:
        status, _, body = get(self.app_port, "/sitemap.xml")
        if status != 200:
            raise RuntimeError(f"/sitemap.xml: HTTP {status}")
        sections = [urlsplit(loc).path for loc in re.findall(rb"<loc>([^<]+)</loc>", body)]
        sections = [
            section.decode() if isinstance(section, bytes) else section for section in sections
        ]
        urls: dict[str, None] = dict.fromkeys(FIXED_URLS)
        for section in sections:
            if "articles" in section and self.sitemap_section is None:
                self.sitemap_section = section
            status, _, body = get(self.app_port, section)
            if status != 200:
                print(f"  {section}: HTTP {status}, skipped")
                continue
            for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode()):
                parts = urlsplit(loc)
                urls[parts.path + (f"?{parts.query}" if parts.query else "")] = None
            urls[section] = None
        statuses: dict[int, list[str]] = {}
        started = time.monotonic()
        for url in urls:  # every URL once: the app's first render, and its status
            try:
                status, _, _ = get(self.app_port, url, timeout=30)
            except OSError as error:
                status = 0
                print(f"  {url}: {error}")
            statuses.setdefault(status, []).append(url)
        self.urls = list(urls)
        (self.tmp / "urls.txt").write_text("\n".join(self.urls) + "\n")
        articles = [
            url for url in self.urls if url.count("/") == 3 and not url.startswith("/feeds/")
        ]
        self.article_path = articles[len(articles) // 3] if articles else None
        print(
            f"  {len(self.urls)} URLs from {len(sections)} sitemap sections and the fixed list, "
            f"each fetched once in {time.monotonic() - started:.1f} s; statuses: "
            + ", ".join(f"{code}: {len(found)}" for code, found in sorted(statuses.items()))
        )
        for code, found in sorted(statuses.items()):
            if code != 200:
                print(f"  !! HTTP {code}: {', '.join(found[:5])}{' …' if len(found) > 5 else ''}")
        if len(self.urls) < 200:
            print(f"  !! only {len(self.urls)} URLs (wanted ≥ 200)")

    # -- step 2 --

    def start_varnish(self) -> None:
        if self.options.no_varnish:
            print("  Varnish: off (--no-varnish)")
            return
        if not shutil.which("varnishd"):
            print("  Varnish: varnishd not installed, Varnish rows skipped")
            return
        source = self.source / "deploy" / "varnish.vcl"
        if not source.exists():
            source = ROOT / "deploy" / "varnish.vcl"
        if not source.exists():
            print("  Varnish: deploy/varnish.vcl does not exist yet, Varnish rows skipped")
            return
        vcl, count = re.subn(
            r'(backend\s+default\s*\{[^}]*?\.host\s*=\s*")[^"]*(";[^}]*?\.port\s*=\s*")[^"]*(")',
            rf"\g<1>127.0.0.1\g<2>{self.app_port}\g<3>",
            source.read_text(),
            count=1,
        )
        if count != 1:
            print(
                "  Varnish: no `backend default { .host …; .port …; }` block in deploy/varnish.vcl"
            )
            return
        rendered = self.tmp / "varnish.vcl"
        rendered.write_text(vcl)
        rendered.chmod(0o644)
        port = free_port()
        workdir = self.tmp / "varnish"
        process = self.start(
            "varnishd",
            ["varnishd", "-F", "-a", f"127.0.0.1:{port}", "-T", f"127.0.0.1:{free_port()}"]
            + ["-f", str(rendered), "-n", str(workdir), "-s", "malloc,256m"],
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    log = self.logs["varnishd"].read_text(errors="replace").strip().splitlines()
                    raise RuntimeError(f"varnishd exited: {' | '.join(log[-6:])}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("varnishd is not listening after 30 s") from None
                    time.sleep(0.2)
        except RuntimeError as error:
            print(f"  Varnish: {error}; Varnish rows skipped")
            return
        self.varnish_port = port
        self.env["POLOSA_VARNISH_URL"] = f"http://127.0.0.1:{port}"
        print(f"  Varnish on 127.0.0.1:{port} (deploy/varnish.vcl → 127.0.0.1:{self.app_port})")

    def start_serve(self) -> None:
        process = self.start(
            "serve",
            [*self.polosa_command(), "serve", "--workers", "2", "--port", str(self.app_port)],
        )
        wait_http(self.app_port, "/healthz", process, 90)
        print(f"  polosa serve (granian, 2 workers) on 127.0.0.1:{self.app_port}")
        if self.varnish_port:
            wait_http(self.varnish_port, "/healthz", None, 20)

    def app_port_open(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.app_port), timeout=1).close()
        except OSError:
            return False
        return True

    def polosa_command(self) -> list[str]:
        if (VENV_BIN / "polosa").exists():
            return [str(VENV_BIN / "polosa")]
        return [PYTHON, "-m", "polosa"]

    def start_worker(self) -> None:
        if self.options.no_worker:
            print("  polosa worker: off (--no-worker)")
            return
        self.start("worker", [*self.polosa_command(), "worker"])
        print("  polosa worker running (queued tasks: ratings refresh, Telegram outbox, purges)")

    def start_side(self) -> None:
        self.side = self.start(
            "side",
            [PYTHON, str(ROOT / "bench" / "load_side.py")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.info = self.ask({"cmd": "info"})
        print(
            f"  side process ready: {self.info['articles']} live articles, "
            f"{len(self.info['titles'])} titles to vote on"
        )

    def ask(self, command: dict, timeout: float = 120) -> dict:
        if self.side is None or self.side.poll() is not None:
            raise RuntimeError("the side process is not running (see side.log)")
        self.side.stdin.write(json.dumps(command) + "\n")
        self.side.stdin.flush()
        answer: list[str] = []
        reader = threading.Thread(target=lambda: answer.append(self.side.stdout.readline()))
        reader.daemon = True
        reader.start()
        reader.join(timeout)
        if not answer or not answer[0]:
            raise RuntimeError(f"no answer from the side process to {command['cmd']}")
        result = json.loads(answer[0])
        if "error" in result:
            raise RuntimeError(f"side process: {result['error']}")
        return result

    def start_nginx(self) -> None:
        if not shutil.which("nginx"):
            print("  nginx: not installed, the static row is skipped")
            return
        if not self.article_path:
            raise RuntimeError("no article URL collected")
        status, _, body = get(self.app_port, self.article_path)
        if status != 200:
            raise RuntimeError(f"{self.article_path}: HTTP {status}")
        base = self.tmp / "nginx"
        root = base / "root"
        page = root / self.article_path.strip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(body)
        packed = page.with_name("index.html.gz")
        packed.write_bytes(gzip.compress(body, 6))
        packed.chmod(0o644)
        for folder in [base, *page.parents]:
            if folder == self.tmp or self.tmp not in folder.parents:
                continue
            folder.chmod(0o755)
        page.chmod(0o644)
        port = free_port()
        temp = {name: base / name for name in ("client", "proxy", "fastcgi", "uwsgi", "scgi")}
        for folder in temp.values():
            folder.mkdir(exist_ok=True)
        config = base / "nginx.conf"
        config.write_text(
            "worker_processes 2;\n"
            "daemon off;\n"
            f"pid {base / 'nginx.pid'};\n"
            f"error_log {base / 'error.log'} warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "  access_log off;\n"
            "  default_type text/html;\n"
            "  charset utf-8;\n"
            "  sendfile on;\n"
            "  gzip_static on;\n"
            "  tcp_nopush on;\n"
            "  keepalive_requests 1000000;\n"
            f"  client_body_temp_path {temp['client']};\n"
            f"  proxy_temp_path {temp['proxy']};\n"
            f"  fastcgi_temp_path {temp['fastcgi']};\n"
            f"  uwsgi_temp_path {temp['uwsgi']};\n"
            f"  scgi_temp_path {temp['scgi']};\n"
            f"  server {{\n    listen 127.0.0.1:{port};\n    root {root};\n"
            "    index index.html;\n  }\n"
            "}\n"
        )
        process = self.start(
            "nginx", ["nginx", "-p", str(base), "-c", str(config), "-e", str(base / "error.log")]
        )
        wait_http(port, self.article_path, process, 15)
        status, _, static = get(port, self.article_path)
        if status != 200 or static != body:
            raise RuntimeError(f"nginx answers {status} for {self.article_path}")
        self.nginx_port = port
        print(f"  nginx (2 workers) on 127.0.0.1:{port}: {self.article_path} ({len(body)} bytes)")

    # -- step 3 --

    def warm(self, port: int, path: str, header: str) -> None:
        for _ in range(20):
            status, headers, _ = get(port, path)
            if status == 200 and headers.get(header, "").lower().startswith("hit"):
                hits = sum(
                    get(port, path)[1].get(header, "").lower().startswith("hit") for _ in range(6)
                )
                if hits == 6:
                    return
        raise RuntimeError(f"{path} on port {port} never became a steady {header}: hit")

    def cached_article(self) -> None:
        options = self.options
        path = self.article_path
        targets = {"polosa serve": self.app_port}
        if self.varnish_port:
            targets["Varnish"] = self.varnish_port
        if self.nginx_port:
            targets["nginx static"] = self.nginx_port
        self.warm(self.app_port, path, "x-polosa-cache")
        if self.varnish_port:
            self.warm(self.varnish_port, path, "x-cache")
        print(
            f"  {path}: wrk -t2 -c16 -d{options.duration:g}s × {options.rounds} rounds, "
            "targets interleaved"
        )
        for encoding, headers in (("plain", ()), ("gzip", ("Accept-Encoding: gzip",))):
            print(f"  -- {'no Accept-Encoding' if not headers else headers[0]}")
            self.cached_article_rounds(path, targets, headers, encoding)

    def cached_article_rounds(
        self, path: str, targets: dict[str, int], headers: tuple[str, ...], encoding: str
    ) -> None:
        options = self.options
        runs: dict[str, list[dict]] = {name: [] for name in targets}
        for number in range(options.rounds):
            for name, port in targets.items():
                try:
                    result = wrk(
                        f"http://127.0.0.1:{port}{path}", options.duration, headers=headers
                    )
                except Exception as error:  # noqa: BLE001 - one failed round is reported
                    print(f"  round {number + 1} {name}: {error}")
                    continue
                runs[name].append(result)
                print(
                    f"  round {number + 1} {name:<13} {result['rps']:>9.0f} req/s  "
                    f"p50 {fmt(result['p50'], '.2f')} ms  p99 {fmt(result['p99'], '.2f')} ms"
                    + (f"  non-2xx {result['non2xx']}" if result["non2xx"] else "")
                    + (f"  socket errors {result['socket']}" if result["errors"] else "")
                )
        print(
            f"  {'median':<22} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'non-2xx':>8} {'errors':>7}"
        )
        rps = {}
        for name, results in runs.items():
            rps[name] = median([result["rps"] for result in results])
            print(
                f"  {name:<22} {fmt(rps[name]):>9} "
                f"{fmt(median([r['p50'] for r in results]), '.2f'):>8} "
                f"{fmt(median([r['p99'] for r in results]), '.2f'):>8} "
                f"{sum(r['non2xx'] for r in results):>8} {sum(r['errors'] for r in results):>7}"
            )
        nginx = rps.get("nginx static")
        serve_share = ratio(rps.get("polosa serve"), nginx)
        varnish_share = ratio(rps.get("Varnish"), nginx)
        print(
            f"  serve / nginx   {pct(serve_share):>7}  target ≥ 25 %  "
            f"{verdict(serve_share, 0.25)} ({encoding})"
        )
        print(
            f"  varnish / nginx {pct(varnish_share):>7}  "
            f"target ≥ 80 %  {verdict(varnish_share, 0.80)} ({encoding})"
        )

    # -- step 4 --

    def lua(self, header: str) -> Path:
        script = self.tmp / f"walk-{header}.lua"
        script.write_text(
            LUA.replace("@URLS@", str(self.tmp / "urls.txt"))
            .replace("@HEADER@", header)
            .replace("@THREADS@", "2")
        )
        return script

    def newsroom(self) -> None:
        seconds = self.options.newsroom_seconds
        targets = [("polosa serve", self.app_port, "x-polosa-cache")]
        if self.varnish_port:
            targets.append(("Varnish", self.varnish_port, "x-cache"))
        print(
            f"  wrk -t2 -c16 walking {len(self.urls)} URLs; quiet {seconds:g} s, then busy "
            f"{seconds:g} s (a re-publication every 5 s, a vote every second)"
        )
        for name, port, header in targets:
            with Step(f"newsroom hour through {name}"):
                self.newsroom_target(name, port, header, seconds)

    def warm_all(self, port: int, header: str) -> dict:
        """Every URL until three answers in a row are cache hits (each worker process of
        ``polosa serve`` has its own cache without Redis), at most eight tries a URL."""
        from concurrent.futures import ThreadPoolExecutor

        def one(path: str) -> tuple[int, bool]:
            streak = 0
            for tries in range(1, 9):
                try:
                    status, headers, _ = get(port, path, timeout=30)
                except OSError:
                    continue
                hit = status == 200 and headers.get(header, "").lower().startswith("hit")
                streak = streak + 1 if hit else 0
                if streak == 3:
                    return tries, True
            return 8, False

        started = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            done = list(pool.map(one, self.urls))
        return {
            "seconds": time.monotonic() - started,
            "requests": sum(tries for tries, _ in done),
            "cold": sum(not steady for _, steady in done),
        }

    def newsroom_target(self, name: str, port: int, header: str, seconds: float) -> None:
        script = self.lua(header)
        url = f"http://127.0.0.1:{port}/"
        warm = self.warm_all(port, header)
        print(
            f"  warmed {len(self.urls)} URLs in {warm['seconds']:.1f} s "
            f"({warm['requests']} requests, {warm['cold']} never a steady hit)"
        )
        quiet = wrk(url, seconds, script)
        side_answer: dict = {}
        side_error: list[BaseException] = []

        def side() -> None:
            try:
                side_answer.update(
                    self.ask(
                        {
                            "cmd": "busy",
                            "seconds": seconds,
                            "publish_every": 5,
                            "vote_every": 1,
                            "vote_base": f"http://127.0.0.1:{port}",
                            "titles": self.info["titles"],
                        },
                        timeout=seconds + 120,
                    )
                )
            except Exception as error:  # noqa: BLE001 - printed below
                side_error.append(error)

        thread = threading.Thread(target=side)
        thread.start()
        busy = wrk(url, seconds, script)
        thread.join()
        print(
            f"  {name:<13} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} "
            f"{'errors':>7} {'hit %':>7} {'miss':>6} {'no hdr':>6}"
        )
        shares = {}
        for phase, result in (("quiet", quiet), ("busy", busy)):
            lua = result.get("lua", {})
            answered = lua.get("hits", 0) + lua.get("misses", 0) + lua.get("nohdr", 0)
            shares[phase] = lua.get("hits", 0) / answered if answered else None
            print(
                f"  {phase:<13} {result['rps']:>8.0f} {fmt(result['p50'], '.2f'):>8} "
                f"{fmt(result['p99'], '.2f'):>8} {result['non2xx']:>8} {result['errors']:>7} "
                f"{pct(shares[phase], '.1f'):>7} "
                f"{lua.get('misses', '–'):>6} {lua.get('nohdr', '–'):>6}"
            )
            if lua.get("s4") or lua.get("s5"):
                print(
                    f"    statuses: 2xx {lua['s2']}, 3xx {lua['s3']}, "
                    f"4xx {lua['s4']}, 5xx {lua['s5']}"
                )
        if side_error:
            print(f"  !! the newsroom side process failed: {side_error[0]}")
        else:
            publish_ms = side_answer.get("publish_ms", [])
            print(
                f"  side: {side_answer.get('publishes', 0)} re-publications "
                f"(median {fmt(median(publish_ms), '.0f')} ms each), votes by status "
                f"{side_answer.get('votes')} "
                f"(median {fmt(median(side_answer.get('vote_ms', [])), '.0f')} ms)"
            )
            for error in side_answer.get("publish_errors", [])[:3]:
                print(f"  !! publish failed: {error}")
        throughput = ratio(busy["rps"], quiet["rps"])
        p99 = ratio(busy["p99"], quiet["p99"])
        print(
            f"  busy/quiet throughput {pct(throughput):>6}  "
            f"target ≥ 90 %  {verdict(throughput, 0.90)}"
        )
        print(
            f"  busy hit share        {pct(shares['busy'], '.1f'):>6}  "
            f"target ≥ 97 %  {verdict(shares['busy'], 0.97)}"
        )
        print(
            f"  busy/quiet p99        {fmt(p99, '.1f', '×'):>6}    target ≤ 3×    "
            f"{verdict(p99, 3.0, higher_is_better=False)}"
        )

    # -- step 5 --

    def publish_visible(self) -> None:
        info = self.ask({"cmd": "info"})
        page_id, article, rubric = info["page_id"], info["url"], info["rubric_url"]
        original = re.sub(r" LB[0-9a-f]{8}$", "", info["title"])
        targets = [("polosa serve", self.app_port)]
        if self.varnish_port:
            targets.append(("Varnish", self.varnish_port))
        section = self.sitemap_section or "/sitemap-articles.xml"
        print(
            f"  {article} (newest, id {page_id}) re-published {PUBLISH_REPEATS}× with a new title; "
            f"polled every {POLL_EVERY * 1000:.0f} ms for up to {POLL_FOR:g} s"
        )
        checks = {
            "article": article,
            "rubric": rubric,
            "/feeds/rss/": "/feeds/rss/",
            "sitemap": section,
        }
        lastmod = re.compile(rf"<loc>[^<]*{re.escape(article)}</loc>\s*<lastmod>([^<]+)</lastmod>")
        seen: dict[tuple[str, str], list[float | None]] = {}
        publish_ms = []
        for _ in range(PUBLISH_REPEATS):
            token = f"LB{uuid.uuid4().hex[:8]}"
            before: dict[tuple[str, str], str | None] = {}
            for name, port in targets:  # in every cache before the change
                for check, path in checks.items():
                    for _ in range(2):
                        _, _, body = get(port, path)
                    found = lastmod.search(body.decode(errors="replace"))
                    before[name, check] = found.group(1) if found else None
            answer = self.ask(
                {"cmd": "publish", "page_id": page_id, "title": f"{original} {token}"}
            )
            publish_ms.append((answer["t_done"] - answer["t_start"]) * 1000)
            results: dict[tuple[str, str], float | None] = {}

            def poll(
                name: str,
                port: int,
                check: str,
                path: str,
                since: float,
                token=token,
                before=before,
                results=results,
            ) -> None:
                deadline = since + POLL_FOR
                while time.time() < deadline:
                    tick = time.time()
                    try:
                        status, _, body = get(port, path, timeout=5)
                        text = body.decode(errors="replace")
                    except OSError:
                        status, text = 0, ""
                    if status == 200:
                        if check == "sitemap":
                            found = lastmod.search(text)
                            changed = found is not None and found.group(1) != before[name, check]
                        else:
                            changed = token in text
                        if changed:
                            results[name, check] = time.time() - since
                            return
                    time.sleep(max(0.0, POLL_EVERY - (time.time() - tick)))
                results[name, check] = None

            threads = [
                threading.Thread(target=poll, args=(name, port, check, path, answer["t_done"]))
                for name, port in targets
                for check, path in checks.items()
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for key, value in results.items():
                seen.setdefault(key, []).append(value)
        print(f"  publish() took {fmt(median(publish_ms), '.0f')} ms (median); then visible after:")
        print(f"  {'':<14}" + "".join(f"{check:>14}" for check in checks))
        for name, _ in targets:
            cells = []
            for check in checks:
                values = seen.get((name, check), [])
                shown = [value for value in values if value is not None]
                if len(shown) == len(values) and values:
                    cells.append(f"{median(shown) * 1000:.0f} ms")
                elif shown:
                    cells.append(f"{median(shown) * 1000:.0f} ms ({len(shown)}/{len(values)})")
                else:
                    cells.append(f"> {POLL_FOR:g} s")
            print(f"  {name:<14}" + "".join(f"{cell:>14}" for cell in cells))

    # -- after --

    def app_errors(self) -> None:
        for name in ("serve", "worker", "side"):
            log = self.logs.get(name)
            if log is None or not log.exists():
                continue
            lines = log.read_text(errors="replace").splitlines()
            bad = [
                line
                for line in lines
                if re.search(r"Traceback|ERROR|Error:|Exception| 500 |CRITICAL", line)
            ]
            if bad:
                print(f"  {name}.log: {len(bad)} error lines, first: ")
                for line in bad[:4]:
                    print(f"    {line[:160]}")
            else:
                print(f"  {name}.log: no errors ({len(lines)} lines)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server to create polosa_load_bench on")
    parser.add_argument(
        "--redis-url", help="a dedicated Redis database, e.g. redis://127.0.0.1:6379/14"
    )
    parser.add_argument("--duration", type=float, default=5, help="wrk seconds per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--newsroom-seconds", type=float, default=30, help="per phase")
    parser.add_argument("--no-varnish", action="store_true")
    parser.add_argument("--no-worker", action="store_true", help="do not run polosa worker")
    parser.add_argument(
        "--source",
        help="the Polosa source tree to run (default: this checkout), e.g. a "
        "`git archive HEAD | tar -x -C DIR` copy to measure the committed code",
    )
    parser.add_argument("--keep", action="store_true", help="leave the temporary folder")
    options = parser.parse_args()
    missing = [tool for tool in ("wrk",) if not shutil.which(tool)]
    if missing:
        sys.exit(f"missing: {', '.join(missing)} (apt-get install wrk nginx-light)")
    bench = Bench(options)
    started = time.monotonic()
    print(f"Polosa load benchmark: code {bench.source}, temporary folder {bench.tmp}")
    try:
        with Step("site") as site:
            bench.prepare_database()
            try:
                bench.prepare_redis()
            except RuntimeError as error:
                print(f"  !! {error}")
            bench.demo()
        if site.failed:
            print("  no site, nothing to measure")
            return
        with Step("servers") as servers:
            bench.start_varnish()
            bench.start_serve()
            bench.start_worker()
        if servers.failed and not bench.app_port_open():
            print("  polosa serve is not running, nothing to measure")
            return
        with Step("URLs"):
            bench.collect_urls()
        with Step("nginx"):
            bench.start_nginx()
        with Step("side process"):
            bench.start_side()
        if bench.article_path:
            with Step("cached article"):
                bench.cached_article()
        if bench.urls:
            print("\n== newsroom hour (shortened)")
            bench.newsroom()
        with Step("publish → visible"):
            bench.publish_visible()
        with Step("logs"):
            bench.app_errors()
    finally:
        bench.stop_all()
        bench.drop_database()
        bench.flush_redis()
        if options.keep:
            print(f"\nkept {bench.tmp}")
        else:
            shutil.rmtree(bench.tmp, ignore_errors=True)
        elapsed = time.monotonic() - started
        print(
            f"\ndone in {elapsed:.0f} s"
            + (f"; failed steps: {len(Step.failures)}" if Step.failures else "")
        )
        for failure in Step.failures:
            print(f"  - {failure}")


if __name__ == "__main__":
    main()
