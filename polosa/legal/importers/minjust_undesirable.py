"""The Minjust list of foreign and international NGOs whose activity is undesirable in Russia
(«Перечень иностранных и международных неправительственных организаций, деятельность
которых признана нежелательной на территории Российской Федерации»).

The Prosecutor General decides, Minjust keeps the list on the same registry service as the
foreign agents: its XLSX export has title rows, then the header (row 3 today), then one
organisation per row; the page itself shows the same columns as an HTML table. Both are
read here (an XLSX file is a zip archive, anything else is taken for the page). Columns are
found by their header words, as the export gains and loses columns: the name in Russian,
the name in the original language (an alias), the Prosecutor General's decision, the dates
of inclusion in and exclusion from the list.
"""

from __future__ import annotations

import io
import zipfile

from polosa.legal.engine import RegistryEntry, RegistryFormatError

from .common import clean, first_date, name_and_aliases, parse_html, ru_date, stable_id
from .minjust_html import _dedupe

KIND = "undesirable"
#: How far down the title rows may push the header.
HEADER_SEARCH_ROWS = 10


def _column_of(text: str) -> str | None:
    """What a header cell holds: ``name``, ``original``, ``decision``, ``included_on``,
    ``excluded_on``, or nothing we read."""
    text = clean(text).casefold().replace("ё", "е")
    if "исключени" in text and "дат" in text:
        return "excluded_on"
    if "дат" in text and ("внесени" in text or "включени" in text):
        return "included_on"
    if "наименование" in text or "название" in text:
        if "оригинал" in text or "иностранн" in text and "язык" in text or "латин" in text:
            return "original"
        return "name"
    if "решени" in text:
        return "decision"
    return None


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = _column_of(cell)
        if column is not None and column not in found:
            found[column] = index
    return found


def _is_header(cells: list[str]) -> bool:
    return "name" in _columns(cells)


def _entries(rows: list[tuple[int, list[str]]], header_line: int, header: list[str]):
    columns = _columns(header)
    if "included_on" not in columns and "decision" not in columns:
        raise RegistryFormatError(
            f"строка {header_line}: в заголовке нет ни даты внесения в перечень, ни решения "
            "Генерального прокурора — это не перечень нежелательных организаций"
        )
    entries: list[RegistryEntry] = []
    for line, values in rows:
        values = list(values) + [""] * (len(header) - len(values))
        if not any(clean(v) for v in values):
            continue

        def cell(column: str, values=values) -> str:
            index = columns.get(column)
            return "" if index is None else clean(values[index])

        raw_name = cell("name")
        if not raw_name:
            raise RegistryFormatError(f"строка {line}: пустое наименование организации")
        name, aliases = name_and_aliases(raw_name, "organisation")
        if not name:
            raise RegistryFormatError(f"строка {line}: нет наименования в «{raw_name}»")
        original = cell("original")
        if original:
            original_name, original_aliases = name_and_aliases(original, "organisation")
            aliases = tuple(
                dict.fromkeys(
                    a for a in (*aliases, original_name, *original_aliases) if a and a != name
                )
            )
        where = f"строка {line}"
        included = None
        if "included_on" in columns:
            included = ru_date(cell("included_on") or None, where, header[columns["included_on"]])
        if included is None:
            included = first_date(cell("decision"))
        excluded = None
        if "excluded_on" in columns:
            excluded = ru_date(cell("excluded_on") or None, where, header[columns["excluded_on"]])
        if included and excluded and excluded < included:
            raise RegistryFormatError(f"{where}: дата исключения раньше даты внесения")
        entries.append(
            RegistryEntry(
                id=stable_id("un", name),
                kind=KIND,
                entity_type="organisation",
                name=name,
                aliases=aliases,
                included_on=included,
                excluded_on=excluded,
            )
        )
    if not entries:
        raise RegistryFormatError(f"строка {header_line + 1}: после заголовка нет ни одной записи")
    return _dedupe(entries)


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value)


def parse_undesirable_xlsx(data: bytes) -> list[RegistryEntry]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RegistryFormatError(f"файл не читается как XLSX: {exc}") from None
    rows = [
        (number, [_text(v) for v in values])
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), 1)
    ]
    book.close()
    for position, (line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _is_header(cells):
            return _entries(rows[position + 1 :], line, cells)
    raise RegistryFormatError(
        f"строки 1–{HEADER_SEARCH_ROWS}: нет заголовка с наименованием организации — это не "
        "выгрузка перечня нежелательных организаций"
    )


def parse_undesirable_html(data: str | bytes) -> list[RegistryEntry]:
    page = parse_html(data)
    for table in page.tables:
        for position, (line, cells) in enumerate(table[:3]):
            if _is_header(cells):
                return _entries(table[position + 1 :], line, cells)
    raise RegistryFormatError(
        "строка 1: нет таблицы с заголовком «№ | Наименование организации | Дата внесения в "
        "перечень» — это не перечень нежелательных организаций"
    )


def parse_undesirable(data: bytes) -> list[RegistryEntry]:
    """The list as Minjust publishes it: the XLSX export or the page's HTML table."""
    if isinstance(data, bytes) and data[:2] == b"PK":
        return parse_undesirable_xlsx(data)
    return parse_undesirable_html(data)
