"""The embedded database gets planner statistics after bulk changes."""

import pytest
from django.db import connection

from polosa.core.database import refresh_planner_statistics


@pytest.mark.django_db
def test_sqlite_has_statistics_for_the_page_tree_after_analyze(rubrics):
    if connection.vendor != "sqlite":
        pytest.skip("needs SQLite: PostgreSQL's autovacuum keeps its own statistics")
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl FROM sqlite_stat1")
        tables = {row[0] for row in cursor.fetchall()}
    assert {"wagtailcore_page", "news_rubricpage"} <= tables


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit_compilation():
    """A site's queries are short: compiling them cost more than it saved (about 90 ms
    for each of the admin search's largest queries at a million articles)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
