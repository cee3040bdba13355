"""Writes of pictures that readers see."""

from __future__ import annotations

from polosa.core import surrogate
from polosa.core.purge import purge_keys


def image_changed(image, *, reason: str = "picture changed") -> None:
    """A picture's credit, focal point or file: on every page, card and feed showing it."""
    purge_keys({surrogate.image(image.pk)}, reason=reason)
