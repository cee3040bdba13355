"""The mentions index for the archive published before it existed: ``polosa legal mentions
--rebuild`` and the worker's task index every live article batch by batch with a progress
line per batch, drop rows of articles no longer live, open the pending reviews the gate
would; the migration that creates the index queues the task when there is an archive."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.rich_text import RichText

from polosa.legal import apps as legal_apps
from polosa.legal import mentions, tasks
from polosa.legal.models import ArticleMention, MentionReview, RegistryEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def orlov(fresh_registry):
    return RegistryEntry.objects.create(
        external_id="fa-orlov", kind="foreign_agent", entity_type="person", name="Орлов Пётр Ильич"
    )


@pytest.fixture
def archive(orlov, article_factory):
    """Three live articles that predate the index (no rows), one of them uncertain."""

    def make(title, text):
        return article_factory(title, body=[("paragraph", RichText(f"<p>{text}</p>"))])

    made = [
        make("Концерт", "Выступил Аркадий Перепёлкин."),
        make("Соцсети", "Запрет Instagram продлили."),
        make("Митинг", "Вчера Орлов выступил на митинге."),
    ]
    ArticleMention.objects.all().delete()
    MentionReview.objects.all().delete()
    return made


def rows():
    return set(ArticleMention.objects.values_list("article__title", "entry__name", "status"))


EXPECTED = {
    ("Концерт", "Перепёлкин Аркадий Семёнович", "marked"),
    ("Соцсети", "Meta Platforms Inc.", "marked"),
    ("Митинг", "Орлов Пётр Ильич", "pending"),
}


def test_the_rebuild_indexes_articles_older_than_the_index_batch_by_batch(archive):
    seen = []
    result = mentions.rebuild(batch_size=2, progress=seen.append)
    assert rows() == EXPECTED
    assert [(p.done, p.total) for p in seen] == [(2, 3), (3, 3)]
    assert (result.done, result.total, result.rows) == (3, 3, 3)


def test_the_rebuild_opens_the_review_the_gate_would_and_keeps_decisions(archive):
    mentions.rebuild()
    review = MentionReview.objects.get(entry_key="fa-orlov")
    assert review.decision == MentionReview.Decision.PENDING
    review.decision = MentionReview.Decision.DISMISSED
    review.save(update_fields=["decision"])
    mentions.rebuild()
    assert list(MentionReview.objects.values_list("decision", flat=True)) == ["dismissed"]
    assert ("Митинг", "Орлов Пётр Ильич", "dismissed") in rows()


def test_the_rebuild_drops_rows_of_articles_no_longer_live(archive):
    mentions.rebuild()
    concert = archive[0]
    type(concert).objects.filter(pk=concert.pk).update(live=False)  # as an old unpublish left it
    mentions.rebuild()
    assert "Концерт" not in {title for title, _entry, _status in rows()}


def test_the_command_rebuilds_with_a_progress_line_per_batch(archive):
    out = io.StringIO()
    call_command("legal", "mentions", "--rebuild", "--batch", "2", stdout=out)
    assert out.getvalue().splitlines() == [
        "Проиндексировано материалов: 2 из 3 (строк индекса: 2)",
        "Проиндексировано материалов: 3 из 3 (строк индекса: 3)",
        "Готово: материалов 3, строк индекса 3",
    ]
    assert rows() == EXPECTED


def test_the_command_without_rebuild_tells_how_the_index_stands(archive):
    out = io.StringIO()
    call_command("legal", "mentions", stdout=out)
    assert out.getvalue().strip() == (
        "Опубликованных материалов: 3; с упоминаниями в индексе: 0; строк индекса: 0"
    )


@pytest.mark.parametrize("batch", ["0", "-5"])
def test_a_batch_that_is_not_positive_is_refused(archive, batch):
    with pytest.raises(CommandError, match="--batch: нужно целое число больше нуля"):
        call_command("legal", "mentions", "--rebuild", "--batch", batch, stdout=io.StringIO())


def test_the_worker_task_rebuilds_the_index(archive):
    assert tasks.rebuild_mentions_index.call() == 3
    assert rows() == EXPECTED


class _Migration:
    def __init__(self, app_label: str, name: str) -> None:
        self.app_label, self.name = app_label, name


@pytest.mark.parametrize(
    ("plan", "queued"),
    [
        ([(_Migration("legal", "0007_article_mentions"), False)], True),
        ([(_Migration("legal", "0007_article_mentions"), True)], False),
        ([(_Migration("news", "0008_merge"), False)], False),
        ([], False),
    ],
    ids=["index created", "index unapplied", "another migration", "nothing applied"],
)
def test_the_migration_creating_the_index_queues_the_backfill(archive, plan, queued):
    # The tests' task backend runs a queued task at once.
    legal_apps.queue_mentions_backfill(plan=plan)
    assert rows() == (EXPECTED if queued else set())


def test_a_new_site_queues_no_backfill(fresh_registry, django_assert_num_queries):
    with django_assert_num_queries(1):  # is there a live article?
        legal_apps.queue_mentions_backfill(
            plan=[(_Migration("legal", "0007_article_mentions"), False)]
        )
