"""The suite's own flush between transactional tests (``tests/conftest.py``) leaves every
table empty, whatever references what."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection


def flush_without_post_migrate() -> None:
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)


@pytest.fixture(autouse=True)
def _content_types_back():
    """Later tests find the content types and permissions a flush normally recreates."""
    yield
    call_command("flush", verbosity=0, interactive=False)


def tables_with_rows() -> list[str]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        holding = []
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone():
                holding.append(table)
    return holding


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_every_table_even_those_referenced_by_others(article_factory):
    article = article_factory("Материал, который ссылается на рубрику, автора и ревизию")
    article.save_revision()
    assert {"wagtailcore_page", "news_articlepage", "wagtailcore_revision"} <= set(
        tables_with_rows()
    )

    flush_without_post_migrate()

    assert tables_with_rows() == []


@pytest.mark.django_db(transaction=True)
def test_a_flush_of_empty_tables_changes_nothing():
    flush_without_post_migrate()
    flush_without_post_migrate()

    assert tables_with_rows() == []
