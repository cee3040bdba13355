"""Polosa at 10 000, 100 000 (and 1 000 000) articles: pages, deep pages, sitemaps, admin.

Usage: ``nice -n 19 .venv/bin/python bench/scale.py [--sizes 10000,100000]
[--engines postgresql,sqlite] [--renders 60]``

Each archive is generated once with ``polosa generate`` (bulk, resumable) and reused:
PostgreSQL databases ``<SCALE_PG_PREFIX>_<N>`` (default ``polosa_scale_<N>``) on
``SCALE_PG_URL`` (default ``postgres://postgres@127.0.0.1:5432``), SQLite files
``var/bench/scale-<N>.sqlite3``; ``--generate-only`` builds them and measures nothing.
Every figure is printed side by side for the sizes of one run:

* reader pages on a whole-page cache miss (``POLOSA_PAGE_CACHE_SECONDS=0``; the small
  shared caches — rubrics, list totals — warm, as in production), median and p95 ms and
  the queries of one render;
* deep pages of the largest rubric: page 2, the middle and the last page typed as
  ``?page=N``, and the middle reached through the list's own cursor link;
* sitemaps: the index, the first and the last article file;
* the admin as a member of the «Редактор» group: the rubric's explorer (newest
  first), its search, an article's edit form;
* the worker: a registry change naming one of the cast, rescanned by ``polosa worker
  --burst`` in a child process (its own peak memory, from ``wait4``: the high-water mark
  of that process alone).

``--sections sitemaps,worker`` measures only those (of pages, deep, sitemaps, admin,
worker).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = os.environ.get("SCALE_PG_URL", "postgres://postgres@127.0.0.1:5432")
# Several people benchmarking on one server each keep their own archives.
PG_PREFIX = os.environ.get("SCALE_PG_PREFIX", "polosa_scale")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def database_url(engine: str, size: int) -> str:
    if engine == "sqlite":
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{ROOT / 'var' / 'bench' / f'scale-{size}.sqlite3'}"
    name = f"{PG_PREFIX}_{size}"
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_SERVER}/{name}"


def run_child(
    engine: str,
    size: int,
    renders: int,
    generate_only: bool = False,
    worker_max: int | None = None,
    sections: str = "",
    worker_seconds: float | None = None,
) -> dict:
    env = dict(
        os.environ,
        DATABASE_URL=database_url(engine, size),
        POLOSA_SCALE_CHILD="1",
        POLOSA_PAGE_CACHE_SECONDS="0",
        POLOSA_VAR_DIR=str(ROOT / "var" / "bench" / f"scale-var-{engine}"),
        DEBUG="0",
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(size), "--renders", str(renders)]
        + (["--generate-only"] if generate_only else [])
        + ([f"--worker-max={worker_max}"] if worker_max is not None else [])
        + ([f"--sections={sections}"] if sections else [])
        + ([f"--worker-seconds={worker_seconds}"] if worker_seconds else []),
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- in the child ------------------------------------------------------------------------


def timed(client, url: str, renders: int, setup=None, **params) -> tuple[list[float], int, int]:
    """``renders`` requests of ``url`` after one to warm up; ``setup()`` runs ahead of
    each (untimed): a purge, to measure what follows a publication."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # renditions, small caches
    timings, queries, status = [], 0, 0
    for _ in range(renders):
        if setup is not None:
            setup()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, params)
            timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
        queries = len(captured)
    return timings, queries, status


def figures(timings: list[float], queries: int, status: int) -> dict:
    return {
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "queries": queries,
        "status": status,
    }


def prepare(size: int) -> float | None:
    from django.core.management import call_command

    from polosa.core.typography import slug_for
    from polosa.news.demo_text import DEMO_CAST
    from polosa.news.models import ArticlePage
    from polosa.people.models import Person, sort_key_for

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # The directory the generated articles link to; without signals, which would queue a
    # relinking of the whole archive.
    known = set(Person.objects.values_list("name", flat=True))
    Person.objects.bulk_create(
        Person(name=m.name, slug=slug_for(m.name), sort_key=sort_key_for(m.name))
        for m in DEMO_CAST
        if m.name not in known
    )
    missing = size - ArticlePage.objects.count()
    if missing <= 0:
        return None
    started = time.perf_counter()
    call_command("generate", articles=missing, stdout=sys.stderr)
    return missing / (time.perf_counter() - started)


