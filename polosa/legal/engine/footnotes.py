"""Footnote wording: per-kind templates and their rendering for HTML and plain text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from .entries import Footnote, RegistryEntry

#: Default wording per kind; a ``kind:entity_type`` key refines a kind for one entity type.
#: Placeholders: ``{name}`` (the entity's name as in the registry, a person without
#: pseudonyms) and ``{a}`` (``а`` for a woman, empty otherwise: ``признан{a}``).
DEFAULT_FOOTNOTES: dict[str, str] = {
    "foreign_agent": "{name} признан{a} иностранным агентом в РФ",
    "foreign_agent:organisation": "{name} — организация, признанная иностранным агентом в РФ",
    "undesirable": "{name} — деятельность организации признана нежелательной на территории РФ",
    "extremist": "{name} — деятельность организации запрещена на территории РФ",
    "extremist:person": "{name} внесен{a} в перечень экстремистов",
    "terrorist": ("{name} — организация признана террористической и запрещена на территории РФ"),
    "terrorist:person": "{name} внесен{a} в перечень террористов",
    "rosfinmonitoring": (
        "{name} — организация внесена в перечень организаций, причастных к экстремистской "
        "деятельности или терроризму"
    ),
    "rosfinmonitoring:person": (
        "{name} внесен{a} в перечень физических лиц, причастных к экстремистской "
        "деятельности или терроризму"
    ),
}

_FALLBACK = "{name}"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def template_for(kind: str, entity_type: str, templates: Mapping[str, str] | None = None) -> str:
    """The outlet's template for a kind (``kind:entity_type`` first), else the default."""
    for source in (templates or {}, DEFAULT_FOOTNOTES):
        for key in (f"{kind}:{entity_type}", kind):
            if key in source:
                return source[key]
    return _FALLBACK


def footnote_text(
    entry: RegistryEntry,
    name: str,
    female: bool = False,
    templates: Mapping[str, str] | None = None,
) -> str:
    """The footnote for an entry: its own wording, or the kind's template filled in."""
    if entry.footnote:
        return entry.footnote
    template = template_for(entry.kind, entry.entity_type, templates)
    return template.format_map(_Blank(name=name, a="а" if female else ""))


def render_footnotes_html(footnotes: Iterable[Footnote]) -> str:
    """``<div class="legal-footnotes">`` with one ``<p>`` per footnote; empty if none."""
    items = [f"<p>{escape(f.stars)} {escape(f.text)}</p>" for f in footnotes]
    if not items:
        return ""
    return '<div class="legal-footnotes">' + "".join(items) + "</div>"


def render_footnotes_text(footnotes: Iterable[Footnote]) -> str:
    """One ``* text`` line per footnote, for Telegram posts and feeds."""
    return "\n".join(f"{f.stars} {f.text}" for f in footnotes)
