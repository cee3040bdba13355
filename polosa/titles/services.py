"""Writes of the ratings that readers see, each naming the surrogate keys it changes."""

from __future__ import annotations

from polosa.core import surrogate
from polosa.core.purge import purge_keys


def title_changed(title_id: int, *, reason: str = "title changed") -> None:
    """A title's name, poster or score: its page, its cards, the reviews showing it, the
    ratings block and page."""
    purge_keys({surrogate.title(title_id), surrogate.RATINGS}, reason=reason)


def ratings_settings_changed(*, reason: str = "ratings block settings changed") -> None:
    """Which titles the block shows (mode, size, picked titles)."""
    purge_keys({surrogate.RATINGS}, reason=reason)
