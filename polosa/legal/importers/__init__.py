"""Registry file parsers: each turns one official format into engine entries.

The parsers are pure (bytes in, :class:`~polosa.legal.engine.RegistryEntry` list out) and
raise :class:`~polosa.legal.engine.RegistryFormatError` naming the row or line of any fault;
:func:`polosa.legal.registry.import_entries` stores the result in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from polosa.legal.engine import RegistryEntry, RegistryFormatError

from .canonical import parse_canonical
from .fsb_html import parse_terrorist_html
from .minjust_html import parse_extremist_html
from .minjust_undesirable import parse_undesirable
from .minjust_xlsx import parse_foreign_agents_xlsx
from .rosfin_html import parse_rosfinmonitoring_html

#: Import format → (parser, the kind it replaces or None for "the kinds in the file").
FORMATS: dict[str, tuple[Callable[[bytes], list[RegistryEntry]], str | None]] = {
    "canonical": (parse_canonical, None),
    "foreign_agent": (parse_foreign_agents_xlsx, "foreign_agent"),
    "undesirable": (parse_undesirable, "undesirable"),
    "extremist": (parse_extremist_html, "extremist"),
    "terrorist": (parse_terrorist_html, "terrorist"),
    "rosfinmonitoring": (parse_rosfinmonitoring_html, "rosfinmonitoring"),
}
ALIASES = {"csv": "canonical", "foreign_agents": "foreign_agent", "xlsx": "foreign_agent"}


def parse_file(fmt: str, data: bytes) -> tuple[list[RegistryEntry], str | None]:
    """Parse ``data`` in format ``fmt``; return the entries and the kind they replace."""
    fmt = ALIASES.get(fmt, fmt)
    if fmt not in FORMATS:
        raise RegistryFormatError(
            f"неизвестный формат {fmt!r}; известны: {', '.join([*FORMATS, *ALIASES])}"
        )
    parser, kind = FORMATS[fmt]
    return parser(data), kind


__all__ = [
    "ALIASES",
    "FORMATS",
    "RegistryFormatError",
    "parse_canonical",
    "parse_extremist_html",
    "parse_file",
    "parse_foreign_agents_xlsx",
    "parse_rosfinmonitoring_html",
    "parse_terrorist_html",
    "parse_undesirable",
]
