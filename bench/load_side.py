"""The newsroom side process of ``bench/load.py``: editors publishing, readers voting.

Not run by hand. ``bench/load.py`` starts it with the benchmark site's environment; it
sets Django up once and answers one JSON command a line on stdin with one JSON line on
stdout:

* ``{"cmd": "info"}``: the newest live article (id, URL, rubric URL, title) and the
  title slugs readers can vote on;
* ``{"cmd": "busy", "seconds": S, "publish_every": 5, "vote_every": 1, "vote_base": URL}``:
  for ``S`` seconds re-publish a random live article (its title changed slightly,
  ``page.save_revision().publish()``) every ``publish_every`` seconds and POST a reader's
  vote to ``vote_base`` every ``vote_every`` seconds; answers with counts and timings;
* ``{"cmd": "publish", "page_id": N, "title": T}``: publish that article with that title;
  answers with the wall-clock time before and after ``publish()``;
* ``{"cmd": "quit"}``.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
MARK = " ·"  # appended to or removed from a title by each busy re-publication


def setup() -> None:
    sys.path.insert(0, os.environ.get("POLOSA_LOAD_SOURCE", str(ROOT)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    import django

    django.setup()


def live_articles():
    from polosa.news.models import ArticlePage

    return ArticlePage.objects.live()


def publish(page_id: int, title: str) -> dict:
    from django.db import close_old_connections

    from polosa.news.models import ArticlePage

    close_old_connections()
    page = ArticlePage.objects.get(pk=page_id)
    page.title = title
    started = time.time()
    revision = page.save_revision()
    revision.publish()
    done = time.time()
    return {"page_id": page_id, "t_start": started, "t_done": done, "url": page.url}


def info() -> dict:
    from polosa.titles.models import Title

    newest = live_articles().order_by("-published_at", "-pk").first()
    rubric = newest.get_parent()
    return {
        "page_id": newest.pk,
        "url": newest.url,
        "rubric_url": rubric.url,
        "title": newest.title,
        "titles": list(Title.objects.order_by("pk").values_list("slug", flat=True)[:20]),
        "articles": live_articles().count(),
    }


class Voter:
    """Anonymous readers voting through HTTP: a fresh reader (no reader cookie) each time,
    the CSRF cookie and form token taken once per title from its vote form
    (``/titles/<slug>/vote/``: the title page itself is cached and carries no token)."""

    def __init__(self, base: str, slugs: list[str]):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port or 80
        self.slugs = slugs
        self.tokens: dict[str, tuple[str, str]] = {}

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def token(self, slug: str) -> tuple[str, str]:
        if slug not in self.tokens:
            status, headers, body = self.request("GET", f"/titles/{slug}/vote/")
            cookie = ""
            for name, value in headers:
                if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                    cookie = value.split(";", 1)[0].split("=", 1)[1]
            found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
            if status != 200 or not cookie or not found:
                raise RuntimeError(f"vote form /titles/{slug}/vote/: {status}, no CSRF token")
            self.tokens[slug] = (cookie, found.group(1).decode())
        return self.tokens[slug]

    def vote(self, number: int) -> str:
        slug = self.slugs[number % len(self.slugs)]
        try:
            cookie, form_token = self.token(slug)
            status, _, _ = self.request(
                "POST",
                f"/titles/{slug}/vote/",
                urlencode({"value": str(1 + number % 10), "csrfmiddlewaretoken": form_token}),
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={cookie}",
                },
            )
            return str(status)
        except Exception as error:  # noqa: BLE001 - reported, the loop goes on
            return f"error: {type(error).__name__}: {error}"[:120]


def busy(command: dict) -> dict:
    from django.db import close_old_connections

    seconds = float(command["seconds"])
    publish_every = float(command.get("publish_every", 5))
    vote_every = float(command.get("vote_every", 1))
    voter = Voter(command["vote_base"], command["titles"]) if command.get("titles") else None
    started = time.monotonic()
    next_publish, next_vote = started + 0.5, started + 0.25
    publish_ms: list[float] = []
    publish_errors: list[str] = []
    votes: dict[str, int] = {}
    vote_ms: list[float] = []
    number = 0
    ids = list(live_articles().values_list("pk", flat=True))
    while (now := time.monotonic()) < started + seconds:
        if now >= next_publish:
            next_publish += publish_every
            close_old_connections()
            try:
                page = live_articles().get(pk=random.choice(ids))
                title = page.title[: -len(MARK)] if page.title.endswith(MARK) else page.title + MARK
                result = publish(page.pk, title)
                publish_ms.append((result["t_done"] - result["t_start"]) * 1000)
            except Exception as error:  # noqa: BLE001 - reported, the loop goes on
                publish_errors.append(f"{type(error).__name__}: {error}"[:200])
        elif voter is not None and now >= next_vote:
            next_vote += vote_every
            begun = time.perf_counter()
            outcome = voter.vote(number)
            vote_ms.append((time.perf_counter() - begun) * 1000)
            votes[outcome] = votes.get(outcome, 0) + 1
            number += 1
        else:
            wake = min(next_publish, next_vote if voter else next_publish)
            time.sleep(max(0.0, min(wake - time.monotonic(), 0.05)))
    return {
        "publishes": len(publish_ms),
        "publish_ms": publish_ms,
        "publish_errors": publish_errors,
        "votes": votes,
        "vote_ms": vote_ms,
    }


def main() -> None:
    setup()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            command = json.loads(line)
            name = command["cmd"]
            if name == "quit":
                break
            if name == "info":
                answer = info()
            elif name == "busy":
                answer = busy(command)
            elif name == "publish":
                answer = publish(int(command["page_id"]), command["title"])
            else:
                answer = {"error": f"unknown command {name!r}"}
        except Exception as error:  # noqa: BLE001 - the caller prints it
            answer = {"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
