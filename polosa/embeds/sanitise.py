"""Embed markup reduced to the shapes a reader's page may carry.

Whatever a finder returns (Polosa's own markup or a provider's oEmbed ``html``) passes
:func:`sanitise` before it is stored: an ``<iframe>`` from an allowed origin, Telegram's
post widget ``<script>`` (no inline code), or a ``<blockquote>`` of plain text and links.
Everything else goes: other tags, event handlers, styles, ``javascript:`` and relative
addresses, frames and scripts from elsewhere. The HTML is cleaned by ``nh3`` (the Ammonia
sanitiser); a second pass with the standard library's parser drops the frames and scripts
whose address was refused, and script bodies.

Pure Python: no Django here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

TELEGRAM_WIDGET_PATH = "/js/telegram-widget.js"

_TAGS = {"iframe", "script", "blockquote", "p", "a", "br", "strong", "em", "b", "i"}
#: Removed together with their content (text in them is not a reader's text).
_CLEAN_CONTENT = {"style", "noscript", "template", "textarea", "title", "svg", "math", "object"}
_ATTRIBUTES = {
    "iframe": {
        "src",
        "title",
        "width",
        "height",
        "allow",
        "allowfullscreen",
        "frameborder",
        "loading",
        "referrerpolicy",
    },
    "script": {"src", "async", "data-telegram-post", "data-width", "data-userpic", "data-dark"},
    "blockquote": {"cite"},
    "a": {"href"},
}
#: Features an embedded player may ask for in ``allow``.
_ALLOWED_FEATURES = frozenset(
    {"autoplay", "encrypted-media", "fullscreen", "picture-in-picture", "clipboard-write"}
)
_REFERRER_POLICIES = frozenset({"strict-origin-when-cross-origin", "strict-origin", "no-referrer"})
_SIZE = re.compile(r"[0-9]{1,4}%?")
_TELEGRAM_POST = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}/[0-9]{1,20}")
_EMBEDDING_TAGS = ("iframe", "script", "blockquote")


def origin_of(url: str) -> str | None:
    """``https://host[:port]`` of an absolute https address without credentials, else None."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        return None
    return f"https://{parts.hostname.lower()}" + (f":{port}" if port else "")


def _web_address(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class _Filter:
    """nh3's attribute filter: a value survives only in its allowed form."""

    def __init__(self, origins: frozenset[str]) -> None:
        self.origins = origins

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute == "src":
            return value if self._src_allowed(tag, value) else None
        if attribute in ("width", "height", "data-width"):
            return value if _SIZE.fullmatch(value) else None
        if attribute == "allow":
            features = [f.strip() for f in value.split(";") if f.strip() in _ALLOWED_FEATURES]
            return "; ".join(features) or None
        if attribute == "loading":
            return value if value in ("lazy", "eager") else None
        if attribute == "referrerpolicy":
            return value if value in _REFERRER_POLICIES else None
        if attribute == "data-telegram-post":
            return value if _TELEGRAM_POST.fullmatch(value) else None
        if attribute in ("data-userpic", "data-dark"):
            return value if value in ("true", "false", "1", "0") else None
        if attribute in ("href", "cite"):
            return value if _web_address(value) else None
        if attribute == "rel":  # nh3's own rel="noopener noreferrer" on links
            return value
        if attribute == "frameborder":
            return value if value in ("0", "1") else None
        if attribute in ("allowfullscreen", "async", "title"):
            return value
        return None

    def _src_allowed(self, tag: str, value: str) -> bool:
        origin = origin_of(value)
        if origin is None or origin not in self.origins:
            return False
        if tag == "script":
            return origin == "https://telegram.org" and (
                urlsplit(value).path == TELEGRAM_WIDGET_PATH
            )
        return tag == "iframe"


class _Reserialiser(HTMLParser):
    """Writes nh3's output back, without frames and scripts that lost their address,
    scripts that are not a Telegram post widget, and any text inside a frame or a script;
    an end tag closes only an element that is open."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping: str | None = None
        self.embedding = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or any(t in ("iframe", "script") for t in self.open):
            return
        if tag == "br":
            self.out.append("<br>")
            return
        names = {name for name, _ in attrs}
        if tag in ("iframe", "script") and "src" not in names:
            self.skipping = tag
            return
        if tag == "script" and "data-telegram-post" not in names:
            self.skipping = tag
            return
        self.embedding = self.embedding or tag in _EMBEDDING_TAGS
        self.open.append(tag)
        self.out.append(f"<{tag}{_attributes(attrs)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping:
                self.skipping = None
            return
        if tag not in self.open:
            return
        while self.open:
            closed = self.open.pop()
            self.out.append(f"</{closed}>")
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skipping or any(t in ("iframe", "script") for t in self.open):
            return
        self.out.append(escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")


def _attributes(attrs: list[tuple[str, str | None]]) -> str:
    return "".join(
        f" {name}" if value is None or value == "" else f' {name}="{escape(value)}"'
        for name, value in attrs
    )


def sanitise(html: str, allowed_origins: Iterable[str]) -> str:
    """The embeddable part of ``html``, or ``""`` when nothing embeddable survives."""
    origins = frozenset(origin.rstrip("/").lower() for origin in allowed_origins)
    cleaned = nh3.clean(
        html or "",
        tags=_TAGS,
        clean_content_tags=_CLEAN_CONTENT,
        attributes=_ATTRIBUTES,
        attribute_filter=_Filter(origins),
        strip_comments=True,
    )
    writer = _Reserialiser()
    writer.feed(cleaned)
    writer.close()
    return "".join(writer.out).strip() if writer.embedding else ""
