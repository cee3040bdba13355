"""Search latency per query: median and p95 over 100+ realistic queries.

Usage: ``.venv/bin/python bench/search.py [--articles N] [--rounds N]
[--sqlite-only | --postgresql-only] [--database-prefix polosa_bench_search]``

Runs on an embedded SQLite database under ``var/bench/`` (``search-N.sqlite3``) and, when
``DATABASE_URL`` is set, on that PostgreSQL server too (database ``polosa_bench_search_N``,
the prefix set by ``--database-prefix``).
Content is generated once with ``polosa generate`` (the demo's invented newsroom text), the
demo's people directory is added, and the index is built with ``polosa search reindex``
(timed). Each query is then measured two ways:

* ``selector``: the count and the first page of matches with their snippets and
  articles (:func:`polosa.search.selectors.search_articles`), what the database and the
  morphology cost;
* ``page``: the whole ``/search/`` page through Django's test client as an editor gets it
  (a session cookie: the page cache is skipped, every render is a miss).

Targets: p95 ≤ 50 ms at 100 000 articles on both databases.
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


def queries() -> list[tuple[str, dict]]:
    """What readers of such an outlet type: people in several cases, films and albums,
    places, topics, two-word combinations, filters, typos and a few words found nowhere."""
    from polosa.news.demo_text import ALBUMS, CITIES, DEMO_CAST, FILMS

    found: list[tuple[str, dict]] = []
    cases = [None, "gent", "datv", "ablt", "loct"]
    for number, member in enumerate(DEMO_CAST[::2]):
        case = cases[number % len(cases)]
        declined = member.declined(case)
        found.append((declined if number % 3 else declined.split()[1], {}))
    found += [(film, {}) for film in FILMS[:10]]
    found += [(f"альбом {album}", {}) for album in ALBUMS[:6]]
    found += [(city, {}) for city in CITIES]
    found += [
        (word, {})
        for word in (
            "рецензия", "премьера", "концерт", "сериал", "фестиваль", "трейлер", "клип",
            "интервью", "второй сезон", "билеты", "завтрак", "куртка", "врачи сон",
            "кинопоказ", "номинанты премии", "документальный фильм", "тур", "альбом",
            "фильм года", "проект",
        )
    ]  # fmt: skip
    found += [
        ("концерт", {"rubric": "muzyka"}),
        ("рецензия", {"kind": "review"}),
        ("фильм", {"rubric": "kino", "kind": "review"}),
        ("премьера", {"period": "month"}),
        ("интервью", {"period": "week"}),
        ("Казань", {"period": "year"}),
        (DEMO_CAST[1].declined("gent"), {"rubric": "novosti"}),
        (DEMO_CAST[3].name, {"kind": "interview"}),
    ]
    found += [
        (typo, {})
        for typo in (
            "перимьера", "концэрт", "выставкы", "рецензея", "Казане", "Загорскй",
            "фестевиль", "сириал",
        )
    ]  # fmt: skip
    found += [(word, {}) for word in ("квантовый", "ипотека", "Антарктида", "зззз")]
    found += [(f"{film} рецензия", {}) for film in FILMS[10:]]
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def measure(articles: int, rounds: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from polosa.news.models import ArticlePage
    from polosa.people.models import Person
    from polosa.search import selectors
    from polosa.search.models import SearchEntry

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    missing = articles - ArticlePage.objects.count()
    if missing > 0:
        started = time.perf_counter()
        call_command("generate", articles=missing)
        print(f"  generated {missing} articles in {time.perf_counter() - started:.1f} s")
    if not Person.objects.exists():
        from polosa.people.demo import populate

        started = time.perf_counter()
        populate(photos=False)
        print(f"  people directory and links in {time.perf_counter() - started:.1f} s")
    if SearchEntry.objects.count() != ArticlePage.objects.live().count():
        started = time.perf_counter()
        call_command("search", "reindex")
        print(f"  polosa search reindex: {time.perf_counter() - started:.1f} s")

    engine = connection.vendor
    total = SearchEntry.objects.count()
    cases = queries()
    factory = RequestFactory()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "bench"  # editors skip the page cache

    def run_selector(text: str, params: dict):
        request = factory.get("/search/", {"q": text, **params})
        return selectors.search_articles(selectors.read_form(request))

    for text, params in cases:  # the morphology's caches and the stored rubrics, warm
        run_selector(text, params)
        client.get("/search/", {"q": text, **params})
    print(
        f"\n{engine}: {total} articles in the index, {len(cases)} queries × {rounds} rounds "
        "(per query: median of its rounds)"
    )
    print(f"  {'measure':<10} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    slowest: list[tuple[float, str]] = []
    for label in ("selector", "page"):
        per_query, most_queries = [], 0
        for text, params in cases:
            timings = []
            for _ in range(rounds):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    if label == "selector":
                        run_selector(text, params)
                    else:
                        response = client.get("/search/", {"q": text, **params})
                        assert response.status_code == 200, (text, response.status_code)
                    timings.append((time.perf_counter() - started) * 1000)
                most_queries = max(most_queries, len(captured))
            per_query.append(statistics.median(timings))
            if label == "selector":
                slowest.append((per_query[-1], f"{text} {params or ''}".strip()))
        print(
            f"  {label:<10} {statistics.median(per_query):>8.2f} "
            f"{percentile(per_query, 0.95):>8.2f} {max(per_query):>8.2f} {most_queries:>8}"
        )
    print("  slowest queries (selector): " + "; ".join(
        f"{name} {ms:.1f} ms" for ms, name in sorted(slowest, reverse=True)[:5]
    ))  # fmt: skip
    example = "Кедровой"
    results = run_selector(example, {})
    print(f"\n  example «{example}»: {results.found_label}")
    for item in results.items[:5]:
        rubric = item.article.rubric.title if item.article.rubric else ""
        print(f"    {rubric} — {item.article.shown_published_at:%Y-%m-%d}  {item.article.title}")
        print(f"      {item.snippet}")


def run_in_child(database_url: str, articles: int, rounds: int) -> None:
    env = dict(os.environ, DATABASE_URL=database_url, POLOSA_BENCH_CHILD="1")
    env.setdefault("DEBUG", "0")
    env.setdefault("SECRET_KEY", "bench-only")
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, __file__, "--articles", str(articles), "--rounds", str(rounds)],
        env=env,
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgresql-only", action="store_true")
    parser.add_argument(
        "--database-prefix",
        default="polosa_bench_search",
        help="PostgreSQL database name before _N (several people benchmarking on one server)",
    )
    options = parser.parse_args()
    if os.environ.get("POLOSA_BENCH_CHILD"):
        measure(options.articles, options.rounds)
        return
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    os.environ["POLOSA_VAR_DIR"] = str(bench_dir)
    if not options.postgresql_only:
        run_in_child(
            f"sqlite:///{bench_dir / f'search-{options.articles}.sqlite3'}",
            options.articles,
            options.rounds,
        )
    postgres = os.environ.get("DATABASE_URL", "")
    if postgres.startswith("postgres") and not options.sqlite_only:
        base = postgres.rsplit("/", 1)[0]
        name = f"{options.database_prefix}_{options.articles}"
        subprocess.run(
            ["psql", base + "/postgres", "-qc", f"CREATE DATABASE {name}"], capture_output=True
        )
        run_in_child(f"{base}/{name}", options.articles, options.rounds)


if __name__ == "__main__":
    main()
