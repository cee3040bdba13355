"""Responsive pictures: one set of rendition sizes per place a picture is shown.

Every place (a card, the home page's lead, an article's main picture…) names its widths,
its crop ratio and the ``sizes`` the layout gives it; the picture is sent as AVIF where
this Pillow can write it, else WebP, with a WebP ``<img>`` for browsers that take no
``<source>``. Listings prefetch :func:`filter_specs` of their places with the cards'
query, so a picture costs no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Place:
    widths: tuple[int, ...]
    ratio: tuple[int, int]  # width, height
    sizes: str

    def spec(self, width: int, fmt: str) -> str:
        height = width * self.ratio[1] // self.ratio[0]
        return f"fill-{width}x{height}|format-{fmt}"


PLACES: dict[str, Place] = {
    "card": Place((400, 800), (16, 9), "(min-width: 76rem) 23rem, (min-width: 40rem) 45vw, 92vw"),
    "lead": Place((480, 800, 1200), (16, 9), "(min-width: 48rem) 44rem, 100vw"),
    "article": Place((480, 800, 1200), (16, 9), "(min-width: 48rem) 42rem, 100vw"),
    "poster": Place((200, 400), (2, 3), "(min-width: 48rem) 16rem, 50vw"),
    "poster-small": Place((160, 320), (2, 3), "(min-width: 40rem) 10rem, 45vw"),
}


@cache
def formats() -> tuple[str, ...]:
    """The formats sent, best first: AVIF only where Pillow has an AVIF encoder."""
    from PIL import features

    return ("avif", "webp") if features.check("avif") else ("webp",)


def filter_specs(*places: str) -> list[str]:
    """Every rendition the given places use (for a prefetch)."""
    return [
        PLACES[name].spec(width, fmt)
        for name in places
        for fmt in formats()
        for width in PLACES[name].widths
    ]


@dataclass(frozen=True)
class Source:
    mime: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    sources: list[Source]
    src: str
    srcset: str
    sizes: str
    width: int
    height: int


def picture(image, place: str) -> Picture | None:
    """The renditions of ``image`` for ``place`` (``None`` when its file is missing)."""
    shown = PLACES[place]
    specs = filter_specs(place)
    try:
        renditions = image.get_renditions(*specs)
    except Exception:  # a lost original must not take the page down
        return None
    by_format: dict[str, list] = {}
    for fmt in formats():
        by_format[fmt] = [renditions[shown.spec(width, fmt)] for width in shown.widths]
    fallback = by_format["webp"]
    middle = fallback[min(1, len(fallback) - 1)]
    return Picture(
        sources=[
            Source(f"image/{fmt}", _srcset(by_format[fmt])) for fmt in formats() if fmt != "webp"
        ],
        src=middle.url,
        srcset=_srcset(fallback),
        sizes=shown.sizes,
        width=middle.width,
        height=middle.height,
    )


def _srcset(renditions: list) -> str:
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)
