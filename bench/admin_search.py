"""The admin explorer's search of the largest rubric, as a «Редактор» sees it.

Usage: ``DATABASE_URL=postgres://…/<archive> nice -n 10 .venv/bin/python
bench/admin_search.py [--fill] [--renders 10] [--query фестиваль] [--explain]``

Works on an archive ``bench/scale.py`` or ``bench/search.py`` generated. Wagtail's index
(the admin's search) is not fed by ``polosa generate``, and Polosa's backend writes about
15 ms an article (four hours at a million). ``--fill`` writes an entry for every article
that lacks one in a few minutes instead, straight in SQL: ``autocomplete`` — the only
vector the explorer's search reads — exactly as :mod:`polosa.search.backend` writes it
(the headline's folded words and lemmas, weight D, the ``simple`` configuration), the
``title`` vector from the headline's lemmas; ``body`` is left empty and the plain texts
hold the headline (the explorer never reads them: only the rows' width differs from the
real index).

Prints the median and p95 of the explorer's search page through the test client, its
queries, and with ``--explain`` the plan of its slowest query.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fill() -> int:
    """An entry in Wagtail's index for every article without one (see the module)."""
    from django.db import connection
    from modelsearch.utils import get_content_type_pk

    from polosa.news.models import ArticlePage
    from polosa.search.index import lemmatiser
    from polosa.search.morphology import tokens

    content_type = get_content_type_pk(ArticlePage)
    lemmas = lemmatiser()
    words: dict[str, tuple[str, str]] = {}

    def autocomplete(title: str) -> tuple[str, str]:
        found = words.get(title)
        if found is None:
            folded = " ".join(token.folded for token in tokens(title))
            lemmatised = lemmas.document(title)
            found = words[title] = (f"{folded} {lemmatised}", lemmatised)
        return found

    started, written = time.perf_counter(), 0
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_admin_entries "
            "(id integer, autocomplete text, title text, plain text) ON COMMIT PRESERVE ROWS"
        )
        cursor.execute(
            "SELECT a.page_ptr_id, p.title FROM news_articlepage a "
            "JOIN wagtailcore_page p ON p.id = a.page_ptr_id "
            "WHERE NOT EXISTS (SELECT 1 FROM wagtailsearch_indexentry i "
            "WHERE i.content_type_id = %s AND i.object_id = a.page_ptr_id::text)",
            [content_type],
        )
        rows = cursor.fetchall()
        for start in range(0, len(rows), 50_000):
            buffer = io.StringIO()
            for pk, title in rows[start : start + 50_000]:
                complete, lemmatised = autocomplete(title)
                line = "\t".join(
                    value.replace("\\", " ").replace("\t", " ").replace("\n", " ")
                    for value in (complete, lemmatised, title)
                )
                buffer.write(f"{pk}\t{line}\n")
            buffer.seek(0)
            with cursor.copy("COPY bench_admin_entries FROM STDIN") as copy:
                copy.write(buffer.read())
            written += len(rows[start : start + 50_000])
            print(f"  {written} of {len(rows)} prepared", file=sys.stderr, flush=True)
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry (content_type_id, object_id, title, "
            "autocomplete, body, title_norm, title_text, body_text) "
            "SELECT %s, id::text, setweight(to_tsvector('simple', title), 'A'), "
            "setweight(to_tsvector('simple', autocomplete), 'D'), "
            "''::tsvector, 1.0, plain, '' "
            "FROM bench_admin_entries ON CONFLICT (content_type_id, object_id) DO NOTHING",
            [content_type],
        )
        cursor.execute("DROP TABLE bench_admin_entries")
        cursor.execute("ANALYZE wagtailsearch_indexentry")
    print(
        f"  filled {written} entries in {time.perf_counter() - started:.0f} s "
        f"({len(words)} distinct headlines)"
    )
    return written


def measure(renders: int, text: str, explain: bool) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.search.models import IndexEntry

    from polosa.news.models import RubricPage

    sys.path.insert(0, str(ROOT / "bench"))
    from scale import editor_client

    rubric = RubricPage.objects.order_by("-numchild").first()
    client = editor_client()
    url = f"/admin/pages/{rubric.pk}/"
    client.get(url, {"q": text})
    timings, slowest = [], None
    for _ in range(renders):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, {"q": text})
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        worst = max(captured.captured_queries, key=lambda q: float(q["time"]))
        if slowest is None or float(worst["time"]) > float(slowest["time"]):
            slowest = worst
    ordered = sorted(timings)
    print(
        f"explorer search «{text}» in «{rubric.title}» ({rubric.numchild} children, "
        f"{IndexEntry.objects.count()} index entries), {renders} renders: "
        f"median {statistics.median(timings):.0f} ms, "
        f"p95 {ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]:.0f} ms, "
        f"{len(captured)} queries; slowest query {float(slowest['time']) * 1000:.0f} ms"
    )
    if explain:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fill", action="store_true")
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--query", default="фестиваль")
    parser.add_argument("--explain", action="store_true")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polosa.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    if options.fill:
        fill()
    measure(options.renders, options.query, options.explain)


if __name__ == "__main__":
    main()
