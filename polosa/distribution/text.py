"""Pure text building for feeds and Telegram: escaping, plain text, word-boundary cuts,
the Dzen tag whitelist and captions.

No Django import here: everything is a function over strings, tested directly (with
Hypothesis for the truncation and escaping properties).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

ELLIPSIS = "…"
TELEGRAM_TEXT_LIMIT = 4096
TELEGRAM_CAPTION_LIMIT = 1024

_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def escape(text: str) -> str:
    """Escape text for Telegram's HTML parse mode and for HTML feeds (``< > & "``)."""
    return html.escape(text, quote=True)


def escaped_length(text: str) -> int:
    return len(escape(text))


class _TextExtractor(HTMLParser):
    """Collect the text of an HTML fragment; block elements become line breaks."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "li",
            "ul",
            "ol",
            "blockquote",
            "figure",
            "figcaption",
            "br",
            "hr",
            "tr",
        ]
    )
    SKIP = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: entities decoded, spaces squeezed, paragraphs kept
    as single blank lines."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()


def cut_words(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """``text`` cut to at most ``limit`` characters on a word boundary, with ``ellipsis``
    when anything was cut. A single word longer than the limit is cut hard."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    room = limit - len(ellipsis)
    if room <= 0:
        return ellipsis[:limit]
    head = text[: room + 1]
    cut = max(head.rfind(" "), head.rfind("\n"))
    head = head[:cut] if cut > 0 else text[:room]
    return head.rstrip(" \n,;:—-–") + ellipsis


def cut_escaped(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """Escape ``text`` and cut it so that the *escaped* result fits ``limit`` characters.

    Cuts on a word boundary before escaping, so an entity (``&amp;``) is never split."""
    if escaped_length(text) <= limit:
        return escape(text)
    low, high = 0, min(len(text), limit)
    best = ""
    # The escaped length grows with the cut: find the longest cut that still fits.
    while low <= high:
        middle = (low + high) // 2
        candidate = escape(cut_words(text, middle, ellipsis))
        if len(candidate) <= limit:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best


def _telegram_parts(url: str, link_text: str, plaque: str) -> tuple[str, str]:
    link = f'<a href="{escape(url)}">{escape(link_text)}</a>'
    prefix = f"{escape(plaque)}\n\n" if plaque else ""
    return link, prefix


_BOLD_OPEN, _BOLD_CLOSE, _GAP = "<b>", "</b>", "\n\n"


def telegram_fits_whole(
    title: str,
    url: str,
    footnotes: Sequence[str] = (),
    *,
    limit: int = TELEGRAM_TEXT_LIMIT,
    link_text: str = "Читать на сайте",
    plaque: str = "",
) -> bool:
    """Whether the plaque, the whole headline, the link and every legal footnote fit in
    ``limit`` together (the lead can always be cut to what is left, or left out)."""
    link, prefix = _telegram_parts(url, link_text, plaque)
    notes = "\n".join(escape(note) for note in footnotes if note)
    headline = len(_BOLD_OPEN) + escaped_length(title) + len(_BOLD_CLOSE)
    needed = len(prefix) + headline + len(_GAP) + len(link)
    return needed + (len(_GAP) + len(notes) if notes else 0) <= limit


def telegram_message(
    title: str,
    lead: str,
    url: str,
    footnotes: Sequence[str] = (),
    *,
    limit: int = TELEGRAM_TEXT_LIMIT,
    link_text: str = "Читать на сайте",
    plaque: str = "",
) -> str:
    """A channel post in Telegram HTML: the foreign-agent plaque when the material needs
    one, bold headline, lead, link, legal footnotes.

    Everything is escaped; the whole string (tags included) fits ``limit``, so it fits
    Telegram's limit, which counts only the visible text. What gives way, in order: the
    lead (cut on a word boundary, or left out), then the footnotes, then the headline; the
    plaque and the link are always kept. Whether the footnotes and the headline fit whole
    is :func:`telegram_fits_whole`: a caller that must not cut them (a photo caption has
    only 1 024 characters) asks it first and sends a longer text message instead.
    """
    link, prefix = _telegram_parts(url, link_text, plaque)
    room = limit - len(prefix) - len(link)
    if room < len(_GAP) + len(_BOLD_OPEN) + len(_BOLD_CLOSE) + 1:
        return (prefix + link)[:limit]  # a limit no real post has: the link, at least
    room -= len(_GAP) + len(_BOLD_OPEN) + len(_BOLD_CLOSE)
    headline = cut_escaped(title, room)
    room -= len(headline)
    notes = "\n".join(escape(note) for note in footnotes if note)
    if notes and len(_GAP) + len(notes) > room:
        notes = cut_escaped("\n".join(note for note in footnotes if note), room - len(_GAP))
    if notes:
        room -= len(_GAP) + len(notes)
    parts = [f"{_BOLD_OPEN}{headline}{_BOLD_CLOSE}"]
    if lead and room > len(_GAP) + 1:
        body = cut_escaped(lead, room - len(_GAP))
        if body and body != ELLIPSIS:
            parts.append(body)
    parts.append(link)
    if notes:
        parts.append(notes)
    return prefix + _GAP.join(parts)


# --- The Dzen whitelist ---------------------------------------------------------------------

DZEN_TAGS = frozenset(
    [
        "p",
        "a",
        "b",
        "i",
        "u",
        "s",
        "h1",
        "h2",
        "h3",
        "h4",
        "blockquote",
        "ul",
        "ol",
        "li",
        "figure",
        "figcaption",
        "img",
        "video",
        "source",
    ]
)
_RENAMED = {"strong": "b", "em": "i", "strike": "s", "del": "s", "ins": "u"}
_ATTRIBUTES = {
    "a": ("href",),
    "img": ("src", "alt", "width", "height"),
    "video": ("src", "poster", "width", "height"),
    "source": ("src", "type"),
}
_URL_ATTRIBUTES = frozenset({"href", "src", "poster"})
_VOID = frozenset({"img", "source", "br", "hr"})
_DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "template", "noscript"})


