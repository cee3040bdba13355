"""``news.0005``: the plain many-to-many of articles and authors becomes the ordered byline
without losing a link, live or in a revision, and goes back the same way."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from polosa.news.content import ensure_author
from polosa.news.models import ArticleAuthor, ArticlePage

BEFORE = ("news", "0004_russian_names_and_adult_sign")
AFTER = ("news", "0005_author_position_and_ordered_byline")


def migrate(target) -> None:
    call_command("migrate", target[0], target[1], verbosity=0)


def old_links(article_id: int) -> set[int]:
    """The links as the old table holds them (read while the database is at ``BEFORE``)."""
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    through = apps.get_model("news", "ArticlePage").authors.through
    return set(
        through.objects.filter(articlepage_id=article_id).values_list("author_id", flat=True)
    )


@pytest.fixture
def back_to_latest():
    """Whatever the test does to the schema, the next tests get every migration applied."""
    yield
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_byline_survives_the_migration_both_ways(article_factory, back_to_latest):
    anna, oleg = ensure_author("Анна Ким"), ensure_author("Олег Рябов")
    article = article_factory("Колонка на двоих", authors=[oleg, anna])
    article.byline = [
        ArticleAuthor(author=oleg, sort_order=0),
        ArticleAuthor(author=anna, sort_order=1),
    ]
    revision = article.save_revision()  # a draft: the live links stay as they are

    migrate(BEFORE)
    assert old_links(article.pk) == {anna.pk, oleg.pk}
    revision.refresh_from_db()
    assert revision.content["authors"] == [oleg.pk, anna.pk]
    assert "byline" not in revision.content

    migrate(AFTER)
    call_command("migrate", verbosity=0)  # and what later migrations add to the model
    article = ArticlePage.objects.get(pk=article.pk)
    # Live links come back in the order readers saw them before (by name).
    assert [a.name for a in article.author_list] == ["Анна Ким", "Олег Рябов"]
    revision.refresh_from_db()
    assert "authors" not in revision.content
    # A revision keeps the order it had.
    assert [a.name for a in revision.as_object().author_list] == ["Олег Рябов", "Анна Ким"]
    assert ArticlePage.objects.filter(authors=anna).get() == article  # readers' filters
