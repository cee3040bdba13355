"""A live blog under load, through a real server on 127.0.0.1.

Usage: ``.venv/bin/python bench/live.py [--quiet 20] [--busy 45] [--readers 100]
[--poll-every 15] [--entry-every 10] [--redis-url redis://127.0.0.1:6379/N] [--keep]``.
Needs ``wrk`` (Debian: ``apt-get install wrk``). All traffic stays on 127.0.0.1; with the
defaults the measured part takes 85 s and a last round of polls; the set-up (the demo)
takes a few minutes on a loaded machine.

1. A throwaway site in a temporary ``POLOSA_VAR_DIR`` (SQLite; with ``--redis-url`` a
   dedicated Redis database, flushed first): ``polosa demo --no-serve``, whose live blog
   gets the new entries. The other pages are the home page, the rubrics and the articles
   of the sitemaps (the live blogs left out).
2. ``polosa serve --workers 2`` (granian), every URL warmed.
3. Quiet: ``wrk -t2 -c16`` walking the other pages for ``--quiet`` seconds (and again
   after the busy phase: the busy figure is compared with the mean of the two).
4. Busy, for ``--busy`` seconds: the same wrk, while a writer process adds an entry through
   ``polosa.live.services.add_entry`` every ``--entry-every`` seconds and ``--readers``
   readers (threads here, each from a random phase) poll the blog's entries endpoint every
   ``--poll-every`` seconds as the page's script does (``since/<version>/``, starting from
   the version the page shows, with ``If-None-Match``).
5. Printed side by side: req/s, p50 and p99 of the other pages quiet and busy and their
   ratio (target ≥ 90 %); for every entry and reader, the delay from the entry's commit to
   the poll that brought it (median, p95 and max; target max ≤ 16 s); the poll answers by
   status and cache state.

Client and server share this machine's cores: compare the rows of one run with each other.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
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
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable

LUA = r"""
local urls = {}
for line in io.lines("@URLS@") do
  if #line > 0 then urls[#urls + 1] = line end
end
local created = 0
function setup(thread)
  thread:set("tid", created)
  created = created + 1
end
function init(args)
  reqs = {}
  for i, u in ipairs(urls) do reqs[i] = wrk.format("GET", u) end
  n = #reqs
  pos = (tid * math.floor(n / 2)) % n
end
function request()
  pos = pos % n + 1
  return reqs[pos]
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None, timeout: float = 10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        found = {name.lower(): value for name, value in response.getheaders()}
        return response.status, found, response.read()
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fmt(value: float | None, spec: str = ".1f") -> str:
    return "–" if value is None else f"{value:{spec}}"


def wrk(url: str, seconds: float, script: Path) -> dict:
    command = ["wrk", "-t2", "-c16", f"-d{seconds:g}s", "--latency", "--timeout", "5s"]
    done = subprocess.run(
        [*command, "-s", str(script), url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    output = done.stdout + done.stderr
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"wrk exited {done.returncode}: {output.strip()[-300:]}")
    units = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
    latency = {
        float(percent): float(number) * units[unit]
        for percent, number, unit in re.findall(
            r"^\s*(\d+)%\s+([\d.]+)(us|ms|s)\s*$", output.split("Latency Distribution")[-1], re.M
        )
    }
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": float(found.group(1)),
        "p50": latency.get(50.0),
        "p99": latency.get(99.0),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
    }


# --- the writer: a process of its own, as an editor's request would be ------------------


