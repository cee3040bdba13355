"""Registry file parsers: the official formats and every kind of broken file."""

from __future__ import annotations

from datetime import date

import pytest

from polosa.legal.engine import RegistryFormatError
from polosa.legal.importers import (
    parse_canonical,
    parse_extremist_html,
    parse_file,
    parse_foreign_agents_xlsx,
    parse_rosfinmonitoring_html,
    parse_terrorist_html,
)

from .conftest import XLSX_HEADER, make_xlsx


def test_canonical_csv(fixture_bytes):
    entries = parse_canonical(fixture_bytes("canonical.csv"))
    meta = next(e for e in entries if e.id == "ex-meta")
    assert "Инстаграм" in meta.aliases
    assert meta.footnote.startswith("Деятельность компании Meta Platforms Inc.")


def test_canonical_errors_name_the_line():
    bad = (
        "id,kind,entity_type,name,aliases,included_on,excluded_on,footnote\nx,alien,person,A,,,,\n"
    )
    with pytest.raises(RegistryFormatError, match="строка 2"):
        parse_canonical(bad.encode())
    person = (
        "id,kind,entity_type,name,aliases,included_on,excluded_on,footnote\np,person,person,A,,,,\n"
    )
    with pytest.raises(RegistryFormatError, match="справочник людей"):
        parse_canonical(person.encode())


def test_minjust_xlsx(xlsx_bytes):
    entries = parse_foreign_agents_xlsx(xlsx_bytes)
    assert [e.entity_type for e in entries] == ["person", "person", "organisation", "organisation"]
    zagorskaya = entries[1]
    assert zagorskaya.name == "Загорская Вероника Павловна"
    assert zagorskaya.aliases == ("Ника Заря",)
    assert zagorskaya.included_on == date(2022, 11, 11)
    assert entries[3].excluded_on == date(2024, 1, 15)
    assert all(e.kind == "foreign_agent" for e in entries)
    # Ids are stable from one copy to the next (decisions stay attached).
    assert [e.id for e in parse_foreign_agents_xlsx(make_xlsx())] == [e.id for e in entries]


def test_minjust_xlsx_real_dates_in_cells():
    from datetime import datetime

    rows = [[1, "Перепёлкин Аркадий Семёнович", "", "Физическое лицо", "", datetime(2023, 4, 7)]]
    assert parse_foreign_agents_xlsx(make_xlsx(rows))[0].included_on == date(2023, 4, 7)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "не читается как XLSX"),
        (make_xlsx(header=["№", "Что-то", "Другое"]), "строка 3: в заголовке нет столбца"),
        (make_xlsx(title_rows=1), "строка 3: в заголовке нет столбца"),
        (
            make_xlsx([[1, "Иванов Иван", "", "Физическое лицо", "", "31.02.2023", ""]]),
            "строка 4: неверная дата «31.02.2023»",
        ),
        (
            make_xlsx(
                [
                    [1, "Иванов Иван", "", "Физическое лицо", "", "01.02.2023", ""],
                    [2, "Петров Пётр", "", "Инопланетянин", "", "01.02.2023", ""],
                ]
            ),
            "строка 5: неизвестный вид «Инопланетянин»",
        ),
        (
            make_xlsx([[1, "", "", "Физическое лицо", "", "01.02.2023", ""]]),
            "строка 4: пустое",
        ),
        (make_xlsx([]), "нет ни одной записи"),
    ],
)
def test_minjust_xlsx_errors(data, message):
    with pytest.raises(RegistryFormatError, match=message):
        parse_foreign_agents_xlsx(data)


def test_xlsx_header_is_row_three():
    assert XLSX_HEADER[1].startswith("Полное наименование")
    with pytest.raises(RegistryFormatError, match="строка 3"):
        parse_foreign_agents_xlsx(make_xlsx(title_rows=1))


