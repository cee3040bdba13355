"""The Minjust foreign-agents registry, XLSX export.

Rows 1–2 hold the title and date, row 3 the header, data from row 4. Columns are found by
their header words (the export has gained and lost columns over the years): name («ФИО»/
«наименование»), type («вид»), inclusion and exclusion decision dates.
"""

from __future__ import annotations

import io
import zipfile

from polosa.legal.engine import RegistryEntry, RegistryFormatError

from .common import clean, name_and_aliases, ru_date, stable_id, unique_ids

HEADER_ROW = 3
KIND = "foreign_agent"

#: Header word → our column; the first header cell containing the word wins.
COLUMNS = {
    "name": ("наименование", "фио"),
    "type": ("вид", "тип"),
    "included_on": ("включени",),
    "excluded_on": ("исключени",),
}
REQUIRED = ("name", "type", "included_on")

TYPES = {
    "физическое лицо": "person",
    "физлицо": "person",
    "юридическое лицо": "organisation",
    "незарегистрированное общественное объединение": "organisation",
    "иностранная структура без образования юридического лица": "organisation",
    "общественное объединение": "organisation",
    "организация": "organisation",
}


def _find_columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = clean(cell).casefold()
        for column, words in COLUMNS.items():
            if column not in found and any(w in text for w in words):
                # «Дата принятия решения о включении» must not be taken for the name.
                if column == "name" and ("включени" in text or "исключени" in text):
                    continue
                # «Основания включения» is not a date; «Дата … о включении» is.
                if column in ("included_on", "excluded_on") and "дат" not in text:
                    continue
                found[column] = index
                break
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        names = {"name": "ФИО/наименование", "type": "вид", "included_on": "дата включения"}
        raise RegistryFormatError(
            f"строка {HEADER_ROW}: в заголовке нет столбца «"
            + "», «".join(names[c] for c in missing)
            + "» — это не выгрузка реестра иностранных агентов"
        )
    return found


def entity_type(value: str, row: int) -> str:
    text = clean(value).casefold().replace("ё", "е")
    if text in TYPES:
        return TYPES[text]
    if "физическ" in text:
        return "person"
    if any(w in text for w in ("юридическ", "объединени", "структур", "организаци")):
        return "organisation"
    raise RegistryFormatError(f"строка {row}: неизвестный вид «{clean(value)}»")


def parse_foreign_agents_xlsx(data: bytes) -> list[RegistryEntry]:
    """Parse the XLSX export into engine entries; raise on any fault, naming the row."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RegistryFormatError(f"файл не читается как XLSX: {exc}") from None
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    if len(rows) < HEADER_ROW:
        raise RegistryFormatError(f"строка {HEADER_ROW}: нет заголовка (в файле {len(rows)} строк)")
    header = ["" if v is None else str(v) for v in rows[HEADER_ROW - 1]]
    columns = _find_columns(header)
    entries: list[RegistryEntry] = []
    for number, values in enumerate(rows[HEADER_ROW:], HEADER_ROW + 1):
        values = list(values) + [None] * (len(header) - len(values))
        if all(v is None or not clean(str(v)) for v in values):
            continue

        def cell(column: str, values=values):
            index = columns.get(column)
            return None if index is None else values[index]

        raw_name = clean(str(cell("name") or ""))
        if not raw_name:
            raise RegistryFormatError(f"строка {number}: пустое ФИО/наименование")
        kind_of = entity_type(str(cell("type") or ""), number)
        name, aliases = name_and_aliases(raw_name, kind_of)
        if not name:
            raise RegistryFormatError(f"строка {number}: нет имени в «{raw_name}»")
        included = ru_date(cell("included_on"), f"строка {number}", header[columns["included_on"]])
        excluded = None
        if "excluded_on" in columns:
            excluded = ru_date(
                cell("excluded_on"), f"строка {number}", header[columns["excluded_on"]]
            )
        if included and excluded and excluded < included:
            raise RegistryFormatError(f"строка {number}: дата исключения раньше даты включения")
        entries.append(
            RegistryEntry(
                id=stable_id("fa", name),
                kind=KIND,
                entity_type=kind_of,
                name=name,
                aliases=aliases,
                included_on=included,
                excluded_on=excluded,
            )
        )
    if not entries:
        raise RegistryFormatError(f"строка {HEADER_ROW + 1}: после заголовка нет ни одной записи")
    ids = unique_ids([e.id for e in entries])
    return [_with_id(e, i) for e, i in zip(entries, ids, strict=True)]


def _with_id(entry: RegistryEntry, id_: str) -> RegistryEntry:
    from dataclasses import replace

    return entry if entry.id == id_ else replace(entry, id=id_)
