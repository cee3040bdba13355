"""Writes of the site set-up that every public page shows."""

from __future__ import annotations

from polosa.core import surrogate
from polosa.core.purge import purge_keys


def site_changed(*, reason: str = "site changed") -> None:
    """A Wagtail site (hostname, port, root page): every URL may resolve differently."""
    purge_keys({surrogate.SITE}, reason=reason)


def outlet_settings_changed(*, reason: str = "outlet settings changed") -> None:
    """The outlet's name, logo, channel or default credit: on every page and feed."""
    purge_keys({surrogate.SETTINGS}, reason=reason)
