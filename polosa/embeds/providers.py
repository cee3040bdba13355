"""Which provider a pasted address belongs to, and the embed markup built from it.

Pure Python (no Django, no network): every supported provider documents an iframe or
widget address that follows from the post's or video's address, so the markup is built
here instead of asked from an oEmbed endpoint. :func:`recognise` answers ``None`` for an
address of a site this module does not know; for a known site with an address that is not
a post or a video it raises :class:`Refused` with a reason code that the Django side turns
into the editor's message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs, quote, urlencode, urlsplit

# Identifiers, each as the provider defines it.
_TELEGRAM_CHANNEL = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_DIGITS = re.compile(r"[0-9]{1,20}")
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_RUTUBE_ID = re.compile(r"[0-9a-f]{32}")
_DZEN_ID = re.compile(r"[A-Za-z0-9_-]{6,64}")
#: ``-1_2`` in ``wall-1_2`` / ``video-1_2``: owner (a minus for communities) and item.
_VK_OWNER = re.compile(r"-?[0-9]{1,20}")
_VK_ITEM = re.compile(r"(-?[0-9]{1,20})_([0-9]{1,20})")
_VK_HASH = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: ``1h2m3s``, ``90s``, ``90``: YouTube's and Rutube's start times.
_START_TIME = re.compile(r"(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,6})s?)?")

TELEGRAM_WIDGET = "https://telegram.org/js/telegram-widget.js?22"
VIDEO_ALLOW = "autoplay; encrypted-media; fullscreen; picture-in-picture"


class Refused(ValueError):
    """A known provider's address that cannot be embedded; ``reason`` names why."""

    def __init__(self, provider: Provider, reason: str) -> None:
        super().__init__(f"{provider.key}: {reason}")
        self.provider = provider
        self.reason = reason


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    #: Lower-case host names without ``www.`` / ``m.``.
    hosts: frozenset[str]
    #: Where its iframes or widget script come from (the CSP and the sanitiser allow them).
    origins: tuple[str, ...]


@dataclass(frozen=True)
class Embed:
    """What a finder stores for an address: the markup and what the placeholder shows."""

    provider: Provider
    html: str
    kind: str  # "video" or "rich", as in oEmbed
    width: int | None = None
    height: int | None = None


TELEGRAM = Provider(
    "telegram",
    "Telegram",
    frozenset({"t.me", "telegram.me", "telegram.dog"}),
    ("https://telegram.org", "https://t.me"),
)
VK_VIDEO_ORIGIN = "https://vkvideo.ru"
VK = Provider(
    "vk",
    "ВКонтакте",
    frozenset({"vk.com", "vk.ru", "vkvideo.ru"}),
    ("https://vk.com", VK_VIDEO_ORIGIN),
)
RUTUBE = Provider("rutube", "Rutube", frozenset({"rutube.ru"}), ("https://rutube.ru",))
YOUTUBE = Provider(
    "youtube",
    "YouTube",
    frozenset({"youtube.com", "youtu.be", "youtube-nocookie.com", "music.youtube.com"}),
    ("https://www.youtube-nocookie.com",),
)
DZEN = Provider("dzen", "Дзен", frozenset({"dzen.ru", "zen.yandex.ru"}), ("https://dzen.ru",))
OK = Provider("ok", "Одноклассники", frozenset({"ok.ru", "odnoklassniki.ru"}), ("https://ok.ru",))

PROVIDERS: tuple[Provider, ...] = (TELEGRAM, VK, RUTUBE, YOUTUBE, DZEN, OK)


def embed_origins() -> tuple[str, ...]:
    """Every origin the providers' markup loads from (for the CSP and the sanitiser)."""
    return tuple(dict.fromkeys(origin for provider in PROVIDERS for origin in provider.origins))


@dataclass(frozen=True)
class _Address:
    host: str
    segments: list[str]
    query: dict[str, list[str]]
    fragment: str

    def param(self, name: str) -> str:
        values = self.query.get(name)
        return values[0] if values else ""


