"""Pieces shared by the registry file parsers: ids, dates, names with aliases, HTML text.

All functions are pure: text in, values out, :class:`RegistryFormatError` on bad input.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from html.parser import HTMLParser

from polosa.legal.engine import RegistryFormatError

_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_PARENS = re.compile(r"\(([^()]*)\)")
_QUOTED = re.compile(r"[«\"„“]([^«»\"„“”]+)[»\"“”]")
_ALIAS_WORDS = re.compile(
    r"^\s*(?:псевдоним[ыа]?|он же|она же|также известн\w* как|друг\w+ наименовани\w*|"
    r"друг\w+ названи\w*|ранее|прежнее наименование|сокращенно|сокращённо)\s*[:—-]?\s*",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Collapse whitespace (non-breaking spaces included) and trim."""
    return _SPACES.sub(" ", (text or "").replace("\xa0", " ").replace("\xad", "")).strip()


def stable_id(prefix: str, *parts: str) -> str:
    """An id that stays the same from one copy of a registry to the next.

    Official files have no ids of their own (row numbers shift), so the id is a digest of
    the normalised name (and birth date): editors' decisions stay attached across imports.
    """
    key = "|".join(clean(p).casefold().replace("ё", "е") for p in parts)
    return f"{prefix}-{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:12]}"


def unique_ids(ids: list[str]) -> list[str]:
    """Disambiguate repeated ids within one file deterministically (``x``, ``x-2``…)."""
    seen: dict[str, int] = {}
    out = []
    for value in ids:
        seen[value] = seen.get(value, 0) + 1
        out.append(value if seen[value] == 1 else f"{value}-{seen[value]}")
    return out


def ru_date(value, where: str, column: str = "") -> date | None:
    """``DD.MM.YYYY`` (or a spreadsheet date) → date; empty → None; else a clear error."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(str(value))
    if not text:
        return None
    m = _DATE.fullmatch(text.rstrip(" г."))
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    label = f" в столбце «{column}»" if column else ""
    raise RegistryFormatError(f"{where}: неверная дата «{text}»{label} (ожидается ДД.ММ.ГГГГ)")


def first_date(text: str) -> date | None:
    """The first valid ``DD.MM.YYYY`` in a text (a court decision), or None."""
    for m in _DATE.finditer(text or ""):
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
    return None


def split_aliases(inner: str) -> list[str]:
    inner = _ALIAS_WORDS.sub("", inner)
    quoted = _QUOTED.findall(inner)
    parts = quoted if quoted else re.split(r"[;,]", inner)
    return [clean(p) for p in parts if clean(p)]


def name_and_aliases(cell: str, entity_type: str) -> tuple[str, tuple[str, ...]]:
    """Split a registry name cell into the name and its aliases and pseudonyms.

    Parenthesised parts become aliases (``Иванов Иван (псевдоним «Ваня»)``,
    ``«ИГИЛ» (другие названия: «ИГ», «ДАИШ»)``); for a person, quoted parts too. An
    organisation keeps its quoted name in the name (``АНО «Свобода»``).
    """
    text = clean(cell)
    aliases: list[str] = []

    def take(m: re.Match) -> str:
        aliases.extend(split_aliases(m.group(1)))
        return " "

    name = _PARENS.sub(take, text)
    if entity_type == "person":
        for q in _QUOTED.findall(name):
            aliases.append(clean(q))
        name = _QUOTED.sub(" ", name)
    name = clean(name).strip(" ,;*")
    if entity_type == "person" or name.endswith((";.", ",.")):
        name = name.rstrip(" .;,")
    return name, tuple(dict.fromkeys(a for a in aliases if a and a != name))


def title_case_name(name: str) -> str:
    """``ИВАНОВ ИВАН-ПАВЕЛ`` → ``Иванов Иван-Павел`` (lists in capitals)."""
    if name != name.upper():
        return name
    return " ".join(
        "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
        for word in name.split()
    )


class BlockCollector(HTMLParser):
    """Collect the text of block elements (``p``, ``li``, ``td``, headings…) with line numbers.

    Produces ``blocks``: ``(tag, text, line)`` in document order; tables become
    ``rows``: ``(line, [cell texts])`` grouped by table in ``tables``.
    """

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "dt", "dd"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, int]] = []
        self.tables: list[list[tuple[int, list[str]]]] = []
        self._stack: list[tuple[str, int, list[str]]] = []
        self._row: tuple[int, list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = (line, [])
            self.tables[-1].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br":
            self.handle_data(" ")
        elif tag in self.BLOCKS:
            self._stack.append((tag, line, []))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row[1].append(clean("".join(self._cell)))
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag in self.BLOCKS:
            for i in range(len(self._stack) - 1, -1, -1):
                if self._stack[i][0] == tag:
                    name, line, parts = self._stack.pop(i)
                    text = clean("".join(parts))
                    if text:
                        self.blocks.append((name, text, line))
                    break

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._stack:
            # Text belongs to the innermost open block only (no double counting).
            self._stack[-1][2].append(data)


def parse_html(data: str | bytes) -> BlockCollector:
    if isinstance(data, bytes):
        data = decode(data)
    collector = BlockCollector()
    collector.feed(data)
    collector.close()
    return collector


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1251 (old official pages)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")
