"""Knobs of the ratings: Django settings first, then the environment, then defaults."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULT_MIN_VOTES = 10
DEFAULT_BLOCK_SIZE = 6
DEFAULT_VOTE_RATE_LIMIT = 30  # votes per IP per window
DEFAULT_VOTE_RATE_WINDOW = 60  # seconds
# A vote without the reader cookie creates a reader. A few per address and title per hour
# leave room for readers sharing one address (a newsroom's office, a mobile carrier's NAT)
# and stop one client from being fifty readers.
DEFAULT_NEW_READERS_PER_IP = 3
DEFAULT_NEW_READERS_WINDOW = 3600  # seconds
DEFAULT_BLOCK_CACHE_SECONDS = 600
# Votes purge what shows a title's score at most once per this many seconds.
DEFAULT_VOTE_PURGE_SECONDS = 10
READER_COOKIE = "polosa_reader"
READER_COOKIE_SALT = "polosa.titles.reader"
READER_COOKIE_AGE = 2 * 365 * 24 * 3600


def _int(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    if value is None:
        raw = os.environ.get(name, "")
        try:
            value = int(raw) if raw.strip() else default
        except ValueError:
            value = default
    return int(value)


def min_votes() -> int:
    """Readers' votes a title needs before their mean replaces the editorial score."""
    return max(1, _int("POLOSA_RATINGS_MIN_VOTES", DEFAULT_MIN_VOTES))


def block_size() -> int:
    """How many cards the ratings block shows."""
    return max(1, _int("POLOSA_RATINGS_BLOCK_SIZE", DEFAULT_BLOCK_SIZE))


def vote_rate_limit() -> tuple[int, int]:
    """``(votes, seconds)``: how many votes one IP may cast per window."""
    return (
        _int("POLOSA_VOTE_RATE_LIMIT", DEFAULT_VOTE_RATE_LIMIT),
        max(1, _int("POLOSA_VOTE_RATE_WINDOW", DEFAULT_VOTE_RATE_WINDOW)),
    )


def new_reader_rate_limit() -> tuple[int, int]:
    """``(readers, seconds)``: how many new readers one IP may bring to one title per window;
    0 turns the limit off."""
    return (
        _int("POLOSA_NEW_READERS_PER_IP", DEFAULT_NEW_READERS_PER_IP),
        max(1, _int("POLOSA_NEW_READERS_WINDOW", DEFAULT_NEW_READERS_WINDOW)),
    )


def block_cache_seconds() -> int:
    return _int("POLOSA_RATINGS_BLOCK_CACHE_SECONDS", DEFAULT_BLOCK_CACHE_SECONDS)


def vote_purge_seconds() -> int:
    """Seconds between two purges of a title's score by votes; 0 purges on every vote."""
    return max(0, _int("POLOSA_VOTE_PURGE_SECONDS", DEFAULT_VOTE_PURGE_SECONDS))
