"""Per-article overrides of the engine: a mark forced on words it missed, a sure one taken off.

Pure Python like the rest of the engine. An override names an entry and a phrase, both as
the engine keys decisions (:func:`polosa.legal.engine.decision_key`): the folded words, so
one override covers every repeat of the same wording and survives edits elsewhere in the
text. :func:`with_overrides` gives a matcher whose scan applies them, so marking, stars and
footnotes stay the engine's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .entries import SURE, Mention
from .matcher import Matcher, decision_key
from .normalise import Normalised, normalise

FORCE = "force"
SUPPRESS = "suppress"


@dataclass(frozen=True)
class Override:
    """``FORCE``: mark every occurrence of ``phrase`` as a sure mention of ``entry_id``;
    ``SUPPRESS``: drop the mentions of ``entry_id`` worded ``phrase``."""

    action: str
    entry_id: str
    phrase: str


def phrase_key(text: str) -> str:
    """The folded form of a phrase, as decisions are keyed (case, ``ё``, quotes, spaces)."""
    return " ".join(normalise(text).text.split())


def occurrences(norm: Normalised, key: str) -> list[tuple[int, int]]:
    """Where the folded ``key`` stands in the folded text as whole words: original offsets."""
    if not key:
        return []
    text = norm.text
    found = []
    at = text.find(key)
    while at >= 0:
        end = at + len(key)
        before_ok = at == 0 or not text[at - 1].isalnum()
        after_ok = end >= len(text) or not text[end].isalnum()
        if before_ok and after_ok:
            found.append((norm.start(at), norm.end(end)))
        at = text.find(key, at + 1)
    return found


def apply(
    html: str,
    mentions: Sequence[Mention],
    overrides: Iterable[Override],
    kinds: dict[str, str],
) -> list[Mention]:
    """``mentions`` of ``html`` with ``overrides`` applied, in text order.

    ``kinds`` maps the ids of the entries that may be marked today to their kinds; a forced
    mark of any other entry (excluded since, or left out by the outlet's settings) is
    ignored. A forced mention replaces whatever the engine found overlapping it.
    """
    suppressed = set()
    forced: list[Mention] = []
    norm: Normalised | None = None
    for override in overrides:
        if override.action == SUPPRESS:
            suppressed.add((override.entry_id, override.phrase))
        elif override.action == FORCE and override.entry_id in kinds:
            norm = norm or normalise(html)
            for start, end in occurrences(norm, override.phrase):
                forced.append(
                    Mention(
                        start,
                        end,
                        html[start:end],
                        override.entry_id,
                        kinds[override.entry_id],
                        SURE,
                    )
                )
    kept = [
        m
        for m in mentions
        if decision_key(m) not in suppressed
        and not any(f.start < m.end and m.start < f.end for f in forced)
    ]
    forced = [f for f in forced if decision_key(f) not in suppressed]
    taken: list[Mention] = []
    for f in sorted(forced, key=lambda m: (m.start, -(m.end - m.start))):
        if not any(t.start < f.end and f.start < t.end for t in taken):
            taken.append(f)
    return sorted([*kept, *taken], key=lambda m: (m.start, m.end))


class OverriddenMatcher(Matcher):
    """A compiled matcher whose scans apply one article's overrides.

    It shares the compiled automaton and tables of the matcher it wraps (no copy, no
    compile); :meth:`Matcher.mark` numbers stars and writes footnotes from this scan.
    """

    def __init__(self, base: Matcher, overrides: Sequence[Override]) -> None:
        self.__dict__.update(base.__dict__)
        self._overrides = tuple(overrides)

    def scan(self, text_or_html: str, *, on: date | None = None) -> list[Mention]:
        mentions = super().scan(text_or_html, on=on)
        return apply(text_or_html, mentions, self._overrides, self._kinds_in_force(on))

    def _kinds_in_force(self, on: date | None) -> dict[str, str]:
        day = (on or date.today()).toordinal()
        wanted = {o.entry_id for o in self._overrides if o.action == FORCE}
        by_id = self._by_id()
        kinds = {}
        for entry_id in wanted:
            index = by_id.get(entry_id)
            if index is not None and self.valid_from[index] <= day < self.valid_until[index]:
                kinds[entry_id] = self.kinds[index]
        return kinds


def with_overrides(matcher: Matcher, overrides: Sequence[Override]) -> Matcher:
    """``matcher`` itself when there is nothing to override, else an overridden view of it."""
    return OverriddenMatcher(matcher, overrides) if overrides else matcher
