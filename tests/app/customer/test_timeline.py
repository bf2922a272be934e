"""The merged timeline: vendor statuses, ordering across offsets, undated and unknown rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.customer import timeline
from app.customer.model import Booking
from app.vendors.booxi.models import Booking as BooxiBooking
from app.vendors.booxi.models import BookingHistory
from app.vendors.reservations.models import CustomerBooking

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SYDNEY = ZoneInfo("Australia/Sydney")


def row(source: str, start: datetime | None, status: str = "completed",
        ident: str = "") -> Booking:
    return Booking(source=source, booking_id=ident or f"{source}-{start}", starts_at=start,
                   status=status)


def test_a_venue_offset_and_utc_sort_by_the_real_moment() -> None:
    # 09:00 at a Sydney venue (+11:00 in November) is 22:00 UTC the day before:
    # earlier than a Booxi booking at 23:30 UTC that day, though "09:00" > "23:30" as text.
    qudini = row("qudini", datetime(2026, 11, 10, 9, 0, tzinfo=timezone(timedelta(hours=11))))
    booxi = row("booxi", datetime(2026, 11, 9, 23, 30, tzinfo=UTC))
    assert [r.source for r in timeline.merge([[qudini], [booxi]], NOW)] == ["booxi", "qudini"]
    shown = timeline.local_time(qudini.starts_at, SYDNEY)
    assert shown is not None and (shown.hour, shown.minute) == (9, 0)
    booxi_shown = timeline.local_time(booxi.starts_at, SYDNEY)
    assert booxi_shown is not None and (booxi_shown.day, booxi_shown.hour) == (10, 10)


def test_upcoming_first_soonest_at_the_top_then_past_newest_first_then_undated() -> None:
    soon = row("booxi", NOW + timedelta(days=1), "upcoming")
    later = row("reservations", NOW + timedelta(days=9), "upcoming")
    recent = row("qudini", NOW - timedelta(days=1), "no-show")
    old = row("booxi", NOW - timedelta(days=300), "cancelled")
    undated = row("reservations", None, "unknown")
    merged = timeline.merge([[old, later], [undated, recent], [soon]], NOW)
    assert merged == [soon, later, recent, old, undated]
    assert timeline.no_shows(merged) == 1


@pytest.mark.parametrize(("word", "start", "expected"), [
    ("completed", NOW - timedelta(days=1), "completed"),
    ("cancelled", NOW + timedelta(days=1), "cancelled"),
    ("no-show", NOW - timedelta(days=1), "no-show"),
    ("confirmed", NOW + timedelta(days=1), "upcoming"),
    ("booked", NOW + timedelta(hours=1), "upcoming"),
    ("booked", NOW - timedelta(days=1), "unknown"),  # past and never closed
    ("rescheduled", NOW + timedelta(days=1), "unknown"),  # a word we do not know
    ("confirmed", None, "unknown"),
])
def test_reservations_words(word: str, start: datetime | None, expected: str) -> None:
    assert timeline.reservations_status(word, start, NOW) == expected


@pytest.mark.parametrize(("state", "start", "expected"), [
    ("SERVED", NOW - timedelta(days=1), "completed"),
    ("NO_SHOW", NOW - timedelta(days=1), "no-show"),
    ("CANCELLED", NOW + timedelta(days=1), "cancelled"),
    ("BOOKING", NOW + timedelta(days=1), "upcoming"),
    ("BOOKING", NOW - timedelta(days=1), "unknown"),
    ("", None, "unknown"),
])
def test_qudini_states(state: str, start: datetime | None, expected: str) -> None:
    assert timeline.qudini_status(state, start, NOW) == expected


def booxi(**fields: object) -> BooxiBooking:
    return BooxiBooking.model_validate({"bookingId": "B1", **fields})


@pytest.mark.parametrize(("fields", "expected"), [
    ({"status": "Approved", "startsOn": "2026-12-01T01:00:00Z"}, "upcoming"),
    ({"status": "Approved", "startsOn": "2026-01-01T01:00:00Z", "isCompleted": True},
     "completed"),
    ({"status": "Cancelled", "startsOn": "2026-12-01T01:00:00Z"}, "cancelled"),
    ({"status": "Approved", "startsOn": "2026-01-01T01:00:00Z",
      "client": {"presence": "NoShow"}}, "no-show"),
    ({"status": "Approved"}, "unknown"),  # no date at all
    ({"status": "Mystery", "startsOn": "2026-12-01T01:00:00Z"}, "unknown"),
])
def test_booxi_status(fields: dict[str, object], expected: str) -> None:
    assert timeline.booxi_status(booxi(**fields), NOW) == expected


def test_booxi_rows_keep_the_vendor_price_and_side_tables() -> None:
    history = BookingHistory()
    booking = booxi(status="Approved", startsOn="2026-12-01T01:00:00Z", staffId=7,
                    items=[{"serviceId": 3, "price": {"amount": "45.00", "currency": "AUD",
                                                      "isStartingAt": True}}])
    history.bookings.append(booking)
    from app.vendors.booxi.models import Service, Staff
    history.services["3"] = Service.model_validate({"id": 3, "name": "Fitting"})
    history.staff["7"] = Staff.model_validate({"id": 7, "firstName": "Ruth", "lastName": "Kaur"})
    [shown] = timeline.from_booxi(history, NOW)
    assert (shown.service, shown.staff, shown.price, shown.status) == \
        ("Fitting", "Ruth Kaur", "from 45.00 AUD", "upcoming")
    assert Decimal("45.00") == booking.items[0].price.amount  # type: ignore[union-attr]


def test_reservations_rows_with_missing_dates_and_free_prices_still_appear() -> None:
    rows = timeline.from_reservations([
        CustomerBooking.model_validate({"service_name": "Cut", "status": "completed",
                                        "price": "$45.00", "price_type": "fixed",
                                        "from_date": "2026-10-01T01:00:00Z"}),
        CustomerBooking.model_validate({"service_name": "<b>Colour</b>", "status": "weird",
                                        "price": "", "price_type": "free"}),
        CustomerBooking.model_validate({"service_name": "Trim", "status": "booked",
                                        "price": "30", "price_type": "from",
                                        "from_date": "2026-12-01T01:00:00Z"}),
    ], NOW)
    assert [(r.service, r.status, r.price) for r in rows] == [
        ("Cut", "completed", "$45.00"), ("<b>Colour</b>", "unknown", "free"),
        ("Trim", "upcoming", "from 30")]
    assert rows[1].starts_at is None and rows[1].vendor_status == "weird"
    assert len({r.booking_id for r in rows}) == 3


def test_filters() -> None:
    rows = [row("booxi", NOW, "completed"), row("qudini", NOW, "no-show"),
            row("reservations", NOW, "completed")]
    only = timeline.TimelineFilter(sources=frozenset({"booxi", "qudini"}),
                                   statuses=frozenset({"no-show"}))
    assert [r.source for r in rows if only(r)] == ["qudini"]
    assert all(timeline.TimelineFilter()(r) for r in rows)
