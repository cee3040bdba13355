"""The Rosfinmonitoring list of organisations and individuals linked to extremism or
terrorism (HTML): headed sections, ``<li>`` items like ``N. ФИО*, DD.MM.YYYY г.р., адрес;``.
"""

from __future__ import annotations

import re

from polosa.legal.engine import RegistryEntry, RegistryFormatError

from .common import clean, name_and_aliases, parse_html, ru_date, stable_id, title_case_name
from .minjust_html import _dedupe

KIND = "rosfinmonitoring"
_ITEM = re.compile(r"^(\d+)\s*\.\s*(.+)$", re.S)
_BIRTH = re.compile(r",\s*(\d{1,2}\.\d{1,2}\.\d{4})\s*г\.?\s*р\.?", re.IGNORECASE)


def section_type(heading: str) -> str | None:
    text = heading.casefold()
    if "физическ" in text:
        return "person"
    if "организаци" in text or "юридическ" in text:
        return "organisation"
    return None


def parse_item(text: str, line: int, entity_type: str) -> RegistryEntry:
    m = _ITEM.match(text)
    if not m:
        raise RegistryFormatError(f"строка {line}: не пункт перечня: «{text[:60]}»")
    body = clean(m.group(2)).rstrip(" ;.")
    birth = ""
    if entity_type == "person":
        b = _BIRTH.search(body)
        if b:
            ru_date(b.group(1), f"строка {line}", "дата рождения")
            birth = b.group(1)
            body = body[: b.start()]
        else:
            body = body.split(",")[0]
    raw = body.split("*")[0] if "*" in body else body
    name, aliases = name_and_aliases(raw, entity_type)
    if entity_type == "person":
        name = title_case_name(name)
        aliases = tuple(title_case_name(a) for a in aliases)
    if not name:
        raise RegistryFormatError(f"строка {line}: пункт {m.group(1)} без имени")
    return RegistryEntry(
        id=stable_id("rfm", entity_type, name, birth),
        kind=KIND,
        entity_type=entity_type,
        name=name,
        aliases=aliases,
    )


def parse_rosfinmonitoring_html(data: str | bytes) -> list[RegistryEntry]:
    """Parse the sections; an item outside a known section is an error naming its line."""
    page = parse_html(data)
    current: str | None = None
    entries: list[RegistryEntry] = []
    sections = 0
    for tag, text, line in page.blocks:
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            current = section_type(text)
            sections += current is not None
            continue
        if tag != "li":
            continue
        if current is None:
            raise RegistryFormatError(
                f"строка {line}: пункт «{text[:40]}» вне раздела организаций или физических лиц"
            )
        entries.append(parse_item(text, line, current))
    if not sections or not entries:
        raise RegistryFormatError(
            "строка 1: нет разделов «Организации»/«Физические лица» с пунктами <li> — "
            "это не перечень Росфинмониторинга"
        )
    return _dedupe(entries)
