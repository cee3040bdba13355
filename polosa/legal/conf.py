"""The outlet's knobs for legal labels.

Each value comes from Django settings first (``POLOSA_LEGAL_*``), then the environment
variable of the same name, then the default. They are read on every call, so tests can
override settings and an operator can change a value without touching code.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any

from django.conf import settings

from polosa.legal.engine import footnotes, outlet

#: What happens to mentions of an entry excluded from its registry.
EXCLUDED_DROP = outlet.EXCLUDED_DROP  # the label goes
EXCLUDED_FORMERLY = outlet.EXCLUDED_FORMERLY  # the label stays, worded "ранее признан…"

#: Footnotes of excluded entries when :data:`EXCLUDED_FORMERLY` is on (the engine's).
FORMERLY_FOOTNOTES = footnotes.FORMERLY_FOOTNOTES

#: Suffix of the engine kind given to excluded entries kept with a "formerly" label.
FORMERLY_SUFFIX = footnotes.FORMERLY_SUFFIX


def _value(name: str, default: Any) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, dict):
        return json.loads(raw)
    return raw


def freshness_window() -> timedelta:
    """How old a registry copy may be before the engine answers ``unknown`` for its kind."""
    return timedelta(days=_value("POLOSA_LEGAL_FRESHNESS_DAYS", 8))


def repeat_stars() -> bool:
    """Whether later mentions of an entity repeat its stars (default: first mention only)."""
    return bool(_value("POLOSA_LEGAL_REPEAT_STARS", False))


def label_rosfinmonitoring_persons() -> bool:
    """Whether individuals from the Rosfinmonitoring list are labelled (lawyers say no)."""
    return bool(_value("POLOSA_LEGAL_ROSFINMONITORING_PERSONS", False))


def excluded_behaviour() -> str:
    """:data:`EXCLUDED_DROP` (default) or :data:`EXCLUDED_FORMERLY`."""
    value = str(_value("POLOSA_LEGAL_EXCLUDED", EXCLUDED_DROP)).strip().lower()
    return EXCLUDED_FORMERLY if value == EXCLUDED_FORMERLY else EXCLUDED_DROP


def formerly_date() -> bool:
    """Whether a «ранее признан…» footnote names the day of the exclusion
    (``POLOSA_LEGAL_FORMERLY_DATE``, default off)."""
    return bool(_value("POLOSA_LEGAL_FORMERLY_DATE", False))


def outlet_settings() -> outlet.OutletSettings:
    """All the labelling knobs at once, for the engine's pure helpers."""
    return outlet.OutletSettings(
        excluded=excluded_behaviour(),
        formerly_date=formerly_date(),
        rosfinmonitoring_persons=label_rosfinmonitoring_persons(),
        repeat_stars=repeat_stars(),
        footnotes=_value("POLOSA_LEGAL_FOOTNOTES", {}) or {},
    )


def footnote_templates() -> dict[str, str]:
    """The outlet's footnote templates per kind, over the engine's defaults.

    ``POLOSA_LEGAL_FOOTNOTES`` is a dict (or, in the environment, a JSON object) like
    ``{"foreign_agent": "{name} внесен{a} в реестр иностранных агентов"}``.
    """
    return outlet_settings().templates()


def marked_page_titles() -> bool:
    """Whether ``<title>`` and ``og:title`` carry the headline's marks (default: no; the
    page's own headline, cards and listings always do)."""
    return bool(_value("POLOSA_LEGAL_MARKED_PAGE_TITLES", False))


def fetch_timeout() -> float:
    """Seconds a scheduled registry download may take before it counts as failed."""
    return float(_value("POLOSA_LEGAL_FETCH_TIMEOUT", 60))


def cache_dir():
    """Where the engine keeps compiled matchers (keyed by a digest of the registry)."""
    return settings.VAR_DIR / "cache" / "legal"
