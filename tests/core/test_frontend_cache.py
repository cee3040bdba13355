"""XkeyVarnishBackend against a fake cache on loopback that records what it is sent."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from polosa.core.frontend_cache import (
    MAX_HEADER_BYTES,
    MAX_KEYS_PER_REQUEST,
    PurgeFailed,
    XkeyVarnishBackend,
    chunk_keys,
    key_purging_backends,
    url_purging_backends,
)


@dataclass
class FakeCache:
    port: int
    received: list[dict] = field(default_factory=list)
    status: int = 200
    delay: float = 0.0

    @property
    def location(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def fake_cache() -> Iterator[FakeCache]:
    state = FakeCache(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802
            state.received.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "host": self.headers.get("Host"),
                    "keys": self.headers.get("xkey-purge"),
                    **(
                        {"soft": self.headers["xkey-softpurge"]}
                        if "xkey-softpurge" in self.headers
                        else {}
                    ),
                }
            )
            time.sleep(state.delay)
            body = b"Purged"
            self.send_response(state.status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def backend_for(location: str, **params) -> XkeyVarnishBackend:
    return XkeyVarnishBackend({"LOCATION": location, **params})


def test_purge_keys_sends_one_purge_with_the_keys(fake_cache):
    backend_for(fake_cache.location).purge_keys(
        ["article-12", "rubric-3", "article-12", "settings"]
    )
    assert fake_cache.received == [
        {
            "method": "PURGE",
            "path": "/",
            "host": f"127.0.0.1:{fake_cache.port}",
            "keys": "article-12 rubric-3 settings",
        }
    ]


def test_a_soft_purge_names_its_keys_in_xkey_softpurge(fake_cache):
    backend_for(fake_cache.location).purge_keys(["listing-site", "listing-tag-4"], soft=True)
    assert [(r["keys"], r["soft"]) for r in fake_cache.received] == [
        (None, "listing-site listing-tag-4")
    ]


def test_no_keys_no_request(fake_cache):
    backend_for(fake_cache.location).purge_keys([])
    assert fake_cache.received == []


def test_many_keys_are_sent_in_chunks(fake_cache):
    keys = [f"article-{n}" for n in range(450)]
    backend_for(fake_cache.location).purge_keys(iter(keys))
    sent = [r["keys"].split(" ") for r in fake_cache.received]
    assert [len(chunk) for chunk in sent] == [200, 200, 50]
    assert [key for chunk in sent for key in chunk] == keys


def test_chunks_stay_under_the_header_limit():
    keys = [f"{n:03d}-" + "x" * 96 for n in range(100)]  # 100 bytes each
    chunks = list(chunk_keys(keys))
    assert [len(c) for c in chunks] == [39, 39, 22]  # 39 keys + 38 spaces = 3938 bytes
    assert all(len(" ".join(c)) <= MAX_HEADER_BYTES for c in chunks)
    assert all(len(c) <= MAX_KEYS_PER_REQUEST for c in chunks)
    assert [k for c in chunks for k in c] == keys
    assert list(chunk_keys(["a" * MAX_HEADER_BYTES])) == [["a" * MAX_HEADER_BYTES]]


@pytest.mark.parametrize("bad", ["", "two words", "a,b", "line\nbreak", "ключ", "x" * 4001])
def test_malformed_keys_are_refused_before_anything_is_sent(fake_cache, bad):
    with pytest.raises(ValueError):
        backend_for(fake_cache.location).purge_keys(["article-1", bad])
    assert fake_cache.received == []


@pytest.mark.parametrize("status", [500, 503, 403, 405])
def test_an_error_answer_raises(fake_cache, status):
    fake_cache.status = status
    with pytest.raises(PurgeFailed, match=str(status)):
        backend_for(fake_cache.location).purge_keys(["article-1"])


def test_a_closed_port_raises():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nobody listens
    with pytest.raises(PurgeFailed, match="unreachable"):
        backend_for(f"http://127.0.0.1:{port}").purge_keys(["article-1"])


def test_a_slow_cache_times_out(fake_cache):
    fake_cache.delay = 1.0
    with pytest.raises(PurgeFailed, match="timed out"):
        backend_for(fake_cache.location, TIMEOUT=0.2).purge_keys(["article-1"])


def test_the_default_timeout_is_two_seconds():
    assert backend_for("http://127.0.0.1:1").timeout == 2.0


def test_purge_by_url_keeps_the_page_host(fake_cache):
    backend = backend_for(fake_cache.location)
    backend.purge_batch(["https://polosa.example/kino/film/", "https://polosa.example:8443/?p=2"])
    assert [(r["path"], r["host"], r["keys"]) for r in fake_cache.received] == [
        ("/kino/film/", "polosa.example", None),
        ("/?p=2", "polosa.example:8443", None),
    ]
    fake_cache.status = 500
    with pytest.raises(PurgeFailed):
        backend.purge("https://polosa.example/kino/film/")


def test_backends_are_sorted_by_what_they_purge(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "polosa.core.frontend_cache.XkeyVarnishBackend",
            "LOCATION": "http://127.0.0.1:6081",
        },
        "plain": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:6082",
        },
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": "token",
            "ZONEID": "zone",
        },
    }
    by_key = key_purging_backends()
    assert [type(b).__name__ for b in by_key] == ["XkeyVarnishBackend"]
    assert by_key[0].cache_netloc == "127.0.0.1:6081"
    assert sorted(type(b).__name__ for b in url_purging_backends()) == [
        "CloudflareBackend",
        "HTTPBackend",
    ]
    # The settings are not consumed by building backends (Wagtail's pops from a copy).
    assert settings.WAGTAILFRONTENDCACHE["varnish"]["LOCATION"] == "http://127.0.0.1:6081"


def test_nothing_configured_means_no_backends(settings):
    settings.WAGTAILFRONTENDCACHE = {}
    assert key_purging_backends() == [] and url_purging_backends() == []
    del settings.WAGTAILFRONTENDCACHE
    assert key_purging_backends() == []


SETTINGS_WITHOUT_THE_APP = """
import sys
import django
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    WAGTAILFRONTENDCACHE={"varnish": {
        "BACKEND": "polosa.core.frontend_cache.XkeyVarnishBackend",
        "LOCATION": sys.argv[1],
    }},
)
django.setup()
from django.apps import apps
from polosa.core.frontend_cache import key_purging_backends, url_purging_backends
assert not apps.is_installed("wagtail.contrib.frontend_cache")
(backend,) = key_purging_backends()
assert url_purging_backends() == []
backend.purge_keys(["listing-site", "settings"])
print("ok")
"""


def test_works_without_wagtails_frontend_cache_app(fake_cache):
    # A fresh interpreter: Django cannot drop an app from a running registry cleanly.
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_WITHOUT_THE_APP, fake_cache.location],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert [r["keys"] for r in fake_cache.received] == ["listing-site settings"]
