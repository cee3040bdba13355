"""A fake Telegram Bot API on loopback: a real ``ThreadingHTTPServer`` on a random port.

It keeps the messages it posted and edits them as the Bot API does: ``editMessageCaption``
for a photo, ``editMessageText`` for a text message, and an edit that changes nothing is
refused with the API's «message is not modified» (a 400).

It records every request and can be scripted, one behaviour per incoming call:
``"ok"``, ``"500"``, ``"429:<retry_after>"``, ``"hang"`` (sleep past the client's timeout,
then answer into a closed socket; the message is *not* posted) and ``"drop"`` (close the
connection without an answer; not posted). With an empty script every call succeeds.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SENDS = ("sendPhoto", "sendMessage")
EDITS = ("editMessageText", "editMessageCaption")
#: The Bot API's own words for an edit that would leave the message as it is.
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def bad_request(description: str) -> tuple[int, dict]:
    return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {description}"}


@dataclass
class Call:
    method: str
    token: str
    params: dict
    outcome: str
    at: float = field(default_factory=time.monotonic)  # when the request arrived


@dataclass
class FakeTelegram:
    hang_seconds: float = 0.6
    calls: list[Call] = field(default_factory=list)
    script: list[str] = field(default_factory=list)
    messages: dict[int, dict] = field(default_factory=dict)
    next_id: int = 100

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                fake.handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- what tests look at --
    def delivered(self, method: str | None = None) -> list[Call]:
        return [
            c for c in self.calls if c.outcome == "ok" and (method is None or c.method == method)
        ]

    def posts(self) -> list[Call]:
        return [c for c in self.delivered() if c.method in SENDS]

    def edit_calls(self) -> list[Call]:
        """Every edit request that arrived, whatever was answered."""
        return [c for c in self.calls if c.method in EDITS]

    # -- the server side --
    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        params = json.loads(handler.rfile.read(length) or b"{}")
        _, token, method = handler.path.split("/", 2)
        with self.lock:
            behaviour = self.script.pop(0) if self.script else "ok"
            self.calls.append(Call(method, token.removeprefix("bot"), params, behaviour))
            if behaviour == "ok":
                answer = self.apply(method, params)
        if behaviour == "drop":
            handler.close_connection = True
            return
        if behaviour == "hang":
            time.sleep(self.hang_seconds)
            with contextlib.suppress(OSError):
                self.reply(handler, 200, {"ok": True, "result": {"message_id": 0}})
            return
        if behaviour == "500":
            self.reply(handler, 500, {"ok": False, "error_code": 500, "description": "Internal"})
            return
        if behaviour.startswith("429"):
            retry_after = int(behaviour.split(":")[1])
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {retry_after}",
                "parameters": {"retry_after": retry_after},
            }
            self.reply(handler, 429, body)
            return
        status, body = answer
        self.reply(handler, status, body)

    def apply(self, method: str, params: dict) -> tuple[int, dict]:
        if method in SENDS:
            self.next_id += 1
            text = params.get("caption") or params.get("text")
            self.messages[self.next_id] = {"method": method, "text": text, "params": params}
            return 200, {"ok": True, "result": {"message_id": self.next_id}}
        message = self.messages.get(params.get("message_id"))
        if message is None:
            verb = "delete" if method == "deleteMessage" else "edit"
            return bad_request(f"message to {verb} not found")
        if method == "deleteMessage":
            del self.messages[params["message_id"]]
            return 200, {"ok": True, "result": True}
        # As the Bot API: a photo has only a caption to edit, a text message only text, and
        # an edit that changes nothing is refused.
        has_caption = message["method"] == "sendPhoto"
        if method == "editMessageCaption" and not has_caption:
            return bad_request("there is no caption in the message to edit")
        if method == "editMessageText" and has_caption:
            return bad_request("there is no text in the message to edit")
        new_text = params.get("caption") or params.get("text")
        if new_text == message["text"]:
            return bad_request(NOT_MODIFIED)
        message["text"] = new_text
        return 200, {"ok": True, "result": {"message_id": params["message_id"]}}

    @staticmethod
    def reply(handler, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
