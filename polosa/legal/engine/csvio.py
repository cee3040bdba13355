"""The canonical registry CSV: what every importer produces and the engine reads.

``id,kind,entity_type,name,aliases,included_on,excluded_on,footnote``; aliases separated by
``;``; ISO dates; header required (the README lists the accepted spellings). A broken file
is rejected whole, with the line number and the fault in the message: a partial registry
would silently stop labelling.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from .entries import ENTITY_TYPES, KINDS, RegistryEntry, RegistryFormatError
from .i18n import gettext

COLUMNS = ("id", "kind", "entity_type", "name", "aliases", "included_on", "excluded_on", "footnote")

#: Spellings people write for a column, a kind or an entity type, folded (lower case, ``_``
#: for spaces and hyphens) → the canonical value.
COLUMN_SPELLINGS = {
    "type": "entity_type",
    "entity": "entity_type",
    "entitytype": "entity_type",
    "registry": "kind",
    "alias": "aliases",
    "included": "included_on",
    "excluded": "excluded_on",
    "include_date": "included_on",
    "exclude_date": "excluded_on",
}
ENTITY_TYPE_SPELLINGS = {
    "person": "person",
    "individual": "person",
    "natural_person": "person",
    "physical_person": "person",
    "физлицо": "person",
    "физическое_лицо": "person",
    "organisation": "organisation",
    "organization": "organisation",
    "org": "organisation",
    "legal_entity": "organisation",
    "company": "organisation",
    "организация": "organisation",
    "юрлицо": "organisation",
    "юридическое_лицо": "organisation",
}
KIND_SPELLINGS = {
    "foreign_agents": "foreign_agent",
    "foreignagent": "foreign_agent",
    "иноагент": "foreign_agent",
    "иностранный_агент": "foreign_agent",
    "undesirable_organisation": "undesirable",
    "undesirable_organization": "undesirable",
    "нежелательная": "undesirable",
    "extremism": "extremist",
    "экстремистская": "extremist",
    "terrorism": "terrorist",
    "террористическая": "terrorist",
    "rosfin": "rosfinmonitoring",
    "росфинмониторинг": "rosfinmonitoring",
}


def _key(value: str) -> str:
    return "_".join(value.strip().lower().replace("-", " ").split())


def _error(line: int, message: str, **params) -> RegistryFormatError:
    return RegistryFormatError(gettext("строка %(line)s: ") % {"line": line} + message % params)


def _date(value: str, line: int, column: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    parts = value.split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            pass
    raise _error(
        line,
        gettext("неверная дата в столбце %(column)s: «%(value)s» (нужно ГГГГ-ММ-ДД)"),
        column=column,
        value=value,
    )


def _delimiter(header_line: str) -> str:
    """``;`` when the header is separated by semicolons (a spreadsheet in a Russian locale
    saves CSV so), else ``,``."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_canonical_csv(text: str) -> list[RegistryEntry]:
    """Parse the canonical CSV; raise :class:`RegistryFormatError` on any fault.

    Forgiving about how people write it: a BOM, ``;`` or ``,`` between columns, headers in
    any letter case and order with spaces around them, ``organization``/``individual`` and
    other spellings of the values, ``ДД.ММ.ГГГГ`` dates; strict about what matters (every
    column present, known kinds, no duplicate ids), naming the line of the fault in Russian.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader)
    except StopIteration:
        raise _error(1, gettext("файл пуст, нужна строка заголовка")) from None
    except csv.Error as exc:
        raise _error(1, "%(fault)s", fault=exc) from None
    names = [COLUMN_SPELLINGS.get(_key(h), _key(h)) for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise _error(
            1,
            gettext("в заголовке нет столбцов %(missing)s (нужны %(columns)s)"),
            missing=", ".join(missing),
            columns=",".join(COLUMNS),
        )
    position = {c: names.index(c) for c in COLUMNS}
    entries: list[RegistryEntry] = []
    seen: dict[str, int] = {}
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _error(reader.line_num, "%(fault)s", fault=exc) from None
    # csv.reader counts physical lines; a quoted field may span several, so track it.
    line = 1
    for row in rows:
        line += 1
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise _error(
                line,
                gettext("столбцов %(count)s вместо %(expected)s"),
                count=len(row),
                expected=len(header),
            )
        values = {c: row[i].strip() for c, i in position.items()}
        id_ = values["id"]
        if not id_:
            raise _error(line, gettext("нет идентификатора (id)"))
        if id_ in seen:
            raise _error(
                line,
                gettext("идентификатор «%(id)s» уже был в строке %(first)s"),
                id=id_,
                first=seen[id_],
            )
        seen[id_] = line
        kind = KIND_SPELLINGS.get(_key(values["kind"]), _key(values["kind"]))
        if kind not in KINDS:
            raise _error(
                line,
                gettext("неизвестный реестр (kind) «%(kind)s»; допустимы: %(kinds)s"),
                kind=values["kind"],
                kinds=", ".join(KINDS),
            )
        entity_type = ENTITY_TYPE_SPELLINGS.get(_key(values["entity_type"]), "")
        if entity_type not in ENTITY_TYPES:
            raise _error(
                line,
                gettext(
                    "неизвестный тип (entity_type) «%(value)s»; допустимы: person (individual), "
                    "organisation (organization)"
                ),
                value=values["entity_type"],
            )
        if not values["name"]:
            raise _error(line, gettext("нет названия или ФИО (name)"))
        included_on = _date(values["included_on"], line, "included_on")
        excluded_on = _date(values["excluded_on"], line, "excluded_on")
        if included_on and excluded_on and excluded_on < included_on:
            raise _error(line, gettext("дата исключения раньше даты включения"))
        entries.append(
            RegistryEntry(
                id=id_,
                kind=kind,
                entity_type=entity_type,
                name=values["name"],
                aliases=tuple(a.strip() for a in values["aliases"].split(";") if a.strip()),
                included_on=included_on,
                excluded_on=excluded_on,
                footnote=values["footnote"],
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
