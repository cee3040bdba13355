"""A real ``varnishd`` running ``deploy/varnish.vcl``, and a loopback origin to put behind it.

``start_varnish(host, port, workdir)`` renders the shipped VCL with only the backend's
``.host``/``.port`` lines changed, runs ``varnishd -F`` on a free 127.0.0.1 port with its
own ``-n`` directory and waits until it answers. Fixtures:

- ``origin`` / ``origin_varnish``: a scriptable threaded ``http.server`` (module scope) and
  a Varnish in front of it, for the VCL's own behaviour (tests use unique paths and keys);
- ``varnish``: a Varnish in front of pytest-django's ``live_server`` (the real site).

Everything listens on and talks to 127.0.0.1 only, and every HTTP call has a timeout.
"""

from __future__ import annotations

import contextlib
import glob
import http.client
import itertools
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

VCL_PATH = Path(__file__).resolve().parents[2] / "deploy" / "varnish.vcl"
NEEDS_VARNISH = "needs Varnish: apt-get install varnish varnish-modules; .ci/run does"
HTTP_TIMEOUT = 5.0
START_TIMEOUT = 30.0

_BACKEND_RE = re.compile(
    r'(backend default \{\s*\.host = )"[^"]*";(\s*\.port = )"[^"]*";', re.MULTILINE
)


def varnishd_path() -> str | None:
    return shutil.which("varnishd") or next(
        (p for p in ("/usr/sbin/varnishd", "/usr/local/sbin/varnishd") if os.access(p, os.X_OK)),
        None,
    )


def xkey_installed() -> bool:
    return bool(
        glob.glob("/usr/lib/*/varnish/vmods/libvmod_xkey.so")
        + glob.glob("/usr/lib/varnish/vmods/libvmod_xkey.so")
        + glob.glob("/usr/local/lib/varnish/vmods/libvmod_xkey.so")
    )


def require_varnish() -> str:
    """The varnishd binary, or skip (a failure in CI) when Varnish or vmod xkey is missing."""
    path = varnishd_path()
    if path is None or not xkey_installed():
        pytest.skip(NEEDS_VARNISH)
    return path


def render_vcl(host: str, port: int, source: str | None = None) -> str:
    """The shipped VCL with the default backend pointed at ``host:port``, nothing else changed."""
    source = VCL_PATH.read_text() if source is None else source
    rendered, count = _BACKEND_RE.subn(rf'\g<1>"{host}";\g<2>"{port}";', source)
    if count != 1:
        raise AssertionError(f"{VCL_PATH}: expected one `backend default` with .host/.port")
    return rendered


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def cache(self) -> str | None:
        return self.headers.get("X-Cache")


def http_request(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    *,
    body: bytes | None = None,
    source: str | None = None,
    timeout: float = HTTP_TIMEOUT,
) -> Response:
    """One request to 127.0.0.1:``port``, from ``source`` (another loopback address) if given."""
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=timeout, source_address=(source, 0) if source else None
    )
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        conn.close()


@dataclass
class Varnish:
    """A running varnishd: ``url``, ``port`` and a small HTTP client."""

    process: subprocess.Popen
    port: int
    workdir: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, headers: dict | None = None, **kw) -> Response:
        return http_request(self.port, method, path, headers, **kw)

    def get(self, path: str, headers: dict | None = None, **kw) -> Response:
        return self.request("GET", path, headers, **kw)

    def purge_keys(self, *keys: str, source: str | None = None) -> Response:
        return self.request("PURGE", "/", {"xkey-purge": " ".join(keys)}, source=source)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the manager stops its worker child
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        # The session started for this varnishd: its worker child, if it outlived it.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait(timeout=5)


