"""An entry's time: the clock within the reader's day (in Moscow), the full Russian date
on any other day."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polosa.core import dates
from polosa.live.times import entry_time

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 5, 18, 20, 30, tzinfo=MOSCOW)


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (datetime(2026, 5, 18, 18, 50, tzinfo=MOSCOW), "18:50"),
        (datetime(2026, 5, 18, 0, 0, tzinfo=MOSCOW), "00:00"),
        (datetime(2026, 5, 17, 23, 59, tzinfo=MOSCOW), "17 мая, 23:59"),
        (datetime(2026, 5, 17, 21, 5, tzinfo=UTC), "00:05"),
        (datetime(2026, 2, 25, 18, 50, tzinfo=MOSCOW), "25 февраля, 18:50"),
        (datetime(2025, 12, 31, 22, 10, tzinfo=MOSCOW), "31 декабря 2025, 22:10"),
    ],
    ids=["today", "midnight", "yesterday-late", "utc-is-already-today", "this-year", "last-year"],
)
def test_entry_times(moment, shown):
    assert entry_time(moment, NOW, MOSCOW) == shown


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)))
def test_the_same_day_is_the_clock_and_any_other_the_published_date(naive):
    moment = naive.replace(tzinfo=UTC)
    now = moment + timedelta(hours=5)
    shown = entry_time(moment, now, MOSCOW)
    if moment.astimezone(MOSCOW).date() == now.astimezone(MOSCOW).date():
        assert shown == dates.clock(moment.astimezone(MOSCOW))
    else:
        assert shown == dates.format_published(moment, now, MOSCOW)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        entry_time(datetime(2026, 5, 18, 18, 50), NOW, MOSCOW)
