"""The readers' index follows every write readers can see: publication, edits, unpublication,
deletion, moves, restrictions, tags and authors; ``polosa search reindex`` rebuilds it."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.db import connection

from polosa.news.models import ArticlePage
from polosa.search import query
from polosa.search.index import lemmatiser
from polosa.search.models import SearchEntry

requires_sqlite = pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""), reason="needs SQLite (the default)"
)


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def run(article):
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
        article.refresh_from_db()
        return article

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a write and what waits for its commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def found(text: str, **filters) -> list[int]:
    groups = lemmatiser().query(text)
    hits = query.hits(groups, query.Filters(**filters), offset=0, limit=50)
    return [hit.article_id for hit in hits]


def test_a_publication_indexes_the_article_once_it_commits(article_factory, committed):
    article = article_factory("Фестиваль в Самаре")
    assert found("фестиваль") == []  # created live without Wagtail's publish: no signal
    with committed() as callbacks:
        article.save_revision().publish()
        assert found("фестиваль") == []  # not before the commit
    assert callbacks and found("фестиваль") == [article.pk]


def test_a_republished_edit_replaces_the_old_words(article_factory, publish):
    article = publish(article_factory("Фестиваль в Самаре"))
    article.title = "Концерт в Казани"
    publish(article)
    assert found("фестиваль") == [] and found("концерт") == [article.pk]
    assert SearchEntry.objects.count() == 1


def test_a_draft_edit_of_a_live_article_leaves_what_readers_see(article_factory, publish):
    article = publish(article_factory("Фестиваль в Самаре"))
    article.title = "Совсем новый заголовок"
    article.save_revision()
    assert found("фестиваль") == [article.pk] and found("заголовок") == []


def test_a_new_publication_time_moves_the_entry(article_factory, publish):
    from datetime import timedelta

    article = publish(article_factory("Фестиваль в Самаре"))
    article.published_at = article.published_at - timedelta(days=400)
    publish(article)
    assert found("фестиваль", since=article.published_at + timedelta(days=1)) == []
    assert found("фестиваль") == [article.pk]


def test_unpublishing_removes_it_at_once(article_factory, publish):
    article = publish(article_factory("Фестиваль в Самаре"))
    article.unpublish()
    assert found("фестиваль") == [] and not SearchEntry.objects.exists()


def test_deleting_removes_it(article_factory, publish):
    article = publish(article_factory("Фестиваль в Самаре"))
    article.delete()
    assert found("фестиваль") == [] and not SearchEntry.objects.exists()


def test_a_move_to_another_rubric_moves_it_between_rubric_filters(
    article_factory, publish, rubrics, committed
):
    article = publish(article_factory("Фестиваль в Самаре", rubric=rubrics[0]))
    with committed():
        article.move(rubrics[2], pos="last-child")
    assert found("фестиваль", rubric_id=rubrics[2].pk) == [article.pk]
    assert found("фестиваль", rubric_id=rubrics[0].pk) == []


def test_a_restriction_removes_everything_under_it_and_lifting_it_brings_it_back(
    article_factory, publish, rubrics, committed
):
    from wagtail.models import PageViewRestriction

    inside = publish(article_factory("Фестиваль для своих", rubric=rubrics[3]))
    outside = publish(article_factory("Фестиваль для всех", rubric=rubrics[0]))
    restriction = PageViewRestriction.objects.create(
        page=rubrics[3], restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    assert found("фестиваль") == [outside.pk]
    with committed():
        restriction.delete()
    assert sorted(found("фестиваль")) == sorted([inside.pk, outside.pk])


def test_renaming_a_tag_or_an_author_reindexes_their_articles(article_factory, publish, committed):
    from taggit.models import Tag

    from polosa.news import content

    author = content.ensure_author("Екатерина Вьюгина")
    article = publish(article_factory("Новый релиз", authors=[author], tags=["премьеры"]))
    with committed():
        tag = Tag.objects.get(name="премьеры")
        tag.name = "фестивали"
        tag.save()
        author.name = "Екатерина Метелица"
        author.save()
    assert found("фестиваль") == [article.pk] and found("премьера") == []
    assert found("Метелицей") == [article.pk] and found("Вьюгиной") == []


def test_a_person_added_to_the_directory_reindexes_the_articles_with_their_name(
    article_factory, publish, committed, settings
):
    from wagtail.rich_text import RichText

    from polosa.people.models import Person

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    body = [("paragraph", RichText("<p>Главную роль сыграла Кедровой.</p>"))]
    article = publish(article_factory("Премьера", body=body))
    assert found("Кедрову") == []  # pymorphy3 alone: «кедровый» and «кедров»
    with committed():
        Person.objects.create(name="Полина Кедрова", category="actor")
    assert found("Кедрову") == [article.pk]


def test_reindex_rebuilds_the_index_from_the_published_articles(article_factory, publish):
    visible = publish(article_factory("Фестиваль в Самаре"))
    edited = publish(article_factory("Концерт в Казани"))
    hidden = publish(article_factory("Фестиваль-черновик"))
    missing = article_factory("Выставка в Перми")  # created live, never indexed
    ArticlePage.objects.filter(pk=hidden.pk).update(live=False)  # behind the signals' back
    ArticlePage.objects.filter(pk=edited.pk).update(title="Спектакль в Казани")
    out, err = io.StringIO(), io.StringIO()
    call_command("search", "reindex", stdout=out, stderr=err)
    assert "В индексе материалов: 3" in out.getvalue()
    assert "100%" in err.getvalue()  # the progress bar
    assert found("фестиваль") == [visible.pk]
    assert found("спектакль") == [edited.pk] and found("концерт") == []
    assert found("выставка") == [missing.pk]
    assert SearchEntry.objects.count() == 3


def test_the_query_command_shows_what_a_query_finds(article_factory, publish):
    publish(article_factory("Фестиваль в Самаре"))
    out = io.StringIO()
    call_command("search", "query", "фестивалей", stdout=out)
    printed = out.getvalue().replace("\xa0", " ")  # the typography's non-breaking space
    assert "1 — фестиваль" in printed and "Фестиваль в Самаре" in printed


@requires_sqlite
def test_on_sqlite_the_full_text_lives_in_an_fts5_table_kept_by_triggers(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'polosa_search_fts'")
        assert "fts5" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT name FROM sqlite_master "
            "WHERE type = 'trigger' AND name LIKE 'polosa_search_fts_%'"
        )
        assert {row[0] for row in cursor.fetchall()} == {
            "polosa_search_fts_insert",
            "polosa_search_fts_delete",
            "polosa_search_fts_update",
        }


@pytest.mark.postgres
@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://… (.ci/run does)",
)
def test_on_postgresql_the_vectors_are_generated_columns_with_gin_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, is_generated FROM information_schema.columns "
            "WHERE table_name = 'polosa_search_searchentry' AND column_name IN ('head', 'vector')"
        )
        assert dict(cursor.fetchall()) == {"head": "ALWAYS", "vector": "ALWAYS"}
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'polosa_search_searchentry' "
            "AND indexdef LIKE '%gin%'"
        )
        assert {row[0] for row in cursor.fetchall()} == {
            "polosa_search_head",
            "polosa_search_vector",
        }


def test_the_demo_hook_builds_the_index_of_bulk_loaded_articles(article_factory):
    """``polosa demo`` loads articles without publication signals, then calls each app's
    ``demo.populate``."""
    from polosa.search import demo

    article = article_factory("Фестиваль в Самаре")  # created live, no signal
    out = io.StringIO()
    demo.populate(stdout=out)
    assert found("фестиваль") == [article.pk]
    assert "материалов: 1" in out.getvalue()
