"""A minimal Telegram Bot API client on ``urllib.request`` (no new dependency).

:func:`call` returns the ``result`` of a successful call or raises :class:`Retry` (worth
trying again: timeouts, dropped connections, 5xx, 429 with its ``retry_after``) or
:class:`Refused` (a 4xx that will not get better by waiting).
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request


class BotApiError(Exception):
    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class Retry(BotApiError):
    """Try again later; ``retry_after`` seconds when Telegram said so (429)."""

    def __init__(self, message: str, *, code: int | None = None, retry_after: float | None = None):
        super().__init__(message, code=code)
        self.retry_after = retry_after


class Refused(BotApiError):
    """Telegram refused the call (bad request, no rights, chat not found…)."""


def call(base: str, token: str, method: str, params: dict, timeout: float) -> dict:
    """POST ``params`` as JSON to ``{base}/bot{token}/{method}``."""
    request = urllib.request.Request(
        f"{base}/bot{token}/{method}",
        data=json.dumps(params, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return _answer(response.status, response.read())
    except urllib.error.HTTPError as error:
        return _answer(error.code, error.read())
    except TimeoutError as error:
        raise Retry(f"timeout: {error}") from error
    except urllib.error.URLError as error:
        raise Retry(f"connection: {error.reason}") from error
    except (http.client.HTTPException, ConnectionError, OSError) as error:
        raise Retry(f"connection dropped: {error!r}") from error


def _answer(status: int, body: bytes) -> dict:
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        data = {}
    if 200 <= status < 300 and data.get("ok"):
        return data.get("result") or {}
    code = int(data.get("error_code") or status)
    description = str(data.get("description") or f"HTTP {status}")
    if code == 429:
        retry_after = (data.get("parameters") or {}).get("retry_after")
        raise Retry(description, code=code, retry_after=float(retry_after or 1))
    if code >= 500 or not data:
        raise Retry(description, code=code)
    raise Refused(description, code=code)