def start_varnish(backend_host: str, backend_port: int, workdir: Path) -> Varnish:
    """Start varnishd on a free loopback port in front of ``backend_host:backend_port``."""
    varnishd = require_varnish()
    workdir.mkdir(parents=True, exist_ok=True)
    vcl = workdir / "test.vcl"
    vcl.write_text(render_vcl(backend_host, backend_port))
    log = workdir / "varnishd.log"
    last_error = ""
    for _attempt in range(3):  # a free port can be taken between probing and binding
        port = free_port()
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    varnishd,
                    "-F",  # foreground: this process is the manager, killed at teardown
                    "-j",
                    "none",  # no privilege separation: the working dir is ours
                    "-n",
                    str(workdir / "n"),
                    "-a",
                    f"127.0.0.1:{port}",
                    "-T",
                    "none",  # no management port
                    "-f",
                    str(vcl),
                    "-s",
                    "malloc,64m",
                    "-p",
                    "vcc_allow_inline_c=off",
                    "-p",
                    "thread_pools=1",
                    "-p",
                    "thread_pool_min=10",
                ],  # fmt: skip
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        varnish = Varnish(process, port, workdir, log)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                # A URL purge is answered by Varnish itself once the worker runs.
                if varnish.request("PURGE", "/__ready__", timeout=1).status == 200:
                    return varnish
            except OSError:
                pass
            time.sleep(0.1)
        varnish.stop()
        last_error = log.read_text(errors="replace")[-3000:]
        if "Address already in use" not in last_error:
            break
    raise RuntimeError(f"varnishd did not start with {VCL_PATH}:\n{last_error}")


# ---------------------------------------------------------------------------- the origin


@dataclass
class Route:
    """What the origin answers for a path. ``{n}`` in the body is the fetch count; with an
    ``etag``, a request whose ``If-None-Match`` names it gets a 304."""

    body: str = "{path} v{n}"
    headers: list[tuple[str, str]] = field(default_factory=list)
    status: int = 200
    cache_control: str | None = "public, max-age=0, s-maxage=60"
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None


@dataclass
class Seen:
    method: str
    path: str
    headers: http.client.HTTPMessage
    client: str


class Origin:
    """A threaded loopback HTTP/1.1 server answering from ``routes``; it records requests."""

    def __init__(self) -> None:
        # Varnish's backend probe (deploy/varnish.vcl) asks it every second.
        self.routes: dict[str, Route] = {"/healthz": Route(body="ok", cache_control=None)}
        self.seen: list[Seen] = []
        self.fetches: Counter[str] = Counter()
        self._lock = threading.Lock()
        origin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 30  # idle keep-alive connections from Varnish end eventually

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                path = self.path
                with origin._lock:
                    origin.seen.append(
                        Seen(self.command, path, self.headers, self.client_address[0])
                    )
                    origin.fetches[path] += 1
                    n = origin.fetches[path]
                route = origin.routes.get(path) or origin.routes.get(path.split("?")[0])
                if route is None:
                    route = Route(body="not found", status=404, cache_control="no-store")
                body = route.body.format(path=path, n=n).encode()
                status = route.status
                if route.etag and route.etag in self.headers.get("If-None-Match", ""):
                    status, body = 304, b""
                self.send_response(status)
                if status != 304:
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(len(body)))
                if route.cache_control:
                    self.send_header("Cache-Control", route.cache_control)
                if route.etag:
                    self.send_header("ETag", route.etag)
                for name, value in route.headers:
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_HEAD = do_POST = _answer  # noqa: N815

            def log_message(self, format, *args):  # noqa: A002 - quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> Origin:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)

    def route(self, path: str, **kw) -> str:
        self.routes[path] = Route(**kw)
        return path

    def requests_for(self, path: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.path == path]


_unique = itertools.count(1)


@pytest.fixture(scope="module")
def origin() -> Iterator[Origin]:
    server = Origin().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def origin_varnish(origin, tmp_path_factory) -> Iterator[Varnish]:
    """Varnish (the shipped VCL) in front of ``origin``, shared by a module's tests."""
    require_varnish()
    varnish = start_varnish("127.0.0.1", origin.port, tmp_path_factory.mktemp("varnish"))
    yield varnish
    varnish.stop()


@pytest.fixture
def unique(request) -> Callable[[str], str]:
    """``unique("page")`` → a name no other test uses (paths, keys) on the shared Varnish."""
    prefix = f"t{next(_unique)}"
    return lambda name: f"{prefix}-{name}"


@pytest.fixture
def varnish_factory(tmp_path) -> Iterator[Callable[[str, int], Varnish]]:
    """``varnish_factory(host, port)`` starts a Varnish in front of that backend."""
    started: list[Varnish] = []

    def start(host: str, port: int) -> Varnish:
        varnish = start_varnish(host, port, tmp_path / f"varnish{len(started)}")
        started.append(varnish)
        return varnish

    yield start
    for varnish in started:
        varnish.stop()


@pytest.fixture
def varnish(live_server, varnish_factory) -> Varnish:
    """Varnish in front of pytest-django's live server (the real site, test database)."""
    require_varnish()
    return varnish_factory("127.0.0.1", live_server.thread.port)
