"""Highlighted snippets: the part of a text where a query's words are, as safe HTML.

Pure Python, no Django. Every piece of the text is HTML-escaped; only the ``<mark>`` tags
around the matching words are markup, so a text holding ``<script>`` shows it as text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from polosa.search.morphology import tokens

__all__ = ["SNIPPET_LENGTH", "highlight", "russian_plural", "snippet"]

#: About two lines of a result under its headline.
SNIPPET_LENGTH = 220
_ELLIPSIS = "…"

Lemmas = Callable[[str], frozenset[str]]


def _matches(text: str, lemmas: Lemmas, wanted: frozenset[str]) -> list[tuple[int, int, int]]:
    """``(start, end, group)`` of each word of ``text`` sharing a lemma with the query."""
    found = []
    for token in tokens(text):
        common = lemmas(token.folded) & wanted
        if common:
            found.append((token.start, token.end, hash(min(common))))
    return found


def _marked(text: str, spans: Iterable[tuple[int, int, int]], start: int, end: int) -> str:
    out, position = [], start
    for span_start, span_end, _ in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, lemmas: Lemmas, wanted: frozenset[str]) -> str:
    """The whole ``text`` escaped, its matching words in ``<mark>``."""
    return _marked(text, _matches(text, lemmas, wanted), 0, len(text))


def snippet(text: str, lemmas: Lemmas, wanted: frozenset[str], length: int = SNIPPET_LENGTH) -> str:
    """About ``length`` characters of ``text`` around its best place, escaped, with the
    matching words in ``<mark>``: the window holding the most different query words,
    the earliest of equals. Without a match, the text's beginning."""
    text = " ".join(text.split())
    spans = _matches(text, lemmas, wanted)
    if len(text) <= length:
        return _marked(text, spans, 0, len(text))
    best_start, best_score = 0, 0
    for index, (start, _, _) in enumerate(spans):
        groups = {group for s, e, group in spans[index:] if e <= start + length}
        if len(groups) > best_score:
            best_start, best_score = start, len(groups)
    start = _word_start(text, max(0, best_start - length // 4)) if best_score else 0
    end = _word_end(text, min(len(text), start + length))
    body = _marked(text, spans, start, end)
    prefix = _ELLIPSIS if start > 0 else ""
    suffix = _ELLIPSIS if end < len(text) else ""
    return f"{prefix}{body}{suffix}"


def _word_start(text: str, index: int) -> int:
    """Move ``index`` forward to the start of a word (never into the middle of one)."""
    if index == 0 or text[index - 1] == " ":
        return index
    space = text.find(" ", index)
    return space + 1 if space != -1 else index


def _word_end(text: str, index: int) -> int:
    """Move ``index`` back to the end of a word."""
    if index >= len(text) or text[index] == " ":
        return index
    space = text.rfind(" ", 0, index)
    return space if space > 0 else index


def russian_plural(count: int, one: str, few: str, many: str) -> str:
    """The form for ``count``: ``one`` for 1, 21, 101…; ``few`` for 2–4, 22–24…; ``many``
    for the rest (5–20, 11–14, 25…)."""
    tens, units = count % 100, count % 10
    if units == 1 and tens != 11:
        return one
    if 2 <= units <= 4 and not 12 <= tens <= 14:
        return few
    return many
