"""Two ``polosa serve`` processes on different ports, sharing PostgreSQL and Redis, one of
them behind Varnish (deploy/varnish.vcl): what an editor publishes through one is what
readers get through the other at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from contextlib import ExitStack
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import requires_postgres

from .conftest import free_port, http_request, start_varnish

ROOT = Path(__file__).resolve().parents[2]
#: A purge is sent before the editor's response returns; the deadline only bounds the poll.
DEADLINE = 1.0

pytestmark = [requires_postgres, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def serve(port: int, env: dict, stack: ExitStack) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "polosa", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    stack.callback(stop)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if http_request(port, "GET", "/healthz", timeout=2).status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"polosa serve on port {port} did not start")


def eventually(fetch, predicate):
    deadline = time.monotonic() + DEADLINE
    response = fetch()
    while not predicate(response) and time.monotonic() < deadline:
        time.sleep(0.05)
        response = fetch()
    return response


def test_a_publication_through_one_instance_is_seen_through_the_other(
    redis_url, tmp_path, article_factory, rubrics, django_user_model
):
    from django.conf import settings

    article = article_factory("Два сервера, одна новость", rubric=rubrics[0], live=False)
    editor = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    browser = Client()
    browser.force_login(editor)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    editing_port, reading_port = free_port(), free_port()
    with ExitStack() as stack:
        varnish = start_varnish("127.0.0.1", reading_port, tmp_path / "varnish")
        stack.callback(varnish.stop)
        env = dict(
            os.environ,
            DATABASE_URL=database_url(),
            REDIS_URL=redis_url,
            POLOSA_CACHE_PREFIX=f"two-{os.getpid()}",
            POLOSA_VARNISH_URL=varnish.url,
            POLOSA_VAR_DIR=str(tmp_path / "var"),
            DEBUG="1",
            ALLOWED_HOSTS="127.0.0.1,localhost",
        )
        serve(editing_port, env, stack)
        serve(reading_port, env, stack)
        # Varnish's probe failed while the server started: healthy after 3 good answers.
        deadline = time.monotonic() + 20
        while varnish.get("/healthz").status != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        rubric_url = rubrics[0].url

        before = varnish.get(rubric_url)
        assert before.status == 200 and "Два сервера" not in before.text
        assert varnish.get(rubric_url).cache == "HIT"

        # The editor publishes through the other instance (Wagtail's bulk publish).
        cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
        action = f"/admin/bulk/wagtailcore/page/publish/?id={article.pk}"
        form = http_request(editing_port, "GET", action, {"Cookie": cookie})
        assert form.status == 200, form.text[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        cookies = SimpleCookie()
        for header in form.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        csrf = cookies[settings.CSRF_COOKIE_NAME].value
        published = http_request(
            editing_port,
            "POST",
            action,
            {
                "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{editing_port}{action}",
            },
            body=f"csrfmiddlewaretoken={token}".encode(),
        )
        assert published.status in (200, 302), published.text[:500]

        after = eventually(
            lambda: varnish.get(rubric_url), lambda response: "Два сервера" in response.text
        )
        assert "Два сервера, одна новость" in after.text
        article.refresh_from_db()
        assert article.live
        page = eventually(lambda: varnish.get(article.url), lambda response: response.status == 200)
        assert page.status == 200