def write_entries(blog_id: int, seconds: float, every: float) -> None:
    """Add an entry every ``every`` seconds for ``seconds``; print ``ENTRY <id> <time>``
    once each is committed (the bench measures delays from that moment)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    import django

    django.setup()
    from polosa.live import services
    from polosa.live.models import LiveBlogPage

    blog = LiveBlogPage.objects.get(pk=blog_id)
    deadline = time.monotonic() + seconds
    number = 0
    while time.monotonic() < deadline:
        started = time.monotonic()
        number += 1
        entry = services.add_entry(
            blog, body=[("paragraph", f"<p>Запись нагрузочного теста номер {number}.</p>")]
        )
        print(f"ENTRY {entry.pk} {time.time():.3f} {time.monotonic() - started:.3f}", flush=True)
        time.sleep(max(0.0, every - (time.monotonic() - started)))


# --- the bench ------------------------------------------------------------------------------


class Bench:
    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.tmp = Path(tempfile.mkdtemp(prefix="polosa-live-"))
        self.port = free_port()
        self.processes: list[subprocess.Popen] = []
        self.env = dict(os.environ)
        for name in ("DATABASE_URL", "REDIS_URL", "POLOSA_VARNISH_URL", "DJANGO_SETTINGS_MODULE"):
            self.env.pop(name, None)
        self.env.update(
            DEBUG="0",
            SECRET_KEY="bench",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            POLOSA_BASE_URL=f"http://127.0.0.1:{self.port}",
            POLOSA_VAR_DIR=str(self.tmp / "var"),
            POLOSA_TELEGRAM_TOKEN="",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        if options.redis_url:
            import redis

            redis.Redis.from_url(options.redis_url).flushdb()
            self.env["REDIS_URL"] = options.redis_url

    def polosa(self, *args: str) -> str:
        done = subprocess.run(
            [PYTHON, "-m", "polosa", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"polosa {' '.join(args)}: {done.stderr.strip()[-500:]}")
        return done.stdout

    def start(self, command: list[str], **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, start_new_session=True, **kwargs
        )
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        if not self.options.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def live_blog(self) -> tuple[int, str, list[str]]:
        """The live demo blog's id and path, and every live blog's path."""
        script = (
            "from polosa.live.models import LiveBlogPage as L;"
            "import json;"
            "print(json.dumps([[b.pk, b.url, b.status] for b in L.objects.live()]))"
        )
        output = self.polosa("shell", "-c", script)
        blogs = json.loads(output.strip().splitlines()[-1])
        live = next(blog for blog in blogs if blog[2] == "live")
        return live[0], live[1], [blog[1] for blog in blogs]

    def other_urls(self, excluded: list[str]) -> list[str]:
        status, _, body = get(self.port, "/sitemap.xml", timeout=60)
        if status != 200:
            raise RuntimeError(f"/sitemap.xml: HTTP {status}")
        urls: dict[str, None] = {"/": None}
        for section in re.findall(r"<loc>([^<]+)</loc>", body.decode()):
            status, _, listing = get(self.port, urlsplit(section).path, timeout=60)
            for loc in re.findall(r"<loc>([^<]+)</loc>", listing.decode()):
                path = urlsplit(loc).path
                if path not in excluded and (path.count("/") in (2, 3)):
                    urls[path] = None
        return list(urls)[:300]

    def warm(self, urls: list[str]) -> None:
        # Each worker process keeps its own copy without Redis: several rounds reach both.
        for _ in range(4):
            for url in urls:
                with contextlib.suppress(OSError):
                    get(self.port, url, timeout=30)

    def run(self) -> None:
        options = self.options
        print(f"== set-up in {self.tmp}")
        started = time.monotonic()
        (self.tmp / "var").mkdir()
        self.polosa("demo", "--no-serve")
        print(f"  polosa demo --no-serve: {time.monotonic() - started:.0f} s")
        blog_id, blog_path, blog_paths = self.live_blog()
        server_log = (self.tmp / "serve.log").open("wb")
        self.start(
            [PYTHON, "-m", "polosa", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
            + ["--workers", "2"],
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(self.port, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("polosa serve did not answer in 60 s") from None
                time.sleep(0.3)
        urls = self.other_urls(blog_paths)
        (self.tmp / "urls.txt").write_text("\n".join(urls) + "\n")
        script = self.tmp / "walk.lua"
        script.write_text(LUA.replace("@URLS@", str(self.tmp / "urls.txt")))
        self.warm(urls)
        print(f"  polosa serve --workers 2 on 127.0.0.1:{self.port}; {len(urls)} other pages")
        print(f"  live blog {blog_path} (id {blog_id})")

        print(f"\n== quiet: wrk -t2 -c16 for {options.quiet:g} s")
        quiet = wrk(f"http://127.0.0.1:{self.port}/", options.quiet, script)

        print(
            f"== busy: the same for {options.busy:g} s, an entry every {options.entry_every:g} s, "
            f"{options.readers} readers polling every {options.poll_every:g} s"
        )
        entries: dict[int, float] = {}
        write_times: list[float] = []
        writer = self.start(
            [PYTHON, __file__, "--write-entries", str(blog_id), "--busy", str(options.busy)]
            + ["--entry-every", str(options.entry_every)],
            stdout=subprocess.PIPE,
            stderr=(self.tmp / "writer.log").open("wb"),
            text=True,
        )

        def read_writer() -> None:
            for line in writer.stdout:
                if line.startswith("ENTRY "):
                    _, pk, at, took = line.split()
                    entries[int(pk)] = float(at)
                    write_times.append(float(took))

        stop = threading.Event()
        seen: list[tuple[int, float]] = []
        answers: dict[str, int] = {}
        lock = threading.Lock()
        first_version = self.version(blog_path)

        def reader() -> None:
            version, etag, url = first_version, "", ""
            time.sleep(random.uniform(0, options.poll_every))
            while not stop.is_set():
                path = f"/_fragments/live/{blog_id}/since/{version}/"
                headers = {"If-None-Match": etag} if etag and path == url else {}
                try:
                    status, found, body = get(self.port, path, headers=headers)
                except OSError:
                    status, found, body = 0, {}, b""
                at = time.time()
                state = f"{status} {found.get('x-polosa-cache', '-')}"
                with lock:
                    answers[state] = answers.get(state, 0) + 1
                if status == 200:
                    data = json.loads(body)
                    with lock:
                        seen.extend((entry["id"], at) for entry in data["entries"])
                    url, etag = path, found.get("etag", "")
                    version = max(version, data["version"])
                stop.wait(options.poll_every)

        threads = [threading.Thread(target=read_writer, daemon=True)]
        threads += [threading.Thread(target=reader, daemon=True) for _ in range(options.readers)]
        for thread in threads:
            thread.start()
        busy = wrk(f"http://127.0.0.1:{self.port}/", options.busy, script)
        writer.wait(30)
        # Readers keep polling one more round, so the last entry is measured too.
        time.sleep(options.poll_every + 1)
        stop.set()
        for thread in threads[1:]:
            thread.join(20)
        print(f"== quiet again: wrk -t2 -c16 for {options.quiet:g} s")
        after = wrk(f"http://127.0.0.1:{self.port}/", options.quiet, script)
        self.report([quiet, after], busy, entries, seen, answers, write_times)

    def version(self, blog_path: str) -> int:
        """The version the blog's page shows (what its script polls after)."""
        _, _, body = get(self.port, blog_path)
        return int(re.search(rb'data-version="(\d+)"', body).group(1))

    def report(self, quiets, busy, entries, seen, answers, write_times) -> None:
        options = self.options
        print(f"\n  {'other pages':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
        phases = (("quiet before", quiets[0]), ("busy", busy), ("quiet after", quiets[1]))
        for name, result in phases:
            print(
                f"  {name:<12} {result['rps']:>8.0f} {fmt(result['p50'], '.2f'):>8} "
                f"{fmt(result['p99'], '.2f'):>8} {result['non2xx']:>8}"
            )
        quiet_rps = statistics.mean(result["rps"] for result in quiets)
        share = busy["rps"] / quiet_rps if quiet_rps else None
        print(
            f"  busy / mean of the quiet phases: {fmt(share * 100 if share else None, '.0f')} % "
            f"(target ≥ 90 %: {'ok' if share and share >= 0.9 else 'BELOW TARGET'})"
        )
        delays = [at - entries[pk] for pk, at in seen if pk in entries]
        print(
            f"\n  entries written: {len(entries)} (add_entry median "
            f"{fmt(statistics.median(write_times) * 1000 if write_times else None, '.0f')} ms); "
            f"{len(delays)} deliveries to {options.readers} readers "
            f"(wanted {len(entries) * options.readers})"
        )
        worst = max(delays) if delays else None
        print(
            f"  entry → polling reader: median {fmt(percentile(delays, 0.5))} s, "
            f"p95 {fmt(percentile(delays, 0.95))} s, max {fmt(worst)} s "
            f"(target ≤ 16 s: {'ok' if worst is not None and worst <= 16 else 'ABOVE TARGET'})"
        )
        print(
            "  poll answers (status cache): "
            + ", ".join(f"{state}: {count}" for state, count in sorted(answers.items()))
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quiet", type=float, default=20)
    parser.add_argument("--busy", type=float, default=45)
    parser.add_argument("--readers", type=int, default=100)
    parser.add_argument("--poll-every", type=float, default=15)
    parser.add_argument("--entry-every", type=float, default=10)
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--write-entries", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.write_entries:
        write_entries(options.write_entries, options.busy, options.entry_every)
        return
    if not shutil.which("wrk"):
        sys.exit("needs wrk (apt-get install wrk)")
    bench = Bench(options)
    try:
        bench.run()
    finally:
        bench.stop()


if __name__ == "__main__":
    main()
