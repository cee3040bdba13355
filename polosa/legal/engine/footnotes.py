"""Footnote wording: per-kind templates and their rendering for HTML and plain text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .entries import Footnote, RegistryEntry

#: Default wording per kind; a ``kind:entity_type`` key refines a kind for one entity type.
#: Placeholders: ``{name}`` (the entity's name as in the registry, a person without
#: pseudonyms), ``{a}`` (``а`` for a woman, empty otherwise: ``признан{a}``) and, for entries
#: kept after their exclusion, ``{excluded_on}`` (``ДД.ММ.ГГГГ``).
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

#: Footnotes of excluded entries kept with a «ранее признан…» label (kind ``<kind>_formerly``).
FORMERLY_FOOTNOTES: dict[str, str] = {
    "foreign_agent": "{name} ранее признан{a} иностранным агентом в РФ",
    "foreign_agent:organisation": "{name} — организация, ранее признанная иностранным агентом в РФ",
    "undesirable": "{name} — деятельность организации ранее признавалась нежелательной в РФ",
    "extremist": "{name} — деятельность организации ранее была запрещена в РФ",
    "extremist:person": "{name} ранее внесен{a} в перечень экстремистов",
    "terrorist": "{name} — организация ранее была признана террористической в РФ",
    "terrorist:person": "{name} ранее внесен{a} в перечень террористов",
    "rosfinmonitoring": "{name} — организация ранее была внесена в перечень Росфинмониторинга",
    "rosfinmonitoring:person": "{name} ранее внесен{a} в перечень Росфинмониторинга",
}
#: What the outlet's "with the exclusion date" setting adds to a «ранее…» footnote.
FORMERLY_DATE_SUFFIX = {
    "person": " (исключен{a} из реестра {excluded_on})",
    "organisation": " (исключена из реестра {excluded_on})",
}
FORMERLY_SUFFIX = "_formerly"


def formerly_templates(with_date: bool = False) -> dict[str, str]:
    """The «ранее признан…» templates under their engine kinds (``foreign_agent_formerly``,
    ``foreign_agent_formerly:organisation``…), with the exclusion date if asked for."""
    templates = {}
    for key, template in FORMERLY_FOOTNOTES.items():
        kind, _, entity_type = key.partition(":")
        if with_date:
            template += FORMERLY_DATE_SUFFIX[entity_type or "organisation"]
        templates[kind + FORMERLY_SUFFIX + (f":{entity_type}" if entity_type else "")] = template
    if with_date:
        # ``foreign_agent`` has no ``:person`` key: a person takes the person's suffix.
        for kind in ("foreign_agent", "undesirable", "extremist", "terrorist", "rosfinmonitoring"):
            person_key = f"{kind}{FORMERLY_SUFFIX}:person"
            if person_key not in templates:
                templates[person_key] = FORMERLY_FOOTNOTES[kind] + FORMERLY_DATE_SUFFIX["person"]
    return templates


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
    excluded = entry.formerly_excluded_on
    return template.format_map(
        _Blank(
            name=name,
            a="а" if female else "",
            excluded_on=excluded.strftime("%d.%m.%Y") if excluded else "",
        )
    )


def status_text(
    entry: RegistryEntry,
    female: bool = False,
    templates: Mapping[str, str] | None = None,
) -> str:
    """An entry's footnote without the name, for the second and later statuses of one
    entity: ``внесена в перечень террористов``, ``деятельность организации запрещена…``."""
    if entry.footnote:
        return entry.footnote
    return footnote_text(entry, "", female, templates).strip().lstrip("—").strip()


def combined_footnote_text(
    entries: list[RegistryEntry],
    name: str,
    female: bool = False,
    templates: Mapping[str, str] | None = None,
) -> str:
    """One footnote for an entity listed in several registries: the first status in full,
    then the others without the name, ``;``-separated, each wording once."""
    parts = [footnote_text(entries[0], name, female, templates)]
    for entry in entries[1:]:
        part = status_text(entry, female, templates)
        if part and part not in parts:
            parts.append(part)
    return "; ".join(parts)


def render_footnotes_html(footnotes: Iterable[Footnote]) -> str:
    """``<div class="legal-footnotes">`` with one ``<p>`` per footnote; empty if none."""
    from html import escape  # here: a plain-text check from the shell never needs it

    items = [f"<p>{escape(f.stars)} {escape(f.text)}</p>" for f in footnotes]
    if not items:
        return ""
    return '<div class="legal-footnotes">' + "".join(items) + "</div>"


def render_footnotes_text(footnotes: Iterable[Footnote]) -> str:
    """One ``* text`` line per footnote, for Telegram posts and feeds."""
    return "\n".join(f"{f.stars} {f.text}" for f in footnotes)
