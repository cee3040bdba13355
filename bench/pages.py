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
import itertools
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("article", "home", "rubric", "tag", "author", "home page 5")
#: Article renders with less cached: its own key purged (its first view after an edit or
#: a legal decision: the text is rendered again), right after another article was
#: published (the shared «Читайте также» fragment is rendered again), and with every
#: stored value gone (site, rubrics, settings, registry version, fragments).
ARTICLE_VARIANTS = ("article, text cold", "article, just published", "article, all cold")


def run_in_child(database_url: str, articles: int, renders: int, serve_seconds: float) -> None:
    env = dict(os.environ, DATABASE_URL=database_url, POLOSA_BENCH_CHILD="1")
    env.setdefault("DEBUG", "0")
    env.setdefault("SECRET_KEY", "bench-only")
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, __file__, "--articles", str(articles), "--renders", str(renders)]
        + ["--serve-seconds", str(serve_seconds)],
        env=env,
        check=True,
    )


def row(name: str, timings: list[float], queries: int) -> str:
    median = statistics.median(timings)
    return (
        f"  {name:<24} {median:>9.2f} {percentile(timings, 0.95):>8.2f} "
        f"{queries:>8} {1000 / median:>8.0f}"
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


def measure(articles: int, renders: int, serve_seconds: float) -> None:
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
    print(f"  {'page':<24} {'median ms':>9} {'p95 ms':>8} {'queries':>8} {'pages/s':>8}")
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
        print(row(kind, timings, queries))
    from polosa.core import surrogate, taggedcache

    for variant in ARTICLE_VARIANTS:
        timings, queries = [], 0
        for index in range(renders):
            url = urls["article"][index % len(urls["article"])]
            if variant == "article, text cold":
                settings.POLOSA_ARTICLE_TEXT_CACHE_SECONDS = 0
            elif variant == "article, just published":
                taggedcache.store().purge([surrogate.LISTING_SITE])
            else:
                taggedcache.store().clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(*split(url, f"{variant}-{index}"))
                timings.append((time.perf_counter() - started) * 1000)
            settings.POLOSA_ARTICLE_TEXT_CACHE_SECONDS = 86400
            assert response.status_code == 200, (url, response.status_code)
            queries = max(queries, len(captured))
        print(row(variant, timings, queries))
    hits = []
    url = urls["article"][0]
    client.get(url)
    for _ in range(renders):
        started = time.perf_counter()
        response = client.get(url)
        hits.append((time.perf_counter() - started) * 1000)
    assert response["X-Polosa-Cache"] == "hit"
    print(row("whole-page cache hit", hits, 0))
    cache.clear()
    taggedcache.store().clear()
    if serve_seconds > 0:
        through_a_server(urls["article"], serve_seconds)


def load(
    port: int, urls: list[str], seconds: float, concurrency: int, unique: bool
) -> tuple[list[float], int, float]:
    """``concurrency`` keep-alive clients fetching ``urls`` round-robin for ``seconds``;
    ``unique`` adds a fresh query string to each request (a whole-page cache miss).
    Returns the latencies in ms, the number of failed requests and the elapsed time."""
    import http.client
    import threading

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        own: list[float] = []
        failed = 0
        for index in itertools.count():
            if time.monotonic() >= stop:
                break
            url = urls[(number + index) % len(urls)]
            if unique:
                # A page number the article never reads: rendered every time, never stored.
                url += f"?page={number * 100000 + index + 2}"
            started = time.perf_counter()
            try:
                connection.request("GET", url)
                response = connection.getresponse()
                response.read()
                failed += response.status != 200
            except OSError:
                failed += 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            own.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(own)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.monotonic() - started


def through_a_server(article_urls: list[str], seconds: float, concurrency: int = 8) -> None:
    """Article pages a second served by ``polosa serve`` (granian, 2 workers) on
    127.0.0.1 to ``concurrency`` keep-alive clients, from the whole-page cache and with
    every request a miss. Client and server share this machine's cores."""
    import http.client
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "polosa", "serve", "--port", str(port), "--workers", "2"],
        env=dict(os.environ, ALLOWED_HOSTS="127.0.0.1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("polosa serve did not start")
        print(f"\n  through polosa serve (granian, 2 workers), {concurrency} clients")
        print(f"  {'requests':<24} {'median ms':>9} {'p95 ms':>8} {'errors':>8} {'pages/s':>8}")
        for label, unique in (("article, cache hits", False), ("article, all misses", True)):
            for url in article_urls:  # every page rendered once: the hits phase is all hits
                warm = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                warm.request("GET", url)
                warm.getresponse().read()
            latencies, errors, elapsed = load(port, article_urls, seconds, concurrency, unique)
            print(
                f"  {label:<24} {statistics.median(latencies):>9.2f} "
                f"{percentile(latencies, 0.95):>8.2f} {errors:>8} "
                f"{len(latencies) / elapsed:>8.0f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument(
        "--serve-seconds",
        type=float,
        default=10,
        help="load per phase through polosa serve; 0: skip",
    )
    options = parser.parse_args()
    if os.environ.get("POLOSA_BENCH_CHILD"):
        measure(options.articles, options.renders, options.serve_seconds)
        return
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    os.environ["POLOSA_VAR_DIR"] = str(bench_dir)
    run_in_child(
        f"sqlite:///{bench_dir / 'bench.sqlite3'}",
        options.articles,
        options.renders,
        options.serve_seconds,
    )
    postgres = os.environ.get("DATABASE_URL", "")
    if postgres.startswith("postgres"):
        base = postgres.rsplit("/", 1)[0]
        subprocess.run(
            ["psql", base + "/postgres", "-qc", "CREATE DATABASE polosa_bench"],
            capture_output=True,
        )
        run_in_child(
            base + "/polosa_bench", options.articles, options.renders, options.serve_seconds
        )


if __name__ == "__main__":
    main()
