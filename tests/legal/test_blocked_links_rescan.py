"""The archive rescan after the blocked resources change goes batch by batch, like the
mentions rescan: the live articles' ids first, then a few queries per batch of articles
(never the whole archive at once, never one transaction around it), each batch purged."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.rich_text import RichText

from polosa.core import surrogate
from polosa.legal import registry, services, tasks
from polosa.legal.importers.blocked_csv import parse_blocked_csv
from polosa.legal.models import LinkReview
from polosa.news import services as news_services

pytestmark = pytest.mark.django_db

BLOCKED_CSV = (
    "kind,address,note,included_on\n"
    "site,zapretny-portal.example,Решение суда от 01.02.2024,2024-02-01\n"
    "telegram,@tenevoy_kanal,,\n"
).encode()
LINKED = (
    '<p>Подробности — на <a href="https://zapretny-portal.example/razbor">портале</a> и в '
    '<a href="https://t.me/tenevoy_kanal">канале</a>.</p>'
)
PLAIN = '<p>Наш сайт: <a href="https://polosa.example/">«Полоса»</a>.</p>'


@pytest.fixture
def archive(fresh_registry, article_factory):
    """Seven live articles in id order: links, none, links, none, links (corrected),
    none, none; and a draft with links, which is not rescanned."""
    bodies = [LINKED, PLAIN, LINKED, PLAIN, LINKED, PLAIN, PLAIN]
    articles = [
        article_factory(f"Материал {n}", body=[("paragraph", RichText(body))])
        for n, body in enumerate(bodies)
    ]
    news_services.publish_correction(articles[4], "Уточнено название портала.")
    article_factory("Черновик", body=[("paragraph", RichText(LINKED))], live=False)
    services.blocked_import(parse_blocked_csv(BLOCKED_CSV), source_name="blocked.csv")
    LinkReview.objects.all().delete()  # as if the import's own rescan had not run yet
    registry.forget()
    registry.current()  # the matcher loaded, as in a worker that has run before
    return articles


@pytest.fixture
def recorded(monkeypatch):
    """The queries of each batch (the ids query comes before the first) and the purges."""
    record = {"batches": [], "purged": [], "context": None}
    real_batches = tasks.batches

    def counted(ids, size):
        context = record["context"]
        for batch in real_batches(ids, size):
            if context is not None:
                record["batches"].append(len(context.captured_queries))
            yield batch
        if context is not None:
            record["batches"].append(len(context.captured_queries))

    monkeypatch.setattr(tasks, "batches", counted)
    monkeypatch.setattr(
        "polosa.core.purge.purge_keys", lambda keys, reason="": record["purged"].append(set(keys))
    )
    monkeypatch.setattr(registry, "forget", lambda: None)  # keep the loaded matcher
    return record


def run_rescan(record, batch_size: int) -> tuple[int, list[int]]:
    """Run the task; its result and the number of queries of each batch."""
    with CaptureQueriesContext(connection) as context:
        record["context"] = context
        record["batches"].clear()
        record["purged"].clear()
        touched = tasks.rescan_blocked_links.call(batch_size)
    record["context"] = None
    marks = record["batches"]
    return touched, [after - before for before, after in zip(marks, marks[1:], strict=False)]


def test_each_batch_reads_its_articles_their_links_and_inserts_the_new_ones(archive, recorded):
    touched, per_batch = run_rescan(recorded, batch_size=2)
    # Batches: [links, none] [links, none] [links (corrected), none] [none].
    # Articles, links already recorded, one insert of the new ones; the corrected
    # article's notes are one query more; a batch without links inserts nothing.
    assert per_batch == [3, 3, 4, 2]
    assert touched == 3
    assert recorded["purged"] == [
        {surrogate.article(archive[0].pk)},
        {surrogate.article(archive[2].pk)},
        {surrogate.article(archive[4].pk)},
    ]
    assert set(LinkReview.objects.values_list("article_id", "href", "decision")) == {
        (article.pk, href, "pending")
        for article in (archive[0], archive[2], archive[4])
        for href in ("https://zapretny-portal.example/razbor", "https://t.me/tenevoy_kanal")
    }


def test_a_second_rescan_inserts_nothing_and_keeps_the_decisions(archive, recorded):
    run_rescan(recorded, batch_size=2)
    LinkReview.objects.filter(article=archive[0]).update(decision=LinkReview.Decision.UNLINKED)
    touched, per_batch = run_rescan(recorded, batch_size=3)
    # Batches: [links, none, links] [none, links (corrected), none] [none].
    assert per_batch == [2, 3, 2]
    assert touched == 3
    assert LinkReview.objects.count() == 6
    assert set(
        LinkReview.objects.filter(article=archive[0]).values_list("decision", flat=True)
    ) == {"unlinked"}


def test_an_article_whose_links_left_the_list_is_purged_too(archive, recorded):
    run_rescan(recorded, batch_size=10)
    services.blocked_import(
        parse_blocked_csv(b"kind,address,note,included_on\ntelegram,@drugoy_kanal,,\n"),
        source_name="blocked.csv",
    )
    registry.current()  # the new list loaded
    touched, per_batch = run_rescan(recorded, batch_size=10)
    # No article links to the new list: nothing to insert, but the pages that showed the
    # old links unlinked get them back, so they are purged.
    assert per_batch == [3]
    assert touched == 3
    assert recorded["purged"] == [{surrogate.article(archive[n].pk) for n in (0, 2, 4)}]