def editor_client():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from polosa.newsroom import roles

    user, _ = get_user_model().objects.get_or_create(username="scale-editor")
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    client = Client()
    client.force_login(user)
    return client


SECTIONS = ("pages", "deep", "sitemaps", "admin", "worker")


def measure(
    size: int,
    renders: int,
    generate_only: bool = False,
    worker_max: int | None = None,
    sections: tuple[str, ...] = SECTIONS,
    worker_seconds: float | None = None,
) -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from taggit.models import Tag

    from polosa.news.listing import ARTICLES_PER_PAGE, Cursor, published_articles
    from polosa.news.models import ArticlePage, Author, RubricPage
    from polosa.people.models import Person

    rate = prepare(size)
    result: dict = {"engine": connection.vendor, "articles": ArticlePage.objects.count()}
    result["rate"] = rate
    if generate_only:
        return result
    for section in ("pages", "deep", "sitemaps", "admin"):
        result[section] = {}
    client = Client()
    article = published_articles().first()
    rubric = RubricPage.objects.order_by("-numchild").first()
    pages = {
        "article": article.url,
        "home": "/",
        "rubric": rubric.url,
        "tag": f"/tags/{Tag.objects.order_by('pk').first().slug}/",
        "author": Author.objects.order_by("pk").first().get_absolute_url(),
        "person": Person.objects.order_by("pk").first().get_absolute_url(),
    }
    if "pages" in sections:
        result["pages"] = {
            kind: figures(*timed(client, url, renders)) for kind, url in pages.items()
        }

    in_rubric = published_articles().descendant_of(rubric)
    count = in_rubric.count()
    last = -(-count // ARTICLES_PER_PAGE)
    middle = max(2, last // 2)
    before = in_rubric[(middle - 1) * ARTICLES_PER_PAGE - 1]
    deep = {
        "page 2": {"page": "2"},
        f"page {middle} typed": {"page": str(middle)},
        f"page {middle} by link": {"page": str(middle), "before": str(Cursor.of(before))},
        f"page {last} (last) typed": {"page": str(last)},
    }
    if "deep" in sections:
        result["deep"] = {
            name: figures(*timed(client, rubric.url, renders, **params))
            for name, params in deep.items()
        }
    if "sitemaps" in sections:
        result["sitemaps"] = sitemap_figures(client, renders)
    if "admin" in sections:
        result["admin_index"] = admin_search_index()
        editor = editor_client()
        admin = {
            "explorer": (f"/admin/pages/{rubric.pk}/", {}),
            "explorer page 50": (f"/admin/pages/{rubric.pk}/", {"p": "50"}),
            "explorer search": (f"/admin/pages/{rubric.pk}/", {"q": "фестиваль"}),
            "edit form": (f"/admin/pages/{article.pk}/edit/", {}),
        }
        result["admin"] = {
            name: figures(*timed(editor, url, max(5, renders // 10), **params))
            for name, (url, params) in admin.items()
        }
    result["rubric_children"] = rubric.numchild
    if "worker" in sections and (worker_max is None or size <= worker_max):
        result["worker"] = worker_rescan(worker_seconds)
    return result


def sitemap_figures(client, renders: int) -> dict:
    from polosa.distribution.sitemaps import ArticleSitemap
    from polosa.news.models import ArticlePage

    files = ArticleSitemap().paginator.num_pages
    sitemaps = {
        "index": ("/sitemap.xml", {}),
        "articles p=1": ("/sitemap-articles.xml", {}),
        f"articles p={files}": ("/sitemap-articles.xml", {"p": str(files)}),
    }
    result = {
        name: figures(*timed(client, url, max(5, renders // 10), **params))
        for name, (url, params) in sitemaps.items()
    }
    # The index as crawlers find it after a publication (the newest article's keys
    # purged: its file and its rubric are dated again) and after a whole-site purge
    # (a restriction changed: every file and rubric is dated again).
    from polosa.core import surrogate
    from polosa.core.purge import purge_keys
    from polosa.news.services import article_keys

    newest = ArticlePage.objects.order_by("-pk").first()
    try:  # what a publication's commit does: its block of ids dated again
        from polosa.distribution import sitemap_dates
    except ImportError:  # the code before the blocks (a side-by-side run)
        sitemap_dates = None
    rewrites: list[float] = []

    def after_publication() -> None:
        purge_keys(article_keys(newest), reason="bench")
        if sitemap_dates is not None:
            started = time.perf_counter()
            sitemap_dates.article_changed(newest.pk)  # outside a transaction: at once
            rewrites.append((time.perf_counter() - started) * 1000)

    after_site_purge = lambda: purge_keys({surrogate.SITE}, reason="bench")  # noqa: E731
    result["index after a publication"] = figures(
        *timed(client, "/sitemap.xml", max(5, renders // 4), setup=after_publication)
    )
    if rewrites:
        result["a publication's block rewrite"] = figures(rewrites, 4, 200)
    result["index after a site purge"] = figures(
        *timed(client, "/sitemap.xml", 3, setup=after_site_purge)
    )
    return result


#: Wagtail's index (the admin's search) is not fed by ``polosa generate``: about 15 ms an
#: article (four hours at a million). The bench indexes the newest articles, this many.
ADMIN_INDEXED = 5000


def admin_search_index() -> int:
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from polosa.news.models import ArticlePage

    if IndexEntry.objects.count() < ADMIN_INDEXED:
        newest = list(ArticlePage.objects.order_by("-pk")[:ADMIN_INDEXED])
        get_search_backend().add_bulk(ArticlePage, newest)
    return IndexEntry.objects.count()


def worker_rescan(seconds_max: float | None = None) -> dict:
    """A registry entry naming one of the cast (about 3 % of the archive: 3 000 articles
    at 100 000), then ``polosa worker --burst`` in a child: its peak memory and time;
    with ``seconds_max``, the worker is stopped then and what it scanned is counted."""
    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    from polosa.legal import registry
    from polosa.legal.models import RegistryEntry
    from polosa.legal.tasks import candidate_article_ids
    from polosa.news.demo_text import DEMO_CAST

    DBTaskResult.objects.all().delete()  # the bench's own queue: only the rescan runs
    member = DEMO_CAST[3]
    with transaction.atomic():
        entry, _ = RegistryEntry.objects.get_or_create(
            external_id="scale-bench-1",
            defaults={
                "kind": "foreign_agent",
                "entity_type": "person",
                "name": f"{member.last_name} {member.first_name}",
            },
        )
        registry.registry_changed([entry.external_id], reason="scale bench")
    articles = sum(1 for _ in candidate_article_ids([entry.external_id]).iterator())
    started = time.perf_counter()
    log = (ROOT / "var" / "bench" / f"worker-{connection.vendor}.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "polosa", "worker", "--burst"],
        stdout=log,
        stderr=log,
        env=dict(os.environ, LOG_LEVEL="INFO"),  # the rescan's progress, batch by batch
    )
    waiting = longest = 0.0
    stopped = False
    while True:
        pid, status, usage = os.wait4(worker.pid, os.WNOHANG)
        if pid:
            break
        if seconds_max and not stopped and time.perf_counter() - started > seconds_max:
            worker.kill()  # its rusage stays readable; the batches done are committed
            stopped = True
        if connection.vendor == "postgresql":
            # Readers waiting on a lock, and the oldest transaction of another session
            # (the worker's: nothing else runs).
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),"
                    " coalesce(extract(epoch FROM max(now() - xact_start)), 0)"
                    " FROM pg_stat_activity WHERE datname = current_database()"
                    " AND pid <> pg_backend_pid()"
                )
                blocked, oldest = cursor.fetchone()
            waiting, longest = max(waiting, blocked), max(longest, float(oldest))
        time.sleep(0.5)
    log.close()
    if not stopped and os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"polosa worker failed: see {log.name}")
    progress = re.findall(r"legal rescan: (\d+) articles scanned", Path(log.name).read_text())
    return {
        "articles": articles,
        "scanned": int(progress[-1]) if progress else 0,
        "stopped": stopped,
        "seconds": time.perf_counter() - started,
        "peak_mb": usage.ru_maxrss / 1024,  # the worker process's own high-water mark
        "lock_waiters": waiting,
        "longest_transaction_s": longest,
    }


# -- the table ---------------------------------------------------------------------------


def table(results: list[dict]) -> None:
    header = "".join(f"{r['engine'][:6]} {r['articles']:>8}".rjust(26) for r in results)
    print(f"\n{'':<28}{header}")
    print(f"{'generate, articles/s':<28}" + "".join(
        (f"{r['rate']:.0f}" if r["rate"] else "reused").rjust(26) for r in results
    ))  # fmt: skip
    for section, title in (
        ("pages", "reader pages, cache miss"),
        ("deep", "deep pages of the largest rubric"),
        ("sitemaps", "sitemaps"),
        ("admin", "admin as «Редактор»"),
    ):
        print(f"\n{title}  (median / p95 ms, queries)")
        names = list(dict.fromkeys(name for r in results for name in r[section]))
        for name in names:
            cells = []
            for r in results:
                f = r[section].get(name)
                cell = (
                    f"{f['median']:.1f} / {f['p95']:.1f}  q{f['queries']}"
                    + ("" if f["status"] == 200 else f" [{f['status']}]")
                    if f
                    else "—"
                )
                cells.append(cell.rjust(26))
            print(f"  {name:<26}" + "".join(cells))


def worker_table(results: list[dict]) -> None:
    print("\nworker: a registry change, polosa worker --burst")
    for label, key in (
        ("articles named", "articles"), ("articles rescanned", "scanned"),
        ("seconds", "seconds"), ("peak memory, MB", "peak_mb"),
        ("readers waiting on a lock", "lock_waiters"),
        ("longest transaction, s", "longest_transaction_s"),
    ):  # fmt: skip
        cells = "".join(
            (f"{r['worker'][key]:.1f}" if "worker" in r and key in r["worker"] else "—").rjust(26)
            for r in results
        )
        print(f"  {label:<26}{cells}")
    for label, key in (
        ("largest rubric's children", "rubric_children"),
        ("admin search index, pages", "admin_index"),
    ):
        print(f"  {label:<26}" + "".join(f"{r.get(key, '—')}".rjust(26) for r in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument("--renders", type=int, default=60)
    parser.add_argument(
        "--generate-only", action="store_true", help="build the archives, measure nothing"
    )
    parser.add_argument(
        "--worker-max",
        type=int,
        help="rescan with the worker only up to this many articles (3 %% of them are named)",
    )
    parser.add_argument(
        "--sections", default="", help=f"measure only these, comma-separated: {','.join(SECTIONS)}"
    )
    parser.add_argument(
        "--worker-seconds", type=float, help="stop the worker after this long (count its batches)"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        sections = tuple(options.sections.split(",")) if options.sections else SECTIONS
        figures_ = measure(
            options.child,
            options.renders,
            options.generate_only,
            options.worker_max,
            sections,
            options.worker_seconds,
        )
        print(json.dumps(figures_))
        return
    results = []
    for engine in options.engines.split(","):
        for size in (int(size) for size in options.sizes.split(",")):
            print(f"{engine} {size}…", file=sys.stderr, flush=True)
            if results:
                (ROOT / "var" / "bench" / "scale-results.json").write_text(json.dumps(results))
            results.append(
                run_child(
                    engine,
                    size,
                    options.renders,
                    options.generate_only,
                    options.worker_max,
                    options.sections,
                    options.worker_seconds,
                )
            )
    if options.generate_only:
        return
    (ROOT / "var" / "bench" / "scale-results.json").write_text(json.dumps(results))
    table(results)
    worker_table(results)


if __name__ == "__main__":
    main()
