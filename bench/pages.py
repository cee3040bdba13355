"""Render time per page kind with 10 000 articles: median and p95 over 200+ renders.

Usage: ``.venv/bin/python bench/pages.py [--articles N] [--renders N]``

Runs on an embedded SQLite database under ``var/bench/`` and, when ``DATABASE_URL`` is
set, on that PostgreSQL server too (database ``polosa_bench``). Content is generated once
with ``polosa generate`` and reused. Pages are rendered through Django's test client
with the whole-page cache off (what a cache miss costs) and on (what a hit costs), and
the queries of one render are counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("article", "home", "rubric", "tag", "author", "home page 5")


def run_in_child(database_url: str, articles: int, renders: int) -> None:
    env = dict(os.environ, DATABASE_URL=database_url, POLOSA_BENCH_CHILD="1")
    env.setdefault("DEBUG", "0")
    env.setdefault("SECRET_KEY", "bench-only")
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, __file__, "--articles", str(articles), "--renders", str(renders)],
        env=env,
        check=True,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def split(url: str, marker: str) -> tuple[str, dict]:
    """Path and GET parameters with a ``bench`` marker: a guaranteed page-cache miss."""
    path, _, query = url.partition("?")
    params = dict(part.split("=", 1) for part in query.split("&") if part)
    params["bench"] = marker
    return path, params


def measure(articles: int, renders: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from taggit.models import Tag

    from polosa.news.models import ArticlePage, Author

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    missing = articles - ArticlePage.objects.count()
    if missing > 0:
        started = time.perf_counter()
        call_command("generate", articles=missing)
        print(f"  generated {missing} articles in {time.perf_counter() - started:.1f} s")

    sample = list(ArticlePage.objects.live().order_by("?")[:50])
    urls = {
        "article": [article.url for article in sample],
        "home": ["/"],
        "rubric": ["/novosti/", "/kino/"],
        "tag": [f"/tags/{tag.slug}/" for tag in Tag.objects.all()[:5]],
        "author": [author.get_absolute_url() for author in Author.objects.all()[:5]],
        "home page 5": ["/?page=5"],  # split below into path and parameters
    }
    client = Client()
    engine = connection.vendor
    total = ArticlePage.objects.count()
    print(f"\n{engine}: {total} articles, {renders} renders per kind, whole-page cache off")
    print(f"  {'page':<12} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'pages/s':>8}")
    for kind in KINDS:
        kind_urls = urls[kind]
        for url in kind_urls:  # warm renditions and the small shared caches
            client.get(*split(url, "warm"))
        timings = []
        queries = 0
        for index in range(renders):
            url = kind_urls[index % len(kind_urls)]
            # A query string never seen before: a guaranteed whole-page cache miss.
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(*split(url, f"{kind}-{index}"))
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = max(queries, len(captured))
        median = statistics.median(timings)
        print(
            f"  {kind:<12} {median:>10.2f} {percentile(timings, 0.95):>8.2f} "
            f"{queries:>8} {1000 / median:>8.0f}"
        )
    hits = []
    url = urls["article"][0]
    client.get(url)
    for _ in range(renders):
        started = time.perf_counter()
        response = client.get(url)
        hits.append((time.perf_counter() - started) * 1000)
    assert response["X-Polosa-Cache"] == "hit"
    print(
        f"  {'cached hit':<12} {statistics.median(hits):>10.3f} {percentile(hits, 0.95):>8.3f}"
        f" {0:>8} {1000 / statistics.median(hits):>8.0f}"
    )
    cache.clear()
    del settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--renders", type=int, default=200)
    options = parser.parse_args()
    if os.environ.get("POLOSA_BENCH_CHILD"):
        measure(options.articles, options.renders)
        return
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    os.environ["POLOSA_VAR_DIR"] = str(bench_dir)
    run_in_child(f"sqlite:///{bench_dir / 'bench.sqlite3'}", options.articles, options.renders)
    postgres = os.environ.get("DATABASE_URL", "")
    if postgres.startswith("postgres"):
        base = postgres.rsplit("/", 1)[0]
        subprocess.run(
            ["psql", base + "/postgres", "-qc", "CREATE DATABASE polosa_bench"],
            capture_output=True,
        )
        run_in_child(base + "/polosa_bench", options.articles, options.renders)


if __name__ == "__main__":
    main()
