"""The Minjust list of organisations banned or liquidated for extremism (HTML).

Numbered paragraphs: ``N. Name (решение … суда … от DD.MM.YYYY …);``.
"""

from __future__ import annotations

import re

from polosa.legal.engine import RegistryEntry, RegistryFormatError

from .common import clean, first_date, name_and_aliases, parse_html, stable_id, unique_ids

KIND = "extremist"
_ITEM = re.compile(r"^(\d+)\s*[.)]\s*(.+)$", re.S)
_DECISION = re.compile(
    r"\((?=[^()]*(?:решени|определени|постановлени|суд))([^()]*(?:\([^()]*\)[^()]*)*)\)",
    re.IGNORECASE,
)


def parse_item(text: str, line: int, kind: str = KIND, prefix: str = "ex") -> RegistryEntry:
    """One numbered item → an organisation entry dated by its court decision."""
    m = _ITEM.match(text)
    if not m:
        raise RegistryFormatError(f"строка {line}: не пункт списка: «{text[:60]}»")
    body = clean(m.group(2)).rstrip(" ;.")
    decisions = _DECISION.findall(body)
    name_part = _DECISION.sub(" ", body)
    name, aliases = name_and_aliases(name_part, "organisation")
    if not name:
        raise RegistryFormatError(f"строка {line}: пункт {m.group(1)} без названия")
    included = first_date(" ".join(decisions))
    return RegistryEntry(
        id=stable_id(prefix, name),
        kind=kind,
        entity_type="organisation",
        name=name,
        aliases=aliases,
        included_on=included,
    )


def parse_extremist_html(data: str | bytes) -> list[RegistryEntry]:
    """Parse the numbered list; raise naming the line on a broken or unexpected page."""
    page = parse_html(data)
    entries: list[RegistryEntry] = []
    seen: dict[str, int] = {}
    for tag, text, line in page.blocks:
        if tag not in ("p", "li", "div") or not _ITEM.match(text):
            continue
        number = _ITEM.match(text).group(1)
        if number in seen:
            raise RegistryFormatError(
                f"строка {line}: пункт {number} повторяется (уже был в строке {seen[number]})"
            )
        seen[number] = line
        entries.append(parse_item(text, line))
    if not entries:
        raise RegistryFormatError(
            "строка 1: не найдено ни одного пункта вида «N. Название (решение суда …)» — "
            "это не перечень экстремистских организаций"
        )
    return _dedupe(entries)


def _dedupe(entries: list[RegistryEntry]) -> list[RegistryEntry]:
    from dataclasses import replace

    ids = unique_ids([e.id for e in entries])
    return [e if e.id == i else replace(e, id=i) for e, i in zip(entries, ids, strict=True)]
