"""The FSB unified federal list of terrorist organisations (HTML table: №, name, decision)."""

from __future__ import annotations

import re

from polosa.legal.engine import RegistryEntry, RegistryFormatError

from .common import first_date, name_and_aliases, parse_html, stable_id
from .minjust_html import _dedupe

KIND = "terrorist"


def _is_header(cells: list[str]) -> bool:
    text = " ".join(cells).casefold()
    return "наименование" in text or "организаци" in text and "№" in text


def parse_terrorist_html(data: str | bytes) -> list[RegistryEntry]:
    """Parse the first table whose header names organisations; raise naming the line."""
    page = parse_html(data)
    table = next(
        (t for t in page.tables if t and any(_is_header(cells) for _, cells in t[:2])), None
    )
    if table is None:
        raise RegistryFormatError(
            "строка 1: нет таблицы с заголовком «№ | Наименование организации | Решение суда» "
            "— это не единый федеральный список террористических организаций"
        )
    entries: list[RegistryEntry] = []
    for line, cells in table:
        if not cells or _is_header(cells) or not any(cells):
            continue
        if len(cells) < 3:
            raise RegistryFormatError(
                f"строка {line}: в ряду таблицы {len(cells)} ячейки вместо 3 (№, название, решение)"
            )
        number, raw_name, decision = cells[0], cells[1], " ".join(cells[2:])
        if not re.fullmatch(r"\d+\.?", number.strip()):
            raise RegistryFormatError(f"строка {line}: номер «{number}» — не число")
        name, aliases = name_and_aliases(raw_name, "organisation")
        if not name:
            raise RegistryFormatError(f"строка {line}: пункт {number} без названия")
        entries.append(
            RegistryEntry(
                id=stable_id("tr", name),
                kind=KIND,
                entity_type="organisation",
                name=name,
                aliases=aliases,
                included_on=first_date(decision),
            )
        )
    if not entries:
        raise RegistryFormatError("строка 1: в таблице нет ни одной организации")
    return _dedupe(entries)
