"""Knobs of the people directory: Django settings first, then the environment."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

DEFAULT_FEED_ITEMS = 30


def matcher_cache_dir() -> Path:
    """Where the compiled people matcher is pickled (shared by every worker process)."""
    configured = getattr(settings, "POLOSA_PEOPLE_CACHE_DIR", None) or os.environ.get(
        "POLOSA_PEOPLE_CACHE_DIR", ""
    )
    return Path(configured) if configured else Path(settings.VAR_DIR) / "cache"


def feed_items() -> int:
    value = getattr(settings, "POLOSA_PEOPLE_FEED_ITEMS", None)
    if value is None:
        raw = os.environ.get("POLOSA_PEOPLE_FEED_ITEMS", "")
        value = int(raw) if raw.isdigit() else DEFAULT_FEED_ITEMS
    return max(1, int(value))
