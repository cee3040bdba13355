"""Freshness of the imported registry copies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from .entries import KINDS

FRESH = "fresh"
UNKNOWN = "unknown"

#: Kinds whose copies the outlet must keep fresh (``person`` is the people directory).
LABELLED_KINDS = tuple(k for k in KINDS if k != "person")


def registry_status(
    taken_at: Mapping[str, datetime],
    now: datetime,
    window: timedelta = timedelta(days=8),
) -> dict[str, str]:
    """``fresh`` or ``unknown`` per kind, for every labelled kind and any other given.

    A copy taken more than ``window`` before ``now`` (or never imported, or dated in the
    future by a broken clock) is ``unknown``. Callers must treat ``unknown`` as "we cannot
    tell": show the editor that the check for that kind is not valid, never as "clean", and
    keep labelling from the stale copy (stale labels are better than none).
    """
    status: dict[str, str] = {}
    for kind in (*LABELLED_KINDS, *(k for k in taken_at if k not in LABELLED_KINDS)):
        at = taken_at.get(kind)
        fresh = at is not None and timedelta(0) <= now - at <= window
        status[kind] = FRESH if fresh else UNKNOWN
    return status
