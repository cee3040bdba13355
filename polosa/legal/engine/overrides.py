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
    return [(norm.start(at), norm.end(end)) for at, end in _folded_occurrences(norm, key)]


def _folded_occurrences(norm: Normalised, key: str) -> list[tuple[int, int]]:
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
            found.append((at, end))
        at = text.find(key, at + 1)
    return found


Found = tuple[Mention, int, int]  # a mention with its start and end in the folded text


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
    found = [(mention, -1, -1) for mention in mentions]
    return [mention for mention, _, _ in apply_found(normalise(html), found, overrides, kinds)]


def apply_found(
    norm: Normalised,
    found: Sequence[Found],
    overrides: Iterable[Override],
    kinds: dict[str, str],
) -> list[Found]:
    """:func:`apply` on the matcher's own scan (each mention with its folded offsets, which
    marking needs to put a star after a closing quote)."""
    html = norm.original
    suppressed = set()
    forced: list[Found] = []
    for override in overrides:
        if override.action == SUPPRESS:
            suppressed.add((override.entry_id, override.phrase))
        elif override.action == FORCE and override.entry_id in kinds:
            for n_start, n_end in _folded_occurrences(norm, override.phrase):
                start, end = norm.start(n_start), norm.end(n_end)
                mention = Mention(
                    start, end, html[start:end], override.entry_id, kinds[override.entry_id], SURE
                )
                forced.append((mention, n_start, n_end))
    kept = [
        item
        for item in found
        if decision_key(item[0]) not in suppressed
        and not any(f.start < item[0].end and item[0].start < f.end for f, _, _ in forced)
    ]
    forced = [item for item in forced if decision_key(item[0]) not in suppressed]
    taken: list[Found] = []
    for item in sorted(forced, key=lambda f: (f[0].start, -(f[0].end - f[0].start))):
        f = item[0]
        if not any(t.start < f.end and f.start < t.end for t, _, _ in taken):
            taken.append(item)
    return sorted([*kept, *taken], key=lambda item: (item[0].start, item[0].end))


class OverriddenMatcher(Matcher):
    """A compiled matcher whose scans apply one article's overrides.

    It shares the compiled automaton and tables of the matcher it wraps (no copy, no
    compile); :meth:`Matcher.scan` and :meth:`Matcher.mark` read its ``_scan``, so stars and
    footnotes are numbered from the overridden mentions.
    """

    def __init__(self, base: Matcher, overrides: Sequence[Override]) -> None:
        self.__dict__.update(base.__dict__)
        self._overrides = tuple(overrides)

    def _scan(self, norm: Normalised, on: date | None) -> list[Found]:
        # Matcher.scan and Matcher.mark both read this scan.
        found = super()._scan(norm, on)
        return apply_found(norm, found, self._overrides, self._kinds_in_force(on))

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