def test_extremist_html(fixture_bytes):
    entries = parse_extremist_html(fixture_bytes("extremist.html"))
    assert len(entries) == 3
    assert entries[0].name == "Межрегиональное общественное объединение «Северное братство»"
    assert entries[0].included_on == date(2012, 8, 2)
    assert entries[2].name == "Корпорация Meta Platforms Inc."
    assert {e.kind for e in entries} == {"extremist"}


def test_extremist_html_errors():
    with pytest.raises(RegistryFormatError, match="не перечень экстремистских"):
        parse_extremist_html(b"<html><body><p>Hello</p></body></html>")
    doubled = "<p>1. А «Б» (решение суда от 01.01.2020);</p>\n<p>1. В «Г» (решение суда);</p>"
    with pytest.raises(RegistryFormatError, match="строка 2: пункт 1 повторяется"):
        parse_extremist_html(doubled.encode())
    with pytest.raises(RegistryFormatError, match="без названия"):
        parse_extremist_html("<p>1. (решение суда от 01.01.2020)</p>".encode())


def test_terrorist_html(fixture_bytes):
    entries = parse_terrorist_html(fixture_bytes("terrorist.html"))
    assert len(entries) == 3
    ig = entries[1]
    assert ig.name == "«Исламское государство»"
    assert ig.aliases == ("Исламское государство Ирака и Леванта", "ИГИЛ")
    assert ig.included_on == date(2014, 12, 29)


def test_terrorist_html_errors():
    with pytest.raises(RegistryFormatError, match="нет таблицы"):
        parse_terrorist_html(b"<p>nothing</p>")
    short = (
        "<table>\n<tr><th>№</th><th>Наименование организации</th><th>Решение</th></tr>\n"
        "<tr><td>1</td><td>«Ночь»</td></tr>\n</table>"
    )
    with pytest.raises(RegistryFormatError, match="строка 3: в ряду таблицы 2 ячейки"):
        parse_terrorist_html(short.encode())
    bad_number = short.replace("<td>1</td><td>«Ночь»</td>", "<td>x</td><td>«Ночь»</td><td>-</td>")
    with pytest.raises(RegistryFormatError, match="строка 3: номер «x»"):
        parse_terrorist_html(bad_number.encode())


def test_rosfinmonitoring_html(fixture_bytes):
    entries = parse_rosfinmonitoring_html(fixture_bytes("rosfinmonitoring.html"))
    people = [e for e in entries if e.entity_type == "person"]
    organisations = [e for e in entries if e.entity_type == "organisation"]
    assert [p.name for p in people] == [
        "Куземкин Прохор Ильич",
        "Озёрная-Ветрова Елизавета Марковна",
    ]
    assert organisations[0].name == "АВТОНОМНАЯ НЕКОММЕРЧЕСКАЯ ОРГАНИЗАЦИЯ «ЗАРЯ ВОСТОКА»"
    assert len({e.id for e in entries}) == 4


def test_rosfinmonitoring_html_errors():
    with pytest.raises(RegistryFormatError, match="не перечень Росфинмониторинга"):
        parse_rosfinmonitoring_html(b"<h3>Other</h3><p>x</p>")
    outside = "<ol>\n<li>1. ИВАНОВ ИВАН*, 01.01.1980 г.р.;</li></ol>"
    with pytest.raises(RegistryFormatError, match="строка 2: пункт «1. ИВАНОВ"):
        parse_rosfinmonitoring_html(outside.encode())
    bad_birth = "<h3>Физические лица</h3>\n<ol>\n<li>1. ИВАНОВ ИВАН*, 41.01.1980 г.р.;</li></ol>"
    with pytest.raises(RegistryFormatError, match="строка 3: неверная дата «41.01.1980»"):
        parse_rosfinmonitoring_html(bad_birth.encode())


def test_unknown_format():
    with pytest.raises(RegistryFormatError, match="неизвестный формат"):
        parse_file("pdf", b"")
