"""The undesirable-organisations list (Minjust) in both shapes it is published in: the
registry service's XLSX export and the page's HTML table."""

from __future__ import annotations

from datetime import date

import pytest

from polosa.legal.engine import RegistryFormatError
from polosa.legal.importers import parse_file, parse_undesirable
from tests.legal.conftest import FIXTURES

HEADER = [
    "№ п/п",
    "Полное наименование организации",
    "Наименование на языке оригинала",
    "Дата и номер решения Генерального прокурора Российской Федерации",
    "Дата внесения в перечень",
    "Дата исключения из перечня",
]
ROWS = [
    [
        1,
        "Международный республиканский институт",
        "International Republican Institute",
        "от 17.08.2016 № 27-06-2016",
        "18.08.2016",
        "",
    ],
    [2, "Фонд «Северное сияние»", "Stiftung Nordlicht", "от 12.03.2024", "14.03.2024", None],
    [3, "Общество «Тёплый ветер»", "", "от 01.02.2021", "03.02.2021", "05.05.2024"],
]


def make_undesirable_xlsx(rows=None, header=None) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Перечень иностранных и международных неправительственных организаций"])
    sheet.append(["по состоянию на 01.11.2026"])
    sheet.append(header if header is not None else HEADER)
    for row in rows if rows is not None else ROWS:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_xlsx_export_gives_organisations_with_their_original_names_and_dates():
    entries = parse_undesirable(make_undesirable_xlsx())
    assert [(e.kind, e.entity_type, e.name) for e in entries] == [
        ("undesirable", "organisation", "Международный республиканский институт"),
        ("undesirable", "organisation", "Фонд «Северное сияние»"),
        ("undesirable", "organisation", "Общество «Тёплый ветер»"),
    ]
    assert entries[0].aliases == ("International Republican Institute",)
    assert entries[0].included_on == date(2016, 8, 18)
    assert entries[2].excluded_on == date(2024, 5, 5)


def test_the_html_page_gives_the_same_shape_of_entries():
    entries = parse_undesirable((FIXTURES / "undesirable.html").read_bytes())
    names = {e.name: e for e in entries}
    assert set(names) == {
        "Национальный фонд в поддержку демократии",
        "Институт «Открытое общество»",
        "Фонд «Северное сияние»",
        "Ассоциация «Балтийский маяк»",
    }
    ned = names["Национальный фонд в поддержку демократии"]
    assert "The National Endowment for Democracy" in ned.aliases and "NED" in ned.aliases
    assert ned.included_on == date(2015, 7, 28)
    # No date of inclusion: the Prosecutor General's decision dates it.
    assert names["Ассоциация «Балтийский маяк»"].included_on == date(2023, 9, 2)


def test_ids_are_stable_from_one_copy_to_the_next():
    first = parse_undesirable(make_undesirable_xlsx())
    again = parse_undesirable(make_undesirable_xlsx(rows=list(reversed(ROWS))))
    assert {e.id for e in first} == {e.id for e in again}
    assert all(e.id.startswith("un-") for e in first)


def test_it_is_an_import_format_replacing_the_undesirable_kind():
    entries, replaces = parse_file("undesirable", make_undesirable_xlsx())
    assert replaces == "undesirable" and len(entries) == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 broken", "не читается как XLSX"),
        (b"<html><body><p>Nothing here</p></body></html>", "не перечень нежелательных"),
        (make_undesirable_xlsx(header=["№", "Что-то", "Другое"]), "нет заголовка"),
        (
            make_undesirable_xlsx(header=["№ п/п", "Наименование организации", "Страна"]),
            "ни даты внесения",
        ),
        (make_undesirable_xlsx(rows=[]), "нет ни одной записи"),
        (make_undesirable_xlsx(rows=[[1, "", "", "", "01.01.2020", ""]]), "строка 4: пустое"),
        (
            make_undesirable_xlsx(rows=[[1, "Фонд «Ясень»", "", "", "31.02.2020", ""]]),
            "строка 4: неверная дата «31.02.2020»",
        ),
        (
            make_undesirable_xlsx(rows=[[1, "Фонд «Ясень»", "", "", "01.02.2020", "01.01.2019"]]),
            "раньше даты внесения",
        ),
    ],
    ids=[
        "not a spreadsheet",
        "a page without the table",
        "a header without the name",
        "no date at all",
        "no rows",
        "an empty name",
        "an impossible date",
        "excluded before included",
    ],
)
def test_a_broken_copy_is_refused_naming_the_row(data, message):
    with pytest.raises(RegistryFormatError, match=message):
        parse_undesirable(data)


@pytest.mark.django_db
def test_an_uploaded_list_marks_an_article_with_the_undesirable_footnote(
    client, settings, tmp_path, on_commit_at_once, article_factory
):
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.rich_text import RichText

    from polosa.legal import registry
    from polosa.legal.models import RegistryEntry

    settings.VAR_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    registry.forget()
    client.force_login(User.objects.create_superuser("chief", "chief@example.com", "pw"))
    response = client.post(
        "/admin/legal/import/",
        {
            "fmt": "undesirable",
            "file": SimpleUploadedFile(
                "undesirable.html", (FIXTURES / "undesirable.html").read_bytes()
            ),
        },
        follow=True,
    )
    assert "нежелательные организации: импортировано записей — 4" in response.content.decode()
    assert RegistryEntry.objects.filter(kind="undesirable").count() == 4
    article = article_factory(
        "Гранты", body=[("paragraph", RichText("<p>Деньги выделил фонд «Северное сияние».</p>"))]
    )
    client.logout()
    page = client.get(article.url).content.decode()
    assert "«Северное сияние»*" in page or "«Северное сияние*»" in page
    assert "деятельность организации признана нежелательной на территории РФ" in page
    registry.forget()