def _parse(url: str) -> _Address | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    for prefix in ("www.", "m."):
        host = host.removeprefix(prefix)
    segments = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query, keep_blank_values=True)
    return _Address(host, segments, query, parts.fragment)


def recognise(url: str) -> Embed | None:
    """The embed for ``url``; ``None`` if no provider knows its site.

    Raises :class:`Refused` for a known site's address that is not an embeddable post or
    video (a channel instead of a post, a private chat, a malformed identifier…).
    """
    address = _parse(url)
    if address is None:
        return None
    for provider in PROVIDERS:
        if address.host in provider.hosts:
            return _BUILDERS[provider.key](address)
    return None


def provider_of(url: str) -> Provider | None:
    """The provider whose site ``url`` is on, whether or not it can be embedded."""
    address = _parse(url)
    if address is None:
        return None
    return next((p for p in PROVIDERS if address.host in p.hosts), None)


# -- markup -------------------------------------------------------------------------------


def _iframe(src: str, title: str, *, width: int, height: int, allow: str = VIDEO_ALLOW) -> str:
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="{width}" height="{height}"'
        f' allow="{escape(allow)}" allowfullscreen loading="lazy"'
        ' referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )


def _video(provider: Provider, src: str, *, width: int = 640, height: int = 360) -> Embed:
    html = _iframe(src, provider.name, width=width, height=height)
    return Embed(provider, html, "video", width, height)


def _start_seconds(value: str) -> int:
    """``1m30s``, ``90s`` or ``90`` as seconds; 0 for anything else."""
    match = _START_TIME.fullmatch(value or "")
    if not value or match is None:
        return 0
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds


# -- the providers ------------------------------------------------------------------------


def _telegram(address: _Address) -> Embed:
    segments = address.segments
    if segments[:1] == ["s"]:  # the channel's web preview: t.me/s/<channel>/<post>
        segments = segments[1:]
    if segments[:1] == ["c"]:
        raise Refused(TELEGRAM, "private")
    if len(segments) < 2:
        raise Refused(TELEGRAM, "not_a_post")
    channel, post = segments[0], segments[1]
    if not _TELEGRAM_CHANNEL.fullmatch(channel) or not _DIGITS.fullmatch(post):
        raise Refused(TELEGRAM, "not_a_post")
    html = (
        f'<script async src="{TELEGRAM_WIDGET}" data-telegram-post="{channel}/{post}"'
        ' data-width="100%"></script>'
    )
    return Embed(TELEGRAM, html, "rich")


def _vk_item(address: _Address, kinds: tuple[str, ...]) -> tuple[str, str, str] | None:
    """``(kind, owner, id)`` from ``/wall-1_2``, ``/video-1_2``, ``/clip-1_2`` or from the
    ``w=``/``z=`` parameter VK uses when a post or a video opens over another page."""
    candidates = [address.segments[0]] if address.segments else []
    for name in ("w", "z"):
        candidates.extend(value.split("/")[0] for value in address.query.get(name, []))
    for candidate in candidates:
        for kind in kinds:
            if candidate.startswith(kind):
                match = _VK_ITEM.fullmatch(candidate[len(kind) :])
                if match:
                    return kind, match.group(1), match.group(2)
    return None


