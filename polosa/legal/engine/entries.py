"""Value types shared by the legal mention engine.

Everything here is a frozen dataclass so that values can be cached, pickled and compared
without surprises; none of them depends on Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Registry kinds the outlet labels. The engine itself accepts any kind string (the people
#: directory reuses it with ``person``), the CSV reader only these.
KINDS: tuple[str, ...] = (
    "foreign_agent",
    "undesirable",
    "extremist",
    "terrorist",
    "rosfinmonitoring",
    "person",
)

ENTITY_TYPES: tuple[str, ...] = ("person", "organisation")

SURE = "sure"
REVIEW = "review"


class RegistryFormatError(ValueError):
    """A registry file is broken; the message names the line and what is wrong."""


@dataclass(frozen=True)
class RegistryEntry:
    """One entity of a registry (a person or an organisation) as the engine sees it."""

    id: str
    kind: str
    entity_type: str
    name: str
    aliases: tuple[str, ...] = ()
    included_on: date | None = None
    excluded_on: date | None = None
    footnote: str = ""
    #: For an entry kept after its exclusion with a «ранее признан…» label (its kind then
    #: ends in ``_formerly`` and ``excluded_on`` is empty): the day it was excluded, which
    #: the footnote may name (``{excluded_on}``).
    formerly_excluded_on: date | None = None

    def in_force(self, on: date) -> bool:
        """Whether the entry is listed on the given day (inclusion inclusive, exclusion not)."""
        if self.included_on is not None and self.included_on > on:
            return False
        return self.excluded_on is None or self.excluded_on > on


@dataclass(frozen=True)
class Mention:
    """A mention of a registry entry; ``start``/``end`` index the ORIGINAL input string."""

    start: int
    end: int
    text: str
    entry_id: str
    kind: str
    certainty: str


@dataclass(frozen=True)
class Footnote:
    """One footnote of a marked text: its stars and the wording without the stars.

    An entity listed in several registries has one footnote naming every status; ``entry_id``
    and ``kind`` are the first of them, ``entry_ids`` and ``kinds`` all of them.
    """

    stars: str
    entry_id: str
    kind: str
    text: str
    entry_ids: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Marked:
    """The result of :meth:`Matcher.mark`."""

    html: str
    footnotes: list[Footnote] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
