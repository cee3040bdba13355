"""The canonical registry CSV: what every importer produces and the engine reads.

``id,kind,entity_type,name,aliases,included_on,excluded_on,footnote``; aliases separated by
``;``; ISO dates; header required. A broken file is rejected whole, with the line number
and the fault in the message: a partial registry would silently stop labelling.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from .entries import ENTITY_TYPES, KINDS, RegistryEntry, RegistryFormatError

COLUMNS = ("id", "kind", "entity_type", "name", "aliases", "included_on", "excluded_on", "footnote")


def _date(value: str, line: int, column: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RegistryFormatError(
            f"line {line}: bad date in {column}: {value!r} (expected YYYY-MM-DD)"
        ) from None


def read_canonical_csv(text: str) -> list[RegistryEntry]:
    """Parse the canonical CSV; raise :class:`RegistryFormatError` on any fault."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise RegistryFormatError("line 1: empty file, header required") from None
    except csv.Error as exc:
        raise RegistryFormatError(f"line 1: {exc}") from None
    if tuple(h.strip() for h in header) != COLUMNS:
        raise RegistryFormatError(f"line 1: header must be {','.join(COLUMNS)}")
    entries: list[RegistryEntry] = []
    seen: dict[str, int] = {}
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise RegistryFormatError(f"line {reader.line_num}: {exc}") from None
    # csv.reader counts physical lines; a quoted field may span several, so track it.
    line = 1
    for row in rows:
        line += 1
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(COLUMNS):
            raise RegistryFormatError(
                f"line {line}: wrong column count: {len(row)} instead of {len(COLUMNS)}"
            )
        id_, kind, entity_type, name, aliases, included, excluded, footnote = (
            c.strip() for c in row
        )
        if not id_:
            raise RegistryFormatError(f"line {line}: missing id")
        if id_ in seen:
            raise RegistryFormatError(
                f"line {line}: duplicate id {id_!r} (first on line {seen[id_]})"
            )
        seen[id_] = line
        if kind not in KINDS:
            raise RegistryFormatError(
                f"line {line}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})"
            )
        if entity_type not in ENTITY_TYPES:
            raise RegistryFormatError(
                f"line {line}: unknown entity_type {entity_type!r} "
                "(expected person or organisation)"
            )
        if not name:
            raise RegistryFormatError(f"line {line}: missing name")
        included_on = _date(included, line, "included_on")
        excluded_on = _date(excluded, line, "excluded_on")
        if included_on and excluded_on and excluded_on < included_on:
            raise RegistryFormatError(f"line {line}: excluded_on is before included_on")
        entries.append(
            RegistryEntry(
                id=id_,
                kind=kind,
                entity_type=entity_type,
                name=name,
                aliases=tuple(a.strip() for a in aliases.split(";") if a.strip()),
                included_on=included_on,
                excluded_on=excluded_on,
                footnote=footnote,
            )
        )
        line += sum(c.count("\n") for c in row)
    return entries


def write_canonical_csv(entries: Iterable[RegistryEntry]) -> str:
    """Serialise entries to the canonical CSV (with header, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow(
            (
                e.id,
                e.kind,
                e.entity_type,
                e.name,
                ";".join(e.aliases),
                e.included_on.isoformat() if e.included_on else "",
                e.excluded_on.isoformat() if e.excluded_on else "",
                e.footnote,
            )
        )
    return out.getvalue()
