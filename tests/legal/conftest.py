"""Fixtures of the legal tests: registry files in the official formats, a loaded registry."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

XLSX_HEADER = [
    "№ п/п",
    "Полное наименование/ФИО",
    "Дата рождения",
    "Вид (тип) иностранного агента",
    "Основания включения",
    "Дата принятия решения о включении",
    "Дата принятия решения об исключении",
]
XLSX_ROWS = [
    [1, "Перепёлкин Аркадий Семёнович", "01.02.1975", "Физическое лицо", "ст. 4", "07.04.2023", ""],
    [
        2,
        "Загорская Вероника Павловна (псевдоним «Ника Заря»)",
        "",
        "Физическое лицо",
        "ст. 4",
        "11.11.2022",
        None,
    ],
    [3, "Фонд «Открытый горизонт»", "", "Юридическое лицо", "ст. 4", "14.05.2021", ""],
    [
        4,
        "Объединение «Вольный эфир»",
        "",
        "Незарегистрированное общественное объединение",
        "ст. 4",
        "01.03.2022",
        "15.01.2024",
    ],
]


def make_xlsx(rows=None, header=None, title_rows=2) -> bytes:
    """A Minjust-like XLSX export: title rows, the header in row 3, then the data."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Реестр иностранных агентов"])
    if title_rows >= 2:
        sheet.append(["по состоянию на 01.05.2025"])
    sheet.append(header if header is not None else XLSX_HEADER)
    for row in rows if rows is not None else XLSX_ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def xlsx_bytes() -> bytes:
    return make_xlsx()


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()


@pytest.fixture
def fresh_registry(db, settings, tmp_path, on_commit_at_once):
    """The canonical fixture imported as a fresh copy of every kind it holds."""
    from polosa.legal import registry
    from polosa.legal.importers import parse_canonical

    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    registry.forget()
    entries = parse_canonical((FIXTURES / "canonical.csv").read_bytes())
    registry.import_entries(entries, source_name="canonical.csv")
    for kind in registry.LABELLED_KINDS:
        _mark_fresh(kind)
    registry.forget()
    yield entries
    registry.forget()


def _mark_fresh(kind: str) -> None:
    from django.utils import timezone

    from polosa.legal.models import RegistryImport

    if not RegistryImport.objects.filter(kind=kind).exists():
        RegistryImport.objects.create(kind=kind, source_name="test", taken_at=timezone.now())


@pytest.fixture
def on_commit_at_once(monkeypatch):
    """Run ``transaction.on_commit`` callbacks at once: the test's own transaction never
    commits, and the registry's re-labelling waits for a commit."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
