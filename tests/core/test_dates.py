"""Russian newsroom dates: genitive months, the year only when it differs, Moscow time."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polosa.core import dates

MOSCOW = ZoneInfo("Europe/Moscow")


def msk(*args) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


def test_within_the_current_year_the_year_is_left_out():
    assert dates.format_published(msk(2026, 2, 25, 14, 40), now=msk(2026, 11, 25)) == (
        "25 февраля, 14:40"
    )


def test_another_year_shows_the_year_before_the_time():
    assert dates.format_published(msk(2021, 3, 28, 20, 53), now=msk(2026, 1, 1)) == (
        "28 марта 2021, 20:53"
    )


def test_read_also_puts_the_time_first_for_other_years():
    assert dates.format_teaser(msk(2025, 2, 25, 18, 50), now=msk(2026, 1, 2)) == (
        "18:50, 25 февраля 2025"
    )
    assert dates.format_teaser(msk(2026, 2, 25, 18, 50), now=msk(2026, 3, 2)) == (
        "25 февраля, 18:50"
    )


def test_no_leading_zero_on_the_day_but_on_hours_and_minutes():
    assert dates.format_published(msk(2026, 5, 3, 7, 5), now=msk(2026, 6, 1)) == "3 мая, 07:05"


@pytest.mark.parametrize(
    ("month", "name"),
    list(enumerate(["января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                    "августа", "сентября", "октября", "ноября", "декабря"], start=1)),
)  # fmt: skip
def test_every_month_is_in_the_genitive(month, name):
    assert dates.day_month(msk(2026, month, 1)) == f"1 {name}"


def test_midnight_is_written_as_00_00():
    assert dates.format_published(msk(2026, 3, 8, 0, 0), now=msk(2026, 3, 8, 12)) == (
        "8 марта, 00:00"
    )


def test_a_server_running_in_utc_still_shows_moscow_time():
    # 21:30 UTC on 7 March is 00:30 on 8 March in Moscow.
    moment = datetime(2026, 3, 7, 21, 30, tzinfo=UTC)
    assert dates.format_published(moment, now=moment) == "8 марта, 00:30"


def test_year_boundary_is_judged_in_moscow_not_utc():
    # 31 December 22:00 UTC is already 1 January in Moscow: same year as "now" there.
    moment = datetime(2026, 12, 31, 22, 0, tzinfo=UTC)
    new_year_morning = msk(2027, 1, 1, 9, 0)
    assert dates.format_published(moment, now=new_year_morning) == "1 января, 01:00"
    # An article from 31 December seen on 1 January carries its year.
    assert dates.format_published(msk(2026, 12, 31, 23, 59), now=new_year_morning) == (
        "31 декабря 2026, 23:59"
    )


def test_naive_datetimes_are_refused_rather_than_guessed():
    with pytest.raises(ValueError):
        dates.format_published(datetime(2026, 1, 1, 12, 0), now=msk(2026, 1, 1))


def test_another_site_time_zone_is_respected():
    vladivostok = ZoneInfo("Asia/Vladivostok")
    moment = datetime(2026, 6, 1, 20, 0, tzinfo=UTC)
    assert dates.format_published(moment, now=moment, zone=vladivostok) == "2 июня, 06:00"


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2090, 1, 1),
        timezones=st.just(timezone(timedelta(hours=0))),
    )
)
def test_the_year_appears_exactly_when_years_differ(moment):
    now = msk(2026, 6, 15)
    text = dates.format_published(moment, now=now)
    local_year = moment.astimezone(MOSCOW).year
    assert (str(local_year) in text.split(",")[0]) == (local_year != 2026)
    assert text.endswith(moment.astimezone(MOSCOW).strftime("%H:%M"))


@pytest.mark.parametrize(
    ("moment", "now", "shown"),
    [
        (msk(2026, 11, 25, 18, 50), msk(2026, 11, 25, 23, 59), "сегодня, 18:50"),
        (msk(2026, 11, 25, 0, 5), msk(2026, 11, 25, 0, 10), "сегодня, 00:05"),
        (msk(2026, 11, 24, 23, 59), msk(2026, 11, 25, 0, 1), "вчера, 23:59"),
        (msk(2026, 11, 24, 8, 46), msk(2026, 11, 25, 12, 0), "вчера, 08:46"),
        (msk(2026, 11, 23, 23, 59), msk(2026, 11, 25, 0, 1), "23 ноября, 23:59"),
        (msk(2026, 1, 22, 8, 46), msk(2026, 11, 25), "22 января, 08:46"),
        (msk(2025, 12, 31, 8, 46), msk(2026, 1, 1, 12, 0), "вчера, 08:46"),
        (msk(2025, 12, 30, 8, 46), msk(2026, 1, 1, 12, 0), "30 декабря 2025, 08:46"),
        # a clock a little ahead of the article's time: still today
        (msk(2026, 11, 25, 18, 51), msk(2026, 11, 25, 18, 50), "сегодня, 18:51"),
    ],
)
def test_a_cards_time_is_today_yesterday_or_the_date(moment, now, shown):
    assert dates.format_card(moment, now) == shown


def test_a_cards_day_is_moscows_not_utcs():
    # 22:30 UTC on the 24th is 01:30 on the 25th in Moscow
    moment = datetime(2026, 11, 24, 22, 30, tzinfo=UTC)
    assert dates.format_card(moment, msk(2026, 11, 25, 9, 0)) == "сегодня, 01:30"
    assert dates.is_recent(moment, msk(2026, 11, 26, 23, 0))
    assert not dates.is_recent(moment, msk(2026, 11, 27, 0, 0))


NOW = msk(2026, 5, 18, 23, 50)


@pytest.mark.parametrize(
    ("moment", "card", "published"),
    [
        (msk(2026, 5, 18, 18, 50), date(2026, 5, 18), date(2026, 12, 31)),
        (msk(2026, 5, 17, 9, 0), date(2026, 5, 18), date(2026, 12, 31)),
        (msk(2026, 5, 16, 9, 0), date(2026, 12, 31), date(2026, 12, 31)),
        (msk(2025, 12, 31, 23, 0), None, None),
    ],
    ids=["today", "yesterday", "this-year", "last-year"],
)
def test_forms_relative_to_now_name_the_last_day_they_stay_true(moment, card, published):
    """«сегодня» and «вчера» stop being true at midnight, a date without its year on
    31 December; a date with its year never."""
    assert dates.card_true_through(moment, NOW, MOSCOW) == card
    assert dates.published_true_through(moment, NOW, MOSCOW) == published


@given(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2090, 1, 1)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)),
)
def test_a_card_reads_the_same_until_the_day_it_names_ends(naive, age):
    """However the card reads at ``now``, it reads the same at the last moment of the day
    :func:`card_true_through` names, and differently (or with a year) the moment after."""
    now = naive.replace(tzinfo=UTC)
    moment = now - age
    last = dates.card_true_through(moment, now, MOSCOW)
    shown = dates.format_card(moment, now, MOSCOW)
    if last is None:
        later = now + timedelta(days=800)
        assert dates.format_card(moment, later, MOSCOW) == shown
        return
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=MOSCOW)
    assert dates.format_card(moment, end - timedelta(microseconds=1), MOSCOW) == shown
    assert dates.format_card(moment, end, MOSCOW) != shown
