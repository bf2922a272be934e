"""The birthday rule: one date per vendor, "today" and "this week" on the store's clock."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

from app.customer.birthday import (
    Birthday,
    When,
    birthday_text,
    birthday_when,
    from_date,
    from_parts,
    occurrence,
    store_today,
)

SYDNEY = ZoneInfo("Australia/Sydney")
ZONES = st.sampled_from([ZoneInfo(z) for z in (
    "UTC", "Australia/Sydney", "Pacific/Auckland", "Pacific/Kiritimati", "America/Los_Angeles",
    "Pacific/Pago_Pago", "Europe/London", "Asia/Kolkata")])


def at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """A UTC instant that is ``hour`` o'clock on ``day`` in ``zone``."""
    return datetime.combine(day, time(hour), zone).astimezone(UTC)


def test_text_shows_the_year_only_when_known() -> None:
    assert birthday_text(Birthday(month=5, day=17, year=1990)) == "17 May 1990"
    assert birthday_text(Birthday(month=5, day=17)) == "17 May"


def test_booxi_parts() -> None:
    assert from_parts(17, 5, None) == Birthday(month=5, day=17)
    assert from_parts(29, 2, 1988) == Birthday(month=2, day=29, year=1988)
    assert from_parts(29, 2, 1990) == Birthday(month=2, day=29)  # the day stays, not the year
    assert from_parts(29, 2, None) == Birthday(month=2, day=29)
    for bad in ((30, 2, None), (31, 4, 2000), (0, 1, None), (1, 13, None), (None, 5, 1990),
                (5, None, 1990)):
        assert from_parts(*bad) is None, bad
    assert from_parts(1, 1, 0) == Birthday(month=1, day=1)  # year 0 is no year


def test_leap_day_is_kept_on_28_february_in_other_years() -> None:
    leap = Birthday(month=2, day=29, year=2000)
    assert occurrence(leap, 2027) == date(2027, 2, 28)
    assert occurrence(leap, 2028) == date(2028, 2, 29)
    noon = at(date(2027, 2, 28), 12, SYDNEY)
    assert birthday_when(leap, noon, SYDNEY) == When.TODAY
    assert birthday_when(leap, at(date(2027, 2, 26), 12, SYDNEY), SYDNEY) == When.THIS_WEEK
    assert birthday_when(leap, at(date(2027, 3, 1), 12, SYDNEY), SYDNEY) is None  # next week
    assert birthday_when(leap, at(date(2028, 2, 28), 12, SYDNEY), SYDNEY) == When.THIS_WEEK
    assert birthday_when(leap, at(date(2028, 2, 29), 12, SYDNEY), SYDNEY) == When.TODAY


def test_the_week_is_monday_to_sunday_of_the_stores_today() -> None:
    # Friday 20 November 2026 in Sydney.
    friday = at(date(2026, 11, 20), 20, SYDNEY)
    def on(month: int, day: int) -> When | None:
        return birthday_when(Birthday(month=month, day=day), friday, SYDNEY)
    assert on(11, 20) == When.TODAY
    assert on(11, 16) == When.THIS_WEEK  # Monday, already past: still this week
    assert on(11, 22) == When.THIS_WEEK  # Sunday
    assert on(11, 15) is None and on(11, 23) is None  # Sunday before, Monday after
    assert birthday_when(None, friday, SYDNEY) is None


def test_today_is_the_stores_date_not_utc() -> None:
    # 22:00 UTC on the 19th is already the 20th in Sydney (and still the 19th in London).
    late = datetime(2026, 11, 19, 22, 0, tzinfo=UTC)
    birthday = Birthday(month=11, day=20, year=1990)
    assert birthday_when(birthday, late, SYDNEY) == When.TODAY
    assert birthday_when(birthday, late, ZoneInfo("Europe/London")) == When.THIS_WEEK
    assert store_today(late.replace(tzinfo=None), SYDNEY) == date(2026, 11, 20)  # naive: UTC


def test_a_week_across_new_year() -> None:
    # Wednesday 30 December 2026: the week runs to Sunday 3 January 2027.
    wednesday = at(date(2026, 12, 30), 10, SYDNEY)
    assert birthday_when(Birthday(month=1, day=2), wednesday, SYDNEY) == When.THIS_WEEK
    assert birthday_when(Birthday(month=12, day=28), wednesday, SYDNEY) == When.THIS_WEEK
    assert birthday_when(Birthday(month=1, day=4), wednesday, SYDNEY) is None


@given(st.dates(date(1901, 1, 1), date(2099, 12, 31)), st.dates(date(1901, 1, 1),
                                                               date(2099, 12, 31)),
       st.integers(0, 23), ZONES)
@example(date(1970, 12, 31), date(1994, 12, 31), 12, ZoneInfo("Pacific/Kiritimati"))
@example(date(2000, 2, 29), date(2027, 2, 28), 23, ZoneInfo("Pacific/Auckland"))
def test_when_matches_a_day_by_day_reading(born: date, today: date, hour: int,
                                           zone: ZoneInfo) -> None:
    """For every date and zone: TODAY exactly on the (leap-adjusted) day, THIS_WEEK exactly
    when that day falls in the same Monday-to-Sunday week, whatever the year."""
    birthday = from_date(born)
    assert birthday is not None
    now = at(today, hour, zone)
    today = now.astimezone(zone).date()  # a day a zone skipped (Kiritimati, 1994) moves on
    when = birthday_when(birthday, now, zone)
    monday = today - timedelta(days=today.weekday())
    week = [monday + timedelta(days=i) for i in range(7)]

    def kept(day: date) -> bool:
        if (born.month, born.day) == (2, 29) and not calendar.isleap(day.year):
            return (day.month, day.day) == (2, 28)
        return (day.month, day.day) == (born.month, born.day)

    if kept(today):
        assert when == When.TODAY
    elif any(kept(day) for day in week):
        assert when == When.THIS_WEEK
    else:
        assert when is None
    # the year never matters, and a birthday without one reads the same
    assert birthday_when(Birthday(month=born.month, day=born.day), now, zone) == when


@given(st.integers(1, 31), st.integers(1, 12), st.one_of(st.none(), st.integers(-5, 10000)))
def test_parts_make_a_real_day_or_nothing(day: int, month: int, year: int | None) -> None:
    made = from_parts(day, month, year)
    if made is None:
        assert day > calendar.monthrange(2000, month)[1]
        return
    assert occurrence(made, 2000) == date(2000, month, day)  # a leap year holds every day
    if made.year is not None:
        assert date(made.year, month, day)
    assert birthday_text(made).startswith(f"{day} ")
