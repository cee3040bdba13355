"""The distribution app's knobs, read from Django settings with defaults.

Telegram's token, channel and API base already live in ``polosa/settings.py``; the rest
have defaults here and may be set in settings or the environment (``POLOSA_TELEGRAM_*``),
so tests can shrink timeouts and backoffs with ``settings`` overrides.
"""

from __future__ import annotations

import os

from django.conf import settings


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    try:
        return float(value) if value else default
    except ValueError:
        return default


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _get(name: str, default):
    return getattr(settings, name, default)


def base_url() -> str:
    """The site's public origin, without a trailing slash (``https://polosa.ru``)."""
    return str(_get("POLOSA_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")


def site_name() -> str:
    return str(_get("WAGTAIL_SITE_NAME", "Полоса"))


# --- Feeds --------------------------------------------------------------------------------
def feed_items() -> int:
    """How many items RSS, Atom and JSON Feed carry."""
    return int(_get("POLOSA_FEED_ITEMS", _env_float("POLOSA_FEED_ITEMS", 50)))


def feed_max_age() -> int:
    """Seconds a reader or proxy may reuse a feed or sitemap without asking again."""
    return int(_get("POLOSA_FEED_MAX_AGE", _env_float("POLOSA_FEED_MAX_AGE", 300)))


DZEN_MAX_ITEMS = 500
DZEN_DAYS = 3
NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_MAX = 1000


# --- Telegram -------------------------------------------------------------------------------
def telegram_token() -> str:
    return str(_get("POLOSA_TELEGRAM_TOKEN", ""))


def telegram_channel() -> str:
    return str(_get("POLOSA_TELEGRAM_CHANNEL", ""))


def telegram_api() -> str:
    return str(_get("POLOSA_TELEGRAM_API", "https://api.telegram.org")).rstrip("/")


def telegram_enabled() -> bool:
    """Posting happens only with both a token and a channel."""
    return bool(telegram_token() and telegram_channel())


def telegram_timeout() -> float:
    """Seconds to wait for the Bot API before treating the call as timed out."""
    return float(_get("POLOSA_TELEGRAM_TIMEOUT", _env_float("POLOSA_TELEGRAM_TIMEOUT", 15.0)))


def telegram_backoff() -> float:
    """First retry delay in seconds; doubles with each attempt up to ``backoff_max``."""
    return float(_get("POLOSA_TELEGRAM_BACKOFF", _env_float("POLOSA_TELEGRAM_BACKOFF", 10.0)))


def telegram_backoff_max() -> float:
    return float(
        _get("POLOSA_TELEGRAM_BACKOFF_MAX", _env_float("POLOSA_TELEGRAM_BACKOFF_MAX", 900.0))
    )


def telegram_max_attempts() -> int:
    """Attempts before a post is marked failed and left for an editor."""
    return int(_get("POLOSA_TELEGRAM_MAX_ATTEMPTS", _env_float("POLOSA_TELEGRAM_MAX_ATTEMPTS", 8)))


def telegram_rate_per_minute() -> float:
    """Messages a minute to one channel (Telegram allows about 20)."""
    return float(_get("POLOSA_TELEGRAM_RATE", _env_float("POLOSA_TELEGRAM_RATE", 20.0)))


def telegram_burst() -> float:
    """Token bucket capacity: how many posts may go out back to back."""
    return float(_get("POLOSA_TELEGRAM_BURST", _env_float("POLOSA_TELEGRAM_BURST", 3.0)))


def telegram_delete_on_unpublish() -> bool:
    """Delete the channel message when its article is unpublished."""
    return bool(
        _get(
            "POLOSA_TELEGRAM_DELETE_ON_UNPUBLISH",
            _env_bool("POLOSA_TELEGRAM_DELETE_ON_UNPUBLISH", True),
        )
    )


def telegram_edit_on_correction() -> bool:
    """Edit the channel message when a published article's headline or lead changes."""
    return bool(
        _get(
            "POLOSA_TELEGRAM_EDIT_ON_CORRECTION",
            _env_bool("POLOSA_TELEGRAM_EDIT_ON_CORRECTION", True),
        )
    )


def telegram_stale_after() -> float:
    """Seconds after which a post stuck in ``sending`` (a crashed worker) is looked at again."""
    return float(
        _get("POLOSA_TELEGRAM_STALE_AFTER", _env_float("POLOSA_TELEGRAM_STALE_AFTER", 300.0))
    )
