"""A registry change rescans only the articles that may name the changed entries, a
batch at a time."""

import pytest

from polosa.legal import tasks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("names", "stems"),
    [
        (["Тучков Вадим Олегович"], {"Тучк", "Вади", "Олегов"}),
        (["Фонд «Светлый путь»"], {"Фонд", "Светл", "путь"}),
        (["Ли Ян"], set()),
    ],
    ids=["person", "organisation", "short-words"],
)
def test_name_stems_are_what_every_case_of_the_word_contains(names, stems):
    assert tasks.name_stems(names) == stems


@pytest.fixture
def entry(db):
    from polosa.legal.models import RegistryEntry

    return RegistryEntry.objects.create(
        external_id="fa-tuchkov",
        kind="foreign_agent",
        entity_type="person",
        name="Тучков Вадим Олегович",
    )


def test_candidates_are_the_articles_naming_the_entry_in_any_case(entry, article_factory):
    named = [
        article_factory("Интервью", lead="Разговор с Вадимом Тучковым о новой книге."),
        article_factory("ТУЧКОВ ОТВЕТИЛ", lead="Коротко."),
        article_factory("Книга", body=[("paragraph", "<p>Книгу Тучкова издали в марте.</p>")]),
    ]
    article_factory("Погода", lead="Завтра снег.")
    article_factory("Черновик о Тучкове", live=False)
    found = set(tasks.candidate_article_ids([entry.external_id]))
    assert found == {article.pk for article in named}


def test_the_rescan_reads_only_candidates_in_batches(
    entry, article_factory, monkeypatch, django_capture_on_commit_callbacks
):
    from polosa.legal import gate, registry

    mentioning = [
        article_factory(f"Новость {n}", lead="Вадим Тучков выпустил книгу.") for n in range(5)
    ]
    for n in range(4):
        article_factory(f"Другое {n}", lead="Завтра снег.")
    scanned, purged = [], []
    real_scan = gate.scan
    monkeypatch.setattr(gate, "scan", lambda page: scanned.append(page.pk) or real_scan(page))
    monkeypatch.setattr(tasks, "RESCAN_BATCH", 2)
    monkeypatch.setattr(
        "polosa.core.purge.purge_keys", lambda keys, reason="": purged.append(set(keys))
    )
    registry.bump_version()
    registry.forget()
    tasks.rescan_published_articles.call([entry.external_id])
    assert sorted(scanned) == sorted(article.pk for article in mentioning)
    assert [len(keys) for keys in purged[:3]] == [2, 2, 1]  # one purge per batch
    registry.forget()
