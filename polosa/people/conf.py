"""Knobs of the people directory: Django settings first, then the environment."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


def matcher_cache_dir() -> Path:
    """Where the compiled people matcher is pickled (shared by every worker process)."""
    configured = getattr(settings, "POLOSA_PEOPLE_CACHE_DIR", None) or os.environ.get(
        "POLOSA_PEOPLE_CACHE_DIR", ""
    )
    return Path(configured) if configured else Path(settings.VAR_DIR) / "cache"
