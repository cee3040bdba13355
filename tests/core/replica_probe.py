"""Run by ``test_replica_streaming``: against a primary and its streaming replica, which
database each kind of request reads. Prints one JSON line."""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from polosa.news import content
    from polosa.news.models import ArticlePage

    call_command("migrate", verbosity=0)
    rubric = content.ensure_rubrics()[0]
    article = content.create_article(
        rubric, title="Реплика догнала", published_at=None, lead="Проверка потока."
    )
    deadline = time.monotonic() + 30
    seen = False
    while time.monotonic() < deadline and not seen:
        seen = ArticlePage.objects.using("replica").filter(pk=article.pk).exists()
        time.sleep(0.1)
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        in_recovery = cursor.fetchone()[0]
    editor = get_user_model().objects.create_superuser("chief", "c@example.com", "pw")
    results = {"replicated": seen, "replica_in_recovery": in_recovery}
    reader, staff = Client(), Client()
    staff.force_login(editor)
    # The first view ever creates what pages need once (the outlet's settings row, through
    # Wagtail's get_or_create on the primary); measured is every view after it.
    reader.get("/")
    for name, client, url in (
        ("reader", reader, article.url),
        ("editor", staff, article.url),
        ("editor admin", staff, f"/admin/pages/{article.pk}/edit/"),
    ):
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica"]) as replica,
        ):
            status = client.get(url, {"probe": name}).status_code
        results[name] = {
            "status": status,
            "primary": len(primary),
            "replica": len(replica),
            "primary_sql": [query["sql"][:160] for query in primary.captured_queries],
        }
    with CaptureQueriesContext(connections["replica"]) as replica:
        reader.post("/", {"x": "1"})
    results["reader post replica queries"] = len(replica)
    print(json.dumps(results))


if __name__ == "__main__":
    sys.exit(main())
