"""Russian newsroom dates as pure functions.

``25 февраля, 18:50`` within the current year, ``28 марта 2021, 20:53`` otherwise, and the
"read also" variant that puts the time first for other years (``18:50, 25 февраля 2026``).
Every function takes an aware datetime and the zone to show it in, so the result never
depends on the server's own time zone.

Forms that read relative to ``now`` (``сегодня``, a date without its year) stop being true
at a midnight: the ``*_true_through`` functions name the last day each form stays true
(``None``: forever), which cached pages declare (:func:`polosa.core.surrogate.day`).
"""

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

GENITIVE_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

DEFAULT_ZONE = ZoneInfo("Europe/Moscow")


def to_zone(moment: datetime, zone: tzinfo = DEFAULT_ZONE) -> datetime:
    """Convert an aware datetime to ``zone``; naive datetimes are refused, not guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Russian dates need an aware datetime (with tzinfo).")
    return moment.astimezone(zone)


def day_month(moment: datetime) -> str:
    """``25 февраля``: the day without a leading zero and the genitive month name."""
    return f"{moment.day} {GENITIVE_MONTHS[moment.month - 1]}"


def clock(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def format_published(moment: datetime, now: datetime, zone: tzinfo = DEFAULT_ZONE) -> str:
    """The article page's time: ``25 февраля, 18:50`` or ``28 марта 2021, 20:53``.

    The year is left out when the moment falls in the same year as ``now``, both seen in
    ``zone`` (so 31 December 23:30 UTC is already next year in Moscow).
    """
    local = to_zone(moment, zone)
    if local.year == to_zone(now, zone).year:
        return f"{day_month(local)}, {clock(local)}"
    return f"{day_month(local)} {local.year}, {clock(local)}"


def published_true_through(
    moment: datetime, now: datetime, zone: tzinfo = DEFAULT_ZONE
) -> date | None:
    """The last day :func:`format_published` (and :func:`format_teaser`) reads as it does
    at ``now``: 31 December when it leaves the year out, else ``None``."""
    year = to_zone(now, zone).year
    return date(year, 12, 31) if to_zone(moment, zone).year == year else None


def format_teaser(moment: datetime, now: datetime, zone: tzinfo = DEFAULT_ZONE) -> str:
    """The "read also" time: ``25 февраля, 18:50``, or ``18:50, 25 февраля 2026`` for other
    years."""
    local = to_zone(moment, zone)
    if local.year == to_zone(now, zone).year:
        return f"{day_month(local)}, {clock(local)}"
    return f"{clock(local)}, {day_month(local)} {local.year}"


def format_card(moment: datetime, now: datetime, zone: tzinfo = DEFAULT_ZONE) -> str:
    """A card's time: ``сегодня, 18:50`` and ``вчера, 18:50`` for the last two calendar days,
    then ``22 ноября, 08:46``, with the year when it is not the current one
    (``22 ноября 2025, 08:46``). A moment after ``now`` (a clock ahead) is «сегодня» too."""
    local = to_zone(moment, zone)
    today = to_zone(now, zone).date()
    days = (today - local.date()).days
    if days <= 0:
        return f"сегодня, {clock(local)}"
    if days == 1:
        return f"вчера, {clock(local)}"
    return format_published(moment, now, zone)


def card_true_through(moment: datetime, now: datetime, zone: tzinfo = DEFAULT_ZONE) -> date | None:
    """The last day :func:`format_card` reads as it does at ``now``: today for «сегодня»
    and «вчера», else as :func:`published_true_through`."""
    if is_recent(moment, now, zone):
        return to_zone(now, zone).date()
    return published_true_through(moment, now, zone)


def is_recent(moment: datetime, now: datetime, zone: tzinfo = DEFAULT_ZONE) -> bool:
    """Whether :func:`format_card` says «сегодня» or «вчера» for ``moment``."""
    return (to_zone(now, zone).date() - to_zone(moment, zone).date()).days <= 1


def format_date(moment: datetime, zone: tzinfo = DEFAULT_ZONE) -> str:
    """A full date without time, ``5 марта 2026``, for bylines and archives."""
    local = to_zone(moment, zone)
    return f"{day_month(local)} {local.year}"