def absolute_url(url: str, base: str) -> str:
    """``url`` made absolute against ``base``, with any query string and fragment dropped
    (Dzen wants URLs without parameters)."""
    parts = urlsplit(urljoin(base + "/", url.strip()))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


class _Whitelist(HTMLParser):
    def __init__(self, base: str, allowed: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.allowed = allowed
        self.out: list[str] = []
        self.open: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _DROP_WITH_CONTENT:
            self.dropping += 1
            return
        if self.dropping:
            return
        tag = _RENAMED.get(tag, tag)
        if tag not in self.allowed:
            return
        kept = []
        for name, value in attrs:
            if name not in _ATTRIBUTES.get(tag, ()) or value is None:
                continue
            if name in _URL_ATTRIBUTES:
                if value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                    continue
                value = absolute_url(value, self.base) if name != "href" else _link(value, self)
            kept.append(f' {name}="{escape(value)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        tag = _RENAMED.get(tag, tag)
        if self.open and self.open[-1] == tag and tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _DROP_WITH_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping:
            return
        tag = _RENAMED.get(tag, tag)
        if tag not in self.allowed or tag in _VOID or tag not in self.open:
            return
        while self.open:
            current = self.open.pop()
            self.out.append(f"</{current}>")
            if current == tag:
                break

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


def _link(value: str, parser: _Whitelist) -> str:
    """Links keep their query (they may point elsewhere) but become absolute."""
    return urljoin(parser.base + "/", value.strip())


def whitelist_html(fragment: str, base: str, allowed: Iterable[str] = DZEN_TAGS) -> str:
    """Keep only ``allowed`` tags (Dzen's list by default) and their safe attributes; other
    tags are unwrapped, scripts and frames dropped, relative URLs made absolute."""
    parser = _Whitelist(base.rstrip("/"), frozenset(allowed))
    parser.feed(fragment)
    return parser.result()


def json_ld_script(data: object) -> str:
    """A ``<script type="application/ld+json">`` element; ``<``, ``>`` and ``&`` are written
    as JSON escapes so the text can never close the script."""
    import json

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
