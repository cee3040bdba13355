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

#: What happens to mentions of an entry excluded from its registry.
EXCLUDED_DROP = "drop"  # the label goes
EXCLUDED_FORMERLY = "formerly"  # the label stays, worded "ранее признан…"

#: Footnotes of excluded entries when :data:`EXCLUDED_FORMERLY` is on. ``{a}`` is ``а`` for
#: a woman. Keys follow the engine's templates: ``kind`` or ``kind:entity_type``.
FORMERLY_FOOTNOTES: dict[str, str] = {
    "foreign_agent": "{name} ранее признан{a} иностранным агентом в РФ",
    "foreign_agent:organisation": "{name} — организация, ранее признанная иностранным агентом в РФ",
    "undesirable": "{name} — деятельность организации ранее признавалась нежелательной в РФ",
    "extremist": "{name} — деятельность организации ранее была запрещена в РФ",
    "extremist:person": "{name} ранее внесен{a} в перечень экстремистов",
    "terrorist": "{name} — организация ранее была признана террористической в РФ",
    "terrorist:person": "{name} ранее внесен{a} в перечень террористов",
    "rosfinmonitoring": "{name} — организация ранее была внесена в перечень Росфинмониторинга",
    "rosfinmonitoring:person": "{name} ранее внесен{a} в перечень Росфинмониторинга",
}

#: Suffix of the engine kind given to excluded entries kept with a "formerly" label.
FORMERLY_SUFFIX = "_formerly"


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


def footnote_templates() -> dict[str, str]:
    """The outlet's footnote templates per kind, over the engine's defaults.

    ``POLOSA_LEGAL_FOOTNOTES`` is a dict (or, in the environment, a JSON object) like
    ``{"foreign_agent": "{name} внесен{a} в реестр иностранных агентов"}``.
    """
    templates = {f"{key[0]}{FORMERLY_SUFFIX}{key[1]}": v for key, v in _formerly_items()}
    templates.update(_value("POLOSA_LEGAL_FOOTNOTES", {}) or {})
    return templates


def _formerly_items():
    for key, template in FORMERLY_FOOTNOTES.items():
        kind, _, entity_type = key.partition(":")
        yield (kind, f":{entity_type}" if entity_type else ""), template


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
