"""The plaque, the canonical CSV and registry freshness."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from polosa.legal.engine import (
    RegistryEntry,
    RegistryFormatError,
    plaque,
    read_canonical_csv,
    registry_status,
    write_canonical_csv,
)

from .registry import ENTRIES

HEAD = "НАСТОЯЩИЙ МАТЕРИАЛ (ИНФОРМАЦИЯ) ПРОИЗВЕДЕН, РАСПРОСТРАНЕН И (ИЛИ) НАПРАВЛЕН "


def test_plaque_male_person():
    assert plaque("Журавлёв Кирилл Андреевич") == (
        HEAD + "ИНОСТРАННЫМ АГЕНТОМ ЖУРАВЛЁВЫМ КИРИЛЛОМ АНДРЕЕВИЧЕМ ЛИБО КАСАЕТСЯ "
        "ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ЖУРАВЛЁВА КИРИЛЛА АНДРЕЕВИЧА. 18+"
    )


def test_plaque_female_person():
    assert plaque("Петрова Анна Сергеевна") == (
        HEAD + "ИНОСТРАННЫМ АГЕНТОМ ПЕТРОВОЙ АННОЙ СЕРГЕЕВНОЙ ЛИБО КАСАЕТСЯ "
        "ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ПЕТРОВОЙ АННЫ СЕРГЕЕВНЫ. 18+"
    )
    assert "АГЕНТОМ ШМИДТ АННОЙ КАРЛОВНОЙ" in plaque("Шмидт Анна Карловна")


def test_plaque_organisation():
    assert plaque("ООО «Рога»", "organisation") == (
        HEAD + "ИНОСТРАННЫМ АГЕНТОМ ООО «РОГА» ЛИБО КАСАЕТСЯ "
        "ДЕЯТЕЛЬНОСТИ ИНОСТРАННОГО АГЕНТА ООО «РОГА». 18+"
    )
    text = plaque("Фонд «Свобода»", "organisation")
    assert "АГЕНТОМ ФОНДОМ «СВОБОДА» ЛИБО" in text
    assert "АГЕНТА ФОНДА «СВОБОДА». 18+" in text


def test_csv_round_trip():
    text = write_canonical_csv(ENTRIES)
    assert text.startswith("id,kind,entity_type,name,aliases,included_on,excluded_on,footnote\n")
    assert read_canonical_csv(text) == ENTRIES


HEADER = "id,kind,entity_type,name,aliases,included_on,excluded_on,footnote\n"
GOOD = "a,foreign_agent,person,Иванов Иван,,2024-01-05,,\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("b,alien,person,Икс,,,,\n", "строка 3: неизвестный реестр (kind) «alien»"),
        (
            "b,foreign_agent,person,Икс,,2024-13-01,,\n",
            "строка 3: неверная дата в столбце included_on",
        ),
        ("b,foreign_agent,person,,,,,\n", "строка 3: нет названия или ФИО"),
        ("a,foreign_agent,person,Икс,,,,\n", "строка 3: идентификатор «a» уже был в строке 2"),
        ("b,foreign_agent,person,Икс\n", "строка 3: столбцов 4 вместо 8"),
        ("b,foreign_agent,robot,Икс,,,,\n", "строка 3: неизвестный тип (entity_type) «robot»"),
        ("b,foreign_agent,person,Икс,,2024-02-01,2024-01-01,\n", "строка 3: дата исключения"),
    ],
)
def test_csv_errors_name_the_line_in_russian(body, message):
    with pytest.raises(RegistryFormatError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_canonical_csv(HEADER + GOOD + body)


def test_csv_header_required_and_line_numbers_survive_multiline_fields():
    with pytest.raises(RegistryFormatError, match="строка 1: в заголовке нет столбцов"):
        read_canonical_csv(GOOD)
    multiline = 'a,foreign_agent,person,Икс,,,,"две\nстроки"\n'
    with pytest.raises(RegistryFormatError, match="строка 4: нет названия"):
        read_canonical_csv(HEADER + multiline + "b,foreign_agent,person,,,,,\n")


@pytest.mark.parametrize(
    ("entity_type", "expected"),
    [
        ("person", "person"),
        ("individual", "person"),
        (" Individual ", "person"),
        ("organisation", "organisation"),
        ("organization", "organisation"),
        ("ORGANIZATION", "organisation"),
        ("legal entity", "organisation"),
    ],
)
def test_csv_accepts_the_spellings_people_write_for_entity_types(entity_type, expected):
    (entry,) = read_canonical_csv(HEADER + f"a,foreign_agent,{entity_type},Икс,,,,\n")
    assert entry.entity_type == expected


def test_csv_from_a_spreadsheet_bom_semicolons_headers_in_any_case_and_order():
    text = (
        "\ufeff Name ;ID;Kind;Entity_Type;aliases;included_on;excluded_on;footnote\r\n"
        "Фонд «Икс»;o-1;Foreign-Agent;Organization;Икс;07.04.2023;;\r\n"
    )
    (entry,) = read_canonical_csv(text)
    assert (entry.id, entry.kind, entry.entity_type, entry.name) == (
        "o-1",
        "foreign_agent",
        "organisation",
        "Фонд «Икс»",
    )
    assert entry.aliases == ("Икс",) and entry.included_on == date(2023, 4, 7)


def test_csv_aliases_and_dates():
    (entry,) = read_canonical_csv(
        HEADER + "m,extremist,organisation,Meta,Facebook; Фейсбук,2022-03-21,,Своя сноска\n"
    )
    assert entry == RegistryEntry(
        "m",
        "extremist",
        "organisation",
        "Meta",
        ("Facebook", "Фейсбук"),
        date(2022, 3, 21),
        None,
        "Своя сноска",
    )


def test_registry_status():
    now = datetime(2025, 6, 10, 12, 0)
    status = registry_status(
        {"foreign_agent": now - timedelta(days=2), "extremist": now - timedelta(days=9)}, now
    )
    assert status["foreign_agent"] == "fresh"
    assert status["extremist"] == "unknown"
    assert status["terrorist"] == "unknown"  # never imported
    assert registry_status({"terrorist": now}, now, timedelta(days=1))["terrorist"] == "fresh"
