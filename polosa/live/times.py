"""An entry's time as a live blog shows it: ``18:50`` within the reader's day, the full
Russian date otherwise (pure, over :mod:`polosa.core.dates`)."""

from datetime import date, datetime, tzinfo

from polosa.core import dates


def entry_time(moment: datetime, now: datetime, zone: tzinfo = dates.DEFAULT_ZONE) -> str:
    """``18:50`` on the day of ``now`` (both seen in ``zone``), else ``25 февраля, 18:50``
    (``28 марта 2021, 20:53`` in another year)."""
    if dates.to_zone(moment, zone).date() == dates.to_zone(now, zone).date():
        return dates.clock(dates.to_zone(moment, zone))
    return dates.format_published(moment, now, zone)


def true_through(moment: datetime, now: datetime, zone: tzinfo = dates.DEFAULT_ZONE) -> date | None:
    """The last day :func:`entry_time` reads as it does at ``now``: today for the bare
    clock, else as :func:`polosa.core.dates.published_true_through`."""
    today = dates.to_zone(now, zone).date()
    if dates.to_zone(moment, zone).date() == today:
        return today
    return dates.published_true_through(moment, now, zone)
