"""How close another article is to this one, for «Читайте также». Pure Python.

What two articles share falls in two tiers:

* **the subject**: the film or series both review, a name both headlines quote (the
  film, album or festival of a news item), people of the directory both mention;
* **the surroundings**: tags, the rubric, and the wording of headline and lead (the share
  of this article's rare words the other one has, each word weighted by its rarity).

The subject outweighs any amount of surroundings, however old the article: one shared
person scores at least ``PERSON × ½`` = 1.5 after the recency factor, the surroundings
at most 1 before it. Within a tier newer articles come first: the factor goes from 1
(today) down towards ½ (with a half-life of :data:`HALF_LIFE_DAYS`), never below it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "MIN_SCORE",
    "Signals",
    "closeness",
    "rank",
    "recency",
    "score",
    "strength",
]

TITLE = 8.0
NAME = 6.0
PERSON = 3.0
TAG = 0.5
RUBRIC = 0.25
TEXT = 1.5
HALF_LIFE_DAYS = 90.0
#: Less than this and an article is not related, only nearby (one common word).
MIN_SCORE = 0.15


@dataclass(frozen=True)
class Signals:
    """What another article shares with this one."""

    article_id: int
    published_at: datetime
    same_title: bool = False
    names: int = 0
    people: int = 0
    tags: float = 0.0
    same_rubric: bool = False
    #: The share (0…1) of this article's wording, weighted by rarity, the other one has.
    text: float = 0.0


def strength(signals: Signals) -> float:
    """The subject: 0, or at least :data:`PERSON`."""
    return (
        TITLE * signals.same_title + NAME * min(signals.names, 2) + PERSON * min(signals.people, 3)
    )


def closeness(signals: Signals) -> float:
    """The surroundings, squashed below 1 so that they never outweigh the subject."""
    raw = TAG * signals.tags + RUBRIC * signals.same_rubric + TEXT * signals.text
    return raw / (1.0 + raw)


def recency(published_at: datetime, now: datetime) -> float:
    age_days = max(0.0, (now - published_at).total_seconds() / 86400)
    return 0.5 + 0.5 * 0.5 ** (age_days / HALF_LIFE_DAYS)


def score(signals: Signals, now: datetime) -> float:
    return recency(signals.published_at, now) * (strength(signals) + closeness(signals))


def rank(candidates: Iterable[Signals], now: datetime, count: int) -> list[tuple[int, float]]:
    """The ``count`` closest articles as ``(id, score)``, best first; newer first on a tie."""
    scored = [
        (score(signals, now), signals.published_at, signals.article_id) for signals in candidates
    ]
    scored = [item for item in scored if item[0] >= MIN_SCORE]
    scored.sort(key=lambda item: (item[0], item[1], item[2]), reverse=True)
    return [(article_id, value) for value, _, article_id in scored[:count]]
