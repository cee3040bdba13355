"""What Polosa's three answers for Wagtail save on a page miss, side by side in one run.

Polosa answers three questions Wagtail would ask the database on every page miss: the site
of the request (``core.sites``), the route of ``/<rubric>/<article>/`` (``HomePage.route``)
and the view restrictions of a page (``CachedRestrictionsMixin``). This renders the same
article pages with and without them (Wagtail's own ``Site.find_for_request``,
``Page.route`` and ``Page.get_view_restrictions`` patched back in), interleaved, each
request a page-cache miss, and prints median milliseconds and queries.

Usage: ``.venv/bin/python bench/overrides.py [--renders 200]`` (SQLite with the demo content
in a temporary folder; about a minute).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def wagtails_own_answers():
    from wagtail.models import Page, Site

    from polosa.core import sites
    from polosa.news.models import ArticlePage, HomePage, RubricPage
    from polosa.news.templatetags import news_tags

    saved = (
        sites.site_for_request,
        HomePage.route,
        [(model, model.get_view_restrictions) for model in (HomePage, RubricPage, ArticlePage)],
    )

    def wagtail_site(request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = Site.find_for_request(request)
        return request._wagtail_site

    sites.site_for_request = news_tags.site_for_request = wagtail_site
    HomePage.route = Page.route
    for model, _ in saved[2]:
        model.get_view_restrictions = Page.get_view_restrictions
    try:
        yield
    finally:
        sites.site_for_request = news_tags.site_for_request = saved[0]
        HomePage.route = saved[1]
        for model, method in saved[2]:
            model.get_view_restrictions = method


def measure(renders: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from polosa.news.models import ArticlePage

    urls = [article.url for article in ArticlePage.objects.live().order_by("pk")[:40]]
    client = Client()
    for url in urls:
        client.get(url)  # renditions, stored site and rubrics, article texts
    results = {"Polosa": ([], 0), "Wagtail's own": ([], 0)}
    for index in range(renders):
        for name in results:
            # A page number the article never reads: rendered every time, never stored.
            url = f"{urls[index % len(urls)]}?page={index + 2}"
            with CaptureQueriesContext(connection) as queries:
                if name == "Polosa":
                    started = time.perf_counter()
                    client.get(url)
                else:
                    with wagtails_own_answers():
                        started = time.perf_counter()
                        client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            timings, most = results[name]
            timings.append(elapsed)
            results[name] = (timings, max(most, len(queries)))
    print(f"article page miss, {renders} renders each, interleaved (SQLite, demo content)")
    print(f"  {'answers':<16} {'median ms':>10} {'queries':>8}")
    for name, (timings, queries) in results.items():
        print(f"  {name:<16} {statistics.median(timings):>10.2f} {queries:>8}")
    ours, theirs = (statistics.median(results[name][0]) for name in results)
    print(f"  Polosa / Wagtail's own: {ours / theirs:.0%} of the time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    options = parser.parse_args()
    if os.environ.get("POLOSA_BENCH_CHILD"):
        measure(options.renders)
        return
    with tempfile.TemporaryDirectory(prefix="polosa-overrides-") as var:
        env = dict(os.environ, POLOSA_VAR_DIR=var, POLOSA_BENCH_CHILD="1")
        env.update(DJANGO_SETTINGS_MODULE="polosa.settings", DEBUG="0", SECRET_KEY="bench")
        env.update(ALLOWED_HOSTS="testserver", POLOSA_PURGE_LOG="")
        for name in ("DATABASE_URL", "REDIS_URL"):
            env.pop(name, None)
        polosa = str(ROOT / ".venv" / "bin" / "polosa")
        subprocess.run([polosa, "demo", "--no-serve"], env=env, check=True, capture_output=True)
        subprocess.run(
            [polosa, "collectstatic", "--no-input"], env=env, check=True, capture_output=True
        )
        subprocess.run(
            [sys.executable, __file__, "--renders", str(options.renders)], env=env, check=True
        )


if __name__ == "__main__":
    main()