def _vk(address: _Address) -> Embed:
    video_origin = VK_VIDEO_ORIGIN if address.host == "vkvideo.ru" else "https://vk.com"
    hash_ = address.param("hash")
    if hash_ and not _VK_HASH.fullmatch(hash_):
        raise Refused(VK, "malformed")
    if address.segments[:1] == ["video_ext.php"]:
        owner, item = address.param("oid"), address.param("id")
        if not _VK_OWNER.fullmatch(owner) or not _DIGITS.fullmatch(item):
            raise Refused(VK, "malformed")
        found = ("video", owner, item)
    else:
        found = _vk_item(address, ("wall", "video", "clip"))
    if found is None:
        raise Refused(VK, "not_a_post")
    kind, owner, item = found
    if kind == "wall":
        if not hash_:
            # VK's post widget needs the key from the post's «Код для вставки».
            raise Refused(VK, "post_needs_hash")
        query = urlencode({"owner_id": owner, "post_id": item, "hash": hash_, "width": "100%"})
        src = f"https://vk.com/widget_post.php?{query}"
        html = _iframe(src, VK.name, width=550, height=600, allow="fullscreen")
        return Embed(VK, html, "rich", 550, 600)
    params = {"oid": owner, "id": item, "hd": "2"}
    if hash_:
        params["hash"] = hash_
    return _video(VK, f"{video_origin}/video_ext.php?{urlencode(params)}")


def _rutube(address: _Address) -> Embed:
    segments = address.segments
    if len(segments) >= 2 and segments[0] in ("video", "shorts"):
        video_id = segments[1]
    elif len(segments) >= 3 and segments[:2] == ["play", "embed"]:
        video_id = segments[2]
    else:
        raise Refused(RUTUBE, "not_a_video")
    if segments[0] == "video" and video_id == "private" and len(segments) >= 3:
        video_id = segments[2]  # rutube.ru/video/private/<id>/?p=<key>
    if not _RUTUBE_ID.fullmatch(video_id):
        raise Refused(RUTUBE, "malformed")
    params = {}
    if _start_seconds(address.param("t")):
        params["t"] = str(_start_seconds(address.param("t")))
    private_key = address.param("p")
    if private_key:
        if not _VK_HASH.fullmatch(private_key):
            raise Refused(RUTUBE, "malformed")
        params["p"] = private_key
    query = f"?{urlencode(params)}" if params else ""
    return _video(RUTUBE, f"https://rutube.ru/play/embed/{video_id}/{query}", width=720, height=405)


def _youtube(address: _Address) -> Embed:
    segments = address.segments
    if address.host == "youtu.be":
        video_id = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        video_id = address.param("v")
    elif len(segments) >= 2 and segments[0] in ("shorts", "embed", "live", "v", "e"):
        video_id = segments[1]
    else:
        raise Refused(YOUTUBE, "not_a_video")
    if not _YOUTUBE_ID.fullmatch(video_id):
        raise Refused(YOUTUBE, "malformed")
    start = _start_seconds(address.param("t") or address.param("start"))
    if not start and address.fragment.startswith("t="):
        start = _start_seconds(address.fragment[2:])
    query = f"?start={start}" if start else ""
    return _video(YOUTUBE, f"https://www.youtube-nocookie.com/embed/{video_id}{query}")


def _dzen(address: _Address) -> Embed:
    segments = address.segments
    if len(segments) >= 2 and segments[0] == "embed":
        if not _DZEN_ID.fullmatch(segments[1]):
            raise Refused(DZEN, "malformed")
        query = "?from_block=partner&from=zen&mute=0&autoplay=0&tv=0"
        return _video(DZEN, f"https://dzen.ru/embed/{quote(segments[1])}{query}")
    if segments[:2] == ["video", "watch"] or segments[:1] == ["shorts"]:
        # A watch page's id is not the embed id; Dzen gives that under «Встроить».
        raise Refused(DZEN, "watch_page")
    raise Refused(DZEN, "not_a_video")


def _ok(address: _Address) -> Embed:
    segments = address.segments
    if len(segments) >= 2 and segments[0] in ("video", "videoembed", "live"):
        if not _DIGITS.fullmatch(segments[1]):
            raise Refused(OK, "malformed")
        return _video(OK, f"https://ok.ru/videoembed/{segments[1]}")
    raise Refused(OK, "not_a_video")


_BUILDERS: dict[str, Callable[[_Address], Embed]] = {
    "telegram": _telegram,
    "vk": _vk,
    "rutube": _rutube,
    "youtube": _youtube,
    "dzen": _dzen,
    "ok": _ok,
}
