"""Normalisation of text or HTML for matching, with a map back to the original offsets.

The matcher works on a folded copy of the input: lower case, ``ё`` → ``е``, one kind of
quote and dash, plain spaces, no soft hyphens or zero-width characters, no tags, entities
decoded, runs of whitespace collapsed. Block-level tags become ``\\n`` so that a name can
never match across paragraphs; inline tags vanish so that ``<b>Иван</b> Иванов`` still
reads as one name, and ``<br>`` is a space.

The offset map is kept as segments rather than one integer per character: most of a text
maps one to one, and only mention boundaries are ever looked up, so a bisect over a few
segments is both faster to build and smaller than a full array.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from .patterns import lazy

QUOTE = '"'
BOUNDARY = "\n"

_QUOTES = "«»„“”‟″‹›'‘’‚‛`\"＂ʼʹ′＇"
_DASHES = "‐‑‒–—―−﹘﹣－"
_SPACES = "\u00a0\u202f\u205f\u3000\t\r\n\f\v" + "".join(map(chr, range(0x2000, 0x200B)))
_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_TABLE: dict[int, str | None] = {ord(c): QUOTE for c in _QUOTES}
_TABLE.update({ord(c): "-" for c in _DASHES})
_TABLE.update({ord(c): " " for c in _SPACES})
_TABLE.update({ord("ё"): "е", ord("Ё"): "е", ord("İ"): "i"})

#: The same as characters, and a pattern finding them: replacing the few found is several
#: times faster than ``str.translate`` with a dict, which looks up every character of a
#: Cyrillic text (a fifth of a scan's time before).
_FOLDED = {chr(code): folded for code, folded in _TABLE.items()}
_SPECIAL = lazy("[" + re.escape("".join(_FOLDED)) + "]")
_HAS_DROPPED = lazy("[" + _DROPPED + "]")
_MULTISPACE = lazy(" {2,}")

#: Tags that do not break a phrase: a name may run through them.
INLINE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "nobr",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
#: Tags that break a line but not a phrase.
LINE_BREAK_TAGS = frozenset({"br"})
#: Tags whose content is not text at all.
_SKIPPED_CONTENT = frozenset({"script", "style", "template", "noscript"})

_INLINE, _LINE_BREAK, _BLOCK = "inline", "line break", "block"
#: A tag's name as written (``p``, ``P``, ``br``) → ``_INLINE``, ``_LINE_BREAK``,
#: ``_BLOCK``, or the lower-case name of a tag whose content is skipped; filled as met
#: (up to :data:`_TAG_KINDS_LIMIT` names: markup may invent any number of them).
_TAG_KINDS: dict[str, str] = {}
_TAG_KINDS_LIMIT = 512


def _tag_kind(name: str) -> str:
    if name in INLINE_TAGS:
        return _INLINE
    if name in LINE_BREAK_TAGS:
        return _LINE_BREAK
    if name in _SKIPPED_CONTENT:
        return name
    return _BLOCK


_MARKUP = lazy(
    r"<!--.*?(?:-->|\Z)"  # comment
    r"|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"  # tag
    r"|<![^>]*>"  # doctype and friends
    r"|&(?:#[0-9]{1,7};?|#[xX][0-9A-Fa-f]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)",  # entity
    re.S,
)


@lru_cache(maxsize=512)
def _entity(token: str) -> str:
    """An entity (``&nbsp;``, ``&#171;``) decoded and folded; ``html`` is imported only for
    a text that has one (a short check from the shell usually has none)."""
    import html

    return fold(html.unescape(token))


def _translate(text: str) -> str:
    """``text.translate(_TABLE)`` for a lower-case text (every replacement is one character)."""
    return _SPECIAL.sub(_folded_match, text)


def _folded_match(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


def fold(text: str) -> str:
    """Fold plain text (no markup handling) the way the matcher sees it; no offsets."""
    out = _translate(_HAS_DROPPED.sub("", text).lower())
    return _MULTISPACE.sub(" ", out)


@dataclass(frozen=True, slots=True)
class Normalised:
    """Folded text plus the segments that map its indexes back to the original string.

    Segment ``k`` covers normalised indexes ``[norm_starts[k], norm_starts[k+1])`` and original
    indexes from ``orig_starts[k]``; it maps one to one when ``exact[k]`` and otherwise maps
    every character to the whole original span ``[orig_starts[k], orig_ends[k])`` (an entity,
    a block tag, a collapsed run of spaces).
    """

    text: str
    original: str
    norm_starts: list[int]
    orig_starts: list[int]
    orig_ends: list[int]
    exact: list[bool]

    def start(self, i: int) -> int:
        """Original index where normalised character ``i`` starts."""
        k = bisect_right(self.norm_starts, i) - 1
        if self.exact[k]:
            return self.orig_starts[k] + (i - self.norm_starts[k])
        return self.orig_starts[k]

    def end(self, j: int) -> int:
        """Original index just after normalised character ``j - 1`` (an exclusive end)."""
        k = bisect_right(self.norm_starts, j - 1) - 1
        if self.exact[k]:
            return self.orig_starts[k] + (j - self.norm_starts[k])
        return self.orig_ends[k]


class _Builder:
    """Accumulates normalised pieces and their segments."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.parts: list[str] = []
        self.length = 0
        self.norm_starts: list[int] = []
        self.orig_starts: list[int] = []
        self.orig_ends: list[int] = []
        self.exact: list[bool] = []
        self.last = BOUNDARY  # the last emitted character; a boundary at the start

    def _emit(self, piece: str, orig_start: int, orig_end: int, exact: bool) -> None:
        self.parts.append(piece)
        self.norm_starts.append(self.length)
        self.orig_starts.append(orig_start)
        self.orig_ends.append(orig_end)
        self.exact.append(exact)
        self.length += len(piece)
        self.last = piece[-1]

    def text(self, start: int, end: int) -> None:
        """Emit original text ``[start, end)`` that contains no markup."""
        raw = self.original[start:end]
        if _HAS_DROPPED.search(raw):
            # Dropped characters break the one-to-one map: emit the pieces between them.
            pos = start
            for m in _HAS_DROPPED.finditer(raw):
                if start + m.start() > pos:
                    self.text(pos, start + m.start())
                pos = start + m.end()
            if pos < end:
                self.text(pos, end)
            return
        folded = raw.lower()
        if len(folded) != len(raw):  # a character whose lower case is longer; fold one by one
            for i, ch in enumerate(raw):
                self.char(fold(ch) or " ", start + i, start + i + 1)
            return
        folded = _translate(folded)
        pos = 0
        for m in _MULTISPACE.finditer(folded):
            self._run(folded, pos, m.start(), start)
            self.space(start + m.start(), start + m.end())
            pos = m.end()
        self._run(folded, pos, len(folded), start)

    def _run(self, folded: str, a: int, b: int, base: int) -> None:
        if a >= b:
            return
        if folded[a] == " " and self.last in " \n":
            a += 1
            if a >= b:
                return
        self._emit(folded[a:b], base + a, base + b, True)

    def space(self, start: int, end: int) -> None:
        if self.last not in " \n":
            self._emit(" ", start, end, False)

    def char(self, piece: str, start: int, end: int) -> None:
        """Emit a decoded entity (or a lone character) standing for ``[start, end)``."""
        if piece == " ":
            self.space(start, end)
        elif piece:
            self._emit(piece, start, end, len(piece) == end - start)

    def boundary(self, start: int, end: int) -> None:
        if self.last == BOUNDARY:
            return
        if self.last == " ":
            # Replace the trailing space so that boundaries never sit next to spaces.
            self.parts[-1] = self.parts[-1][:-1] + BOUNDARY
            self.last = BOUNDARY
            return
        self._emit(BOUNDARY, start, end, False)

    def build(self) -> Normalised:
        if not self.norm_starts:
            self._emit(BOUNDARY, 0, 0, False)
        return Normalised(
            text="".join(self.parts),
            original=self.original,
            norm_starts=self.norm_starts,
            orig_starts=self.orig_starts,
            orig_ends=self.orig_ends,
            exact=self.exact,
        )


def normalise(text_or_html: str) -> Normalised:
    """Fold ``text_or_html`` for matching and keep the way back to its original indexes.

    Plain text is treated as HTML only where it really contains markup (``<b>``, ``&amp;``),
    so ``a < b`` in a plain-text post is left alone.
    """
    builder = _Builder(text_or_html)
    if "<" not in text_or_html and "&" not in text_or_html:
        builder.text(0, len(text_or_html))
        return builder.build()
    pos = 0
    skip_until: str | None = None
    kinds = _TAG_KINDS
    for m in _MARKUP.finditer(text_or_html):
        start, end = m.span()
        if skip_until is not None:
            if m.group(1) and (m.group(2) or "").lower() == skip_until:
                skip_until = None
                pos = end
            continue
        if start > pos:
            builder.text(pos, start)
        pos = end
        name = m.group(2)
        if name is None:  # an entity, a comment or a doctype
            if text_or_html[start] == "&":
                builder.char(_entity(m.group(0)), start, end)
            continue  # comments and doctypes are invisible
        kind = kinds.get(name)
        if kind is None:
            kind = _tag_kind(name.lower())
            if len(kinds) < _TAG_KINDS_LIMIT:
                kinds[name] = kind
        if kind is _INLINE:
            continue
        if kind is _LINE_BREAK:
            # A line break inside a paragraph (a byline, a caption) is a space: «Павел<br>
            # Воробей» is one name. Paragraphs and list items still separate names.
            builder.space(start, end)
            continue
        builder.boundary(start, end)
        if kind is not _BLOCK and not m.group(1) and text_or_html[end - 2] != "/":
            skip_until = kind
    if skip_until is None and pos < len(text_or_html):
        builder.text(pos, len(text_or_html))
    return builder.build()
