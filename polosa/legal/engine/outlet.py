"""The outlet's labelling settings applied to registry entries, without Django.

:mod:`polosa.legal.conf` reads the settings (Django settings, then the environment) and
the fast command line reads the environment only; both end here, so a text checked from
the shell is labelled exactly as the site labels it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from .entries import RegistryEntry
from .footnotes import FORMERLY_SUFFIX, formerly_templates

EXCLUDED_DROP = "drop"  # the label of an excluded entry goes
EXCLUDED_FORMERLY = "formerly"  # it stays, worded «ранее признан…»


@dataclass(frozen=True)
class OutletSettings:
    """What the outlet decided about labels (``POLOSA_LEGAL_*``)."""

    excluded: str = EXCLUDED_DROP
    #: With ``formerly``: whether the footnote names the day of the exclusion.
    formerly_date: bool = False
    rosfinmonitoring_persons: bool = False
    repeat_stars: bool = False
    footnotes: Mapping[str, str] | None = None

    def templates(self) -> dict[str, str]:
        """Footnote templates: the «ранее…» ones under their kinds, then the outlet's own."""
        templates = formerly_templates(with_date=self.formerly_date)
        templates.update(self.footnotes or {})
        return templates


def _flag(raw: str | None) -> bool:
    return (raw or "").strip().lower() in {"1", "true", "yes", "on"}


def settings_from_environ(environ: Mapping[str, str] | None = None) -> OutletSettings:
    """The settings as the environment gives them (``POLOSA_LEGAL_EXCLUDED=formerly`` …)."""
    env = os.environ if environ is None else environ
    excluded = (env.get("POLOSA_LEGAL_EXCLUDED") or EXCLUDED_DROP).strip().lower()
    raw_footnotes = (env.get("POLOSA_LEGAL_FOOTNOTES") or "").strip()
    if raw_footnotes:
        import json  # only then: the fast check starts without it

        footnotes = json.loads(raw_footnotes)
    else:
        footnotes = None
    return OutletSettings(
        excluded=EXCLUDED_FORMERLY if excluded == EXCLUDED_FORMERLY else EXCLUDED_DROP,
        formerly_date=_flag(env.get("POLOSA_LEGAL_FORMERLY_DATE")),
        rosfinmonitoring_persons=_flag(env.get("POLOSA_LEGAL_ROSFINMONITORING_PERSONS")),
        repeat_stars=_flag(env.get("POLOSA_LEGAL_REPEAT_STARS")),
        footnotes=footnotes,
    )


def labelled_entries(
    rows: Iterable[RegistryEntry], settings: OutletSettings, today: date | None = None
) -> list[RegistryEntry]:
    """The entries the outlet labels.

    Rosfinmonitoring individuals are left out unless enabled. With ``formerly``, an excluded
    entry stays in force under the kind ``<kind>_formerly`` (its footnote says «ранее
    признан…») and keeps its exclusion day in ``formerly_excluded_on``.
    """
    today = today or date.today()
    formerly = settings.excluded == EXCLUDED_FORMERLY
    out = []
    for entry in rows:
        if (
            entry.kind == "rosfinmonitoring"
            and entry.entity_type == "person"
            and not settings.rosfinmonitoring_persons
        ):
            continue
        if formerly and entry.excluded_on is not None and entry.excluded_on <= today:
            entry = replace(
                entry,
                kind=entry.kind + FORMERLY_SUFFIX,
                excluded_on=None,
                formerly_excluded_on=entry.excluded_on,
            )
        out.append(entry)
    return out
