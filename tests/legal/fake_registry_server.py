"""A registry source on loopback: a real ``ThreadingHTTPServer`` on a free port that serves
whatever a test put under a path, answers 404 elsewhere, and can hang past a timeout."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class FakeRegistryServer:
    #: path → body; a body of ``None`` hangs for :attr:`hang_seconds` before answering.
    files: dict[str, bytes | None] = field(default_factory=dict)
    hang_seconds: float = 1.5
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake.requests.append(self.path)
                if self.path not in fake.files:
                    self.send_error(404, "Not Found")
                    return
                body = fake.files[self.path]
                if body is None:
                    time.sleep(fake.hang_seconds)
                    body = b""
                try:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
