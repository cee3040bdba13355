"""Requests through ``polosa.wsgi.application``, as ``polosa serve`` runs it: the page
cache's WSGI front (:class:`~polosa.core.pagecache.PageCacheApplication`) and then Django's
own handler, which builds the request the test client builds itself.

Django answers its errors here as a server would see them (a 500 page, not a raised
exception), so a test can assert on the status whatever goes wrong.
"""

from __future__ import annotations

import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def wsgi_request(
    method: str,
    path: str,
    query: str = "",
    *,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request; ``headers`` by their HTTP names (``Content-Type``, ``Accept``…)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from polosa.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        # WSGI paths are the percent-decoded bytes, decoded as latin-1.
        "PATH_INFO": path.encode().decode("latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "CONTENT_LENGTH": str(len(body)),
    }
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    started: dict = {}

    def start_response(status: str, response_headers: list, exc_info=None) -> None:
        started["status"] = int(status.split()[0])
        started["headers"] = dict(response_headers)

    # As the test client does: the test's transaction owns the connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return Answer(started["status"], started["headers"], content)
