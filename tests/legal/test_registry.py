"""Registries in the database: imports in one transaction, versions, freshness, settings."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from polosa.legal import engine, registry
from polosa.legal.importers import parse_foreign_agents_xlsx
from polosa.legal.models import MentionReview, RegistryEntry, RegistryImport

from .conftest import make_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_at_once")]


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    registry.forget()
    yield
    registry.forget()


def test_import_creates_updates_deletes_and_records_the_copy(xlsx_bytes):
    entries = parse_foreign_agents_xlsx(xlsx_bytes)
    result = registry.import_entries(entries, kinds=["foreign_agent"], source_name="fa.xlsx")
    assert (result.created, result.updated, result.deleted) == (4, 0, 0)
    copy = RegistryImport.objects.get(kind="foreign_agent")
    assert copy.row_count == 4 and copy.source_name == "fa.xlsx"

    fewer = parse_foreign_agents_xlsx(
        make_xlsx(
            [
                [1, "Перепёлкин Аркадий Семёнович", "", "Физическое лицо", "", "08.04.2023", ""],
                [2, "Фонд «Открытый горизонт»", "", "Юридическое лицо", "", "14.05.2021", ""],
            ]
        )
    )
    result = registry.import_entries(fewer, kinds=["foreign_agent"])
    assert (result.created, result.updated, result.deleted) == (0, 1, 2)
    assert RegistryEntry.objects.count() == 2


def test_a_failing_import_leaves_nothing_half_done(xlsx_bytes):
    entries = parse_foreign_agents_xlsx(xlsx_bytes)
    registry.import_entries(entries[:1], kinds=["foreign_agent"])
    version = registry.current_version()
    with (
        mock.patch.object(RegistryEntry.objects, "bulk_create", side_effect=RuntimeError("disk")),
        pytest.raises(RuntimeError),
    ):
        registry.import_entries(entries, kinds=["foreign_agent"])
    assert RegistryEntry.objects.count() == 1
    assert RegistryImport.objects.count() == 1
    assert registry.current_version() == version


def test_import_refuses_mixed_kinds_and_duplicate_ids(xlsx_bytes):
    entries = parse_foreign_agents_xlsx(xlsx_bytes)
    with pytest.raises(registry.RegistryImportError, match="ожидался extremist"):
        registry.import_entries(entries, kinds=["extremist"])
    with pytest.raises(registry.RegistryImportError, match="повторяет"):
        registry.import_entries([entries[0], entries[0]])
    assert not RegistryEntry.objects.exists()


def test_decisions_survive_a_reimport(xlsx_bytes, article_factory):
    entries = parse_foreign_agents_xlsx(xlsx_bytes)
    registry.import_entries(entries, kinds=["foreign_agent"])
    article = article_factory()
    review = MentionReview.objects.create(
        article=article,
        entry=RegistryEntry.objects.get(external_id=entries[0].id),
        entry_key=entries[0].id,
        matched_text="Перепёлкин",
        normalised_key="перепелкин",
        decision=MentionReview.Decision.CONFIRMED,
    )
    registry.import_entries(parse_foreign_agents_xlsx(make_xlsx()), kinds=["foreign_agent"])
    review.refresh_from_db()
    assert review.entry is not None and review.decision == "confirmed"


def test_every_change_bumps_the_version_and_purges_what_marks_the_entry(
    purged, django_capture_on_commit_callbacks
):
    version = registry.current_version()
    with django_capture_on_commit_callbacks(execute=True):
        entry = RegistryEntry.objects.create(
            external_id="x-1", kind="extremist", entity_type="organisation", name="Движение «Гроза»"
        )
    assert registry.current_version() == version + 1
    assert purged.keys == {"legal-registry", "legal-x-1"}
    assert "x-1" in registry.current().entries
    with django_capture_on_commit_callbacks(execute=True):
        entry.delete()
    assert registry.current_version() == version + 2
    assert "x-1" not in registry.current().entries


def test_the_matcher_is_loaded_once_per_version(django_assert_num_queries):
    registry.current()
    with django_assert_num_queries(0):
        for _ in range(5):
            registry.current()


def test_freshness_window(settings):
    assert set(registry.stale_kinds()) == set(registry.LABELLED_KINDS)
    now = timezone.now()
    RegistryImport.objects.create(kind="foreign_agent", taken_at=now - timedelta(days=3))
    RegistryImport.objects.create(kind="extremist", taken_at=now - timedelta(days=9))
    registry.forget()
    status = registry.freshness()
    assert status["foreign_agent"] == engine.FRESH
    assert status["extremist"] == engine.UNKNOWN
    settings.POLOSA_LEGAL_FRESHNESS_DAYS = 2
    assert registry.freshness()["foreign_agent"] == engine.UNKNOWN


def test_rosfinmonitoring_individuals_are_off_by_default(settings, fixture_bytes):
    from polosa.legal.importers import parse_rosfinmonitoring_html

    entries = parse_rosfinmonitoring_html(fixture_bytes("rosfinmonitoring.html"))
    assert {e.entity_type for e in registry.engine_entries(entries)} == {"organisation"}
    settings.POLOSA_LEGAL_ROSFINMONITORING_PERSONS = True
    assert len(registry.engine_entries(entries)) == 4


def test_excluded_entries_drop_or_say_formerly(settings, xlsx_bytes):
    from polosa.legal import labels

    entries = parse_foreign_agents_xlsx(xlsx_bytes)  # «Вольный эфир» excluded in 2024
    html = "<p>Объединение «Вольный эфир» распущено.</p>"
    matcher = registry.compile_matcher(registry.engine_entries(entries))
    assert labels.mark(matcher, html).footnotes == []
    settings.POLOSA_LEGAL_EXCLUDED = "formerly"
    matcher = registry.compile_matcher(registry.engine_entries(entries))
    labelled = labels.mark(matcher, html)
    assert "ранее признанная иностранным агентом" in labelled.footnotes[0].text


def test_outlet_footnote_templates(settings, fresh_registry):
    from polosa import legal

    settings.POLOSA_LEGAL_FOOTNOTES = {"foreign_agent": "{name} внесен{a} в реестр иноагентов"}
    labelled = legal.label_html("<p>Вероника Загорская приехала.</p>")
    assert labelled.footnotes_html.endswith(
        "Загорская Вероника Павловна внесена в реестр иноагентов</p></div>"
    )
