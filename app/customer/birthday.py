"""Birthdays as vendors hold them, and the one rule for "birthday today / this week".

Vendors disagree on what a birthday is: LOKE sends a date (``dob``), reservations a
midnight-UTC timestamp of a date, Booxi ``{day, month, year}`` where the year is often missing.
:class:`Birthday` keeps month and day, and the year only when the vendor gave one, so a
birthday without a year is never shown with an invented one.

"Today" and "this week" are the store's: the date on the store's wall clock
(``store.timezone``), never the counter PC's, so a Sydney store does not wish someone happy
birthday a day late because the PC runs on UTC. "This week" is the calendar week, Monday to
Sunday, that holds the store's today: staff asked "is it their birthday this week?" mean this
week, including a birthday two days ago. A 29 February birthday falls on 28 February in a
year without one (the last day of the birthday month: it keeps the celebration in February
and never lets the birthday be "over" before it came). The window and ``clientdesk show``
both call :func:`birthday_when`, so they can never disagree.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from app.formatting import current_formats

__all__ = ["Birthday", "When", "birthday_text", "birthday_when", "from_date", "from_parts",
           "occurrence", "store_today"]


class Birthday(BaseModel):
    """Month and day, with the year only when the vendor gave one."""

    model_config = ConfigDict(frozen=True)

    month: int
    day: int
    year: int | None = None

    def same_day(self, other: Birthday) -> bool:
        """The same birthday, one of them perhaps without its year (not a disagreement)."""
        return (self.month, self.day) == (other.month, other.day) and \
            (self.year is None or other.year is None or self.year == other.year)


class When(StrEnum):
    TODAY = "today"
    THIS_WEEK = "this week"


def from_date(value: date | None) -> Birthday | None:
    return None if value is None else Birthday(month=value.month, day=value.day, year=value.year)


def from_parts(day: int | None, month: int | None, year: int | None) -> Birthday | None:
    """Booxi's split birthday: None unless day and month make a day of some year (29 Feb
    counts); a year that does not fit (29 Feb 1990, year 0) is dropped, the day kept."""
    if day is None or month is None or not 1 <= month <= 12:
        return None
    if not 1 <= day <= (29 if month == 2 else calendar.monthrange(2001, month)[1]):
        return None
    if year is not None:
        try:
            date(year, month, day)
        except (ValueError, OverflowError):
            year = None
    return Birthday(month=month, day=day, year=year)


def occurrence(birthday: Birthday, year: int) -> date:
    """The day the birthday is kept in ``year``: 29 February becomes 28 February when the
    year has no 29th (module docstring)."""
    if birthday.month == 2 and birthday.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, birthday.month, birthday.day)


def store_today(now: datetime, zone: tzinfo) -> date:
    """The date on the store's wall clock (a naive ``now`` is taken as UTC)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(zone).date()


def birthday_when(birthday: Birthday | None, now: datetime, zone: tzinfo) -> When | None:
    """TODAY, THIS_WEEK (Monday to Sunday of the store's today), or None."""
    if birthday is None:
        return None
    today = store_today(now, zone)
    if occurrence(birthday, today.year) == today:
        return When.TODAY
    monday = today - timedelta(days=today.weekday())
    for offset in range(7):
        day = monday + timedelta(days=offset)  # a week may span New Year: each day's own year
        if occurrence(birthday, day.year) == day:
            return When.THIS_WEEK
    return None


def birthday_text(birthday: Birthday) -> str:
    """"17 May 1990", or "17 May" when the year is not known — in the store's locale
    (:func:`app.formatting.current_formats`), as every other date."""
    return current_formats().birthday(birthday.month, birthday.day, birthday.year)
