"""Knobs of readership, from Django's settings (``settings.py`` reads the environment)."""

from __future__ import annotations

from django.conf import settings

#: Items of «Читайте также».
RELATED_COUNT = 6
#: The surrogate key of «Самое читаемое» (the fragment and what it remembers).
MOST_READ_KEY = "most-read"
#: Hours of views kept (the week's window and a day to spare).
KEEP_HOURS = 8 * 24


def related_key(article_id: int) -> str:
    """The surrogate key of an article's «Читайте также»: its stored list changed."""
    return f"related-{article_id}"


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def most_read_count() -> int:
    """Articles in each list of «Самое читаемое»."""
    return max(1, _int("POLOSA_MOST_READ_COUNT", 5))


def most_read_seconds() -> int:
    """How often the worker ranks «Самое читаемое» again (and purges it if it changed)."""
    return max(10, _int("POLOSA_MOST_READ_SECONDS", 300))


def flush_seconds() -> int:
    """Without Redis: how often a web process hands its tally of views to the worker."""
    return max(1, _int("POLOSA_READS_FLUSH_SECONDS", 30))


def repeat_seconds() -> int:
    """A reader (address and browser) reading an article again within this counts once."""
    return max(0, _int("POLOSA_READS_REPEAT_SECONDS", 1800))


def per_address_limit() -> tuple[int, int]:
    """``(views, seconds)``: views counted from one address per window; more are ignored
    (a script, not a reader; generous for offices and carriers' NAT)."""
    return max(1, _int("POLOSA_READS_PER_ADDRESS", 300)), 600
