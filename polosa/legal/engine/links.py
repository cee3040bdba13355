"""Links to blocked resources: sites, Telegram channels, social-network accounts.

Pure Python. A blocked resource is known by a *key*: a site by its host (``example.org``,
which covers its subdomains too), a Telegram channel as ``t.me/<name>``, an account as
``<host>/<name>`` (``instagram.com/somebody``). :func:`find` lists the ``<a href>`` of an
HTML text that lead to one; :func:`rewrite` applies the reviewer's decisions: a link
*removed* goes with its text, a link *unlinked* (and one nobody has decided on yet) leaves
its text as plain text.
"""

from __future__ import annotations

import contextlib
import html as html_lib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from .patterns import lazy

SITE = "site"
TELEGRAM = "telegram"
SOCIAL = "social"
KINDS = (SITE, TELEGRAM, SOCIAL)

REMOVED = "removed"
UNLINKED = "unlinked"

_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
#: Other names of one network, folded to the one its accounts are listed under.
_HOST_ALIASES = {"twitter.com": "x.com", "fb.com": "facebook.com", "instagr.am": "instagram.com"}
_MOBILE_PREFIXES = ("www.", "m.", "mobile.")

_ANCHOR = lazy(
    r"<a\b(?P<attrs>[^>]*)>(?P<inner>.*?)</a\s*>",
    re.IGNORECASE | re.DOTALL,
)
#: ``mailto:``, ``tg:``, ``tel:``… (a host with a port, ``example.org:8080``, is not one).
_SCHEME = lazy(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")
_HREF = lazy(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)


def _host(netloc: str) -> str:
    host = netloc.rpartition("@")[2].partition(":")[0].strip(".").lower()
    with contextlib.suppress(UnicodeError, ValueError):
        host = ".".join(
            part.encode("ascii").decode("idna") if part.startswith("xn--") else part
            for part in host.split(".")
        )
    for prefix in _MOBILE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    return _HOST_ALIASES.get(host, host)


def _split(address: str):
    address = html_lib.unescape(address.strip())
    if address.startswith("//"):
        address = "https:" + address
    elif "://" not in address and not _SCHEME.match(address):
        address = "https://" + address
    try:
        return urlsplit(address)
    except ValueError:
        return None


def _first_segment(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    if segments and segments[0] == "s" and len(segments) > 1:  # t.me/s/<channel>: its web view
        segments = segments[1:]
    return segments[0].lower() if segments else ""


def link_keys(href: str) -> list[str]:
    """Every key a link may be blocked under: its host and the domains above it, the host
    with the first path segment (an account), the Telegram channel."""
    parts = _split(href)
    if parts is None:
        return []
    if parts.scheme.lower() == "tg":
        domain = parse_qs(parts.query).get("domain", [""])[0].lower()
        return [f"t.me/{domain}"] if domain else []
    if parts.scheme.lower() not in ("http", "https"):
        return []
    host = _host(parts.netloc)
    if not host or "." not in host:
        return []
    segment = _first_segment(parts.path)
    if host in _TELEGRAM_HOSTS:
        return [f"t.me/{segment}"] if segment else ["t.me"]
    labels = host.split(".")
    keys = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    if segment:
        keys.insert(0, f"{host}/{segment}")
    return keys


def resource_key(kind: str, address: str) -> str:
    """The key of a blocked resource as a registry lists it (a URL, a bare domain,
    ``@channel`` for Telegram); ``""`` when the address says nothing usable."""
    address = (address or "").strip()
    if kind == TELEGRAM:
        if address.startswith("@"):
            return f"t.me/{address[1:].lower()}" if len(address) > 1 else ""
        keys = link_keys(address)
        if keys and keys[0].startswith("t.me/"):
            return keys[0]
        if re.fullmatch(r"[A-Za-z0-9_]{3,}", address):
            return f"t.me/{address.lower()}"
        return ""
    parts = _split(address)
    if parts is None:
        return ""
    host = _host(parts.netloc)
    if not host or "." not in host:
        return ""
    if kind == SOCIAL:
        segment = _first_segment(parts.path)
        return f"{host}/{segment}" if segment else ""
    return host


@dataclass(frozen=True)
class BlockedLink:
    """An ``<a>`` leading to a blocked resource: its span in the HTML, the span of its
    content, its address and the key it is blocked under."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    href: str
    key: str

    @property
    def decision_key(self) -> tuple[str, str]:
        return (self.key, self.href)


def find(html: str, blocked: Mapping[str, object] | Iterable[str]) -> list[BlockedLink]:
    """The links of ``html`` that lead to a blocked resource, in text order."""
    if not blocked or "<a" not in html.lower():
        return []
    found = []
    for anchor in _ANCHOR.finditer(html):
        href_match = _HREF.search(anchor.group("attrs"))
        if href_match is None:
            continue
        href = html_lib.unescape(next(g for g in href_match.groups() if g is not None)).strip()
        key = next((k for k in link_keys(href) if k in blocked), None)
        if key is None:
            continue
        found.append(
            BlockedLink(
                start=anchor.start(),
                end=anchor.end(),
                inner_start=anchor.start("inner"),
                inner_end=anchor.end("inner"),
                href=href[:1000],
                key=key,
            )
        )
    return found


def rewrite(
    html: str, links: Iterable[BlockedLink], decisions: Mapping[tuple[str, str], str]
) -> str:
    """``html`` with each blocked link unlinked (its text stays) or removed with its text,
    as decided; an undecided link is unlinked, so nothing leads there meanwhile."""
    pieces = []
    pos = 0
    for link in sorted(links, key=lambda link: link.start):
        pieces.append(html[pos : link.start])
        if decisions.get(link.decision_key) != REMOVED:
            pieces.append(html[link.inner_start : link.inner_end])
        pos = link.end
    pieces.append(html[pos:])
    return "".join(pieces)
