"""One chronological list of a customer's bookings across vendors.

Each vendor says "status" in its own words; :func:`status_of` maps them onto five that staff
read the same way everywhere. Ordering: bookings still to come first (soonest at the top —
that is what the customer at the counter is asking about), then the past, newest first, then
bookings without a date (still shown, marked, never dropped). Times keep their vendor's offset
until display, where :func:`local_time` puts them in the store's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from app.customer.model import Booking
from app.customer.visits import Visit
from app.vendors.booxi.models import Booking as BooxiBooking
from app.vendors.booxi.models import BookingHistory
from app.vendors.reservations.models import CustomerBooking

UPCOMING, COMPLETED, CANCELLED, NO_SHOW, UNKNOWN = (
    "upcoming", "completed", "cancelled", "no-show", "unknown")
STATUSES = (UPCOMING, COMPLETED, CANCELLED, NO_SHOW, UNKNOWN)
#: The default window of history asked for (two years back; bookings ahead are always asked).
DEFAULT_HISTORY = timedelta(days=730)
AHEAD = timedelta(days=366)

_QUDINI_WORDS = {
    "served": COMPLETED, "completed": COMPLETED, "complete": COMPLETED, "done": COMPLETED,
    "no_show": NO_SHOW, "noshow": NO_SHOW, "no-show": NO_SHOW, "no show": NO_SHOW,
    "cancelled": CANCELLED, "canceled": CANCELLED, "removed": CANCELLED, "left": CANCELLED,
}


def _ahead(start: datetime | None, now: datetime) -> bool:
    return start is not None and start >= now


def reservations_status(word: str, start: datetime | None, now: datetime) -> str:
    """booked | confirmed | completed | cancelled | no-show (the server's words)."""
    word = word.strip().lower()
    if word in ("completed", "cancelled", "no-show"):
        return word
    if word in ("booked", "confirmed") and _ahead(start, now):
        return UPCOMING
    return UNKNOWN  # a word we do not know, or booked but already past and never closed


def booxi_status(booking: BooxiBooking, now: datetime) -> str:
    """Presence says no-show; ``status`` says cancelled; ``isCompleted`` says completed."""
    if booking.is_no_show:
        return NO_SHOW
    word = (booking.status or "").strip().lower()
    if word == "cancelled":
        return CANCELLED
    if booking.is_completed:
        return COMPLETED
    start = booking.starts_on or (booking.total_client_timespan.start
                                  if booking.total_client_timespan else None)
    if word in ("approved", "pendingstaffapproval", "pendingclientapproval") and \
            _ahead(start, now):
        return UPCOMING
    return UNKNOWN


def qudini_status(state: str, start: datetime | None, now: datetime) -> str:
    """Qudini's state is free text ("BOOKING", queue states): known words, else by date."""
    word = state.strip().lower()
    if word in _QUDINI_WORDS:
        return _QUDINI_WORDS[word]
    if _ahead(start, now):
        return UPCOMING
    return UNKNOWN


def from_reservations(bookings: Iterable[CustomerBooking], now: datetime) -> list[Booking]:
    rows = []
    for position, b in enumerate(bookings):
        price = "" if b.price_type == "free" and not b.price else b.price
        if b.price_type == "from" and price:
            price = f"from {price}"
        elif b.price_type == "free":
            price = price or "free"
        rows.append(Booking(
            source="reservations", booking_id=f"{position}:{b.from_date.isoformat()}"
            if b.from_date else str(position), starts_at=b.from_date, ends_at=b.to_date,
            service=b.service_name, location=b.formatted_location,
            status=reservations_status(b.status, b.from_date, now), vendor_status=b.status,
            price=price))
    return rows


def _booxi_price(booking: BooxiBooking) -> str:
    parts = []
    for item in booking.items:
        price = item.price
        if price is None or price.amount is None:
            continue
        text = format(price.amount, "f")
        if price.currency:
            text = f"{text} {price.currency}"
        if price.is_starting_at:
            text = f"from {text}"
        parts.append(text)
    return " + ".join(parts)


def from_booxi(history: BookingHistory, now: datetime) -> list[Booking]:
    rows = []
    for b in history.bookings:
        span = b.total_client_timespan
        start = b.starts_on or (span.start if span else None)
        services = [s.name for s in history.services_of(b)] or \
            [i.service_name for i in b.items if i.service_name]
        staff = history.staff_of(b)
        merchant = history.merchant_of(b)
        rows.append(Booking(
            source="booxi", booking_id=b.booking_id, starts_at=start,
            ends_at=span.end if span else None, service=", ".join(services),
            staff=(staff.display_name if staff else "") or b.staff_name,
            location=(merchant.name if merchant else "") or b.location_text or "",
            status=booxi_status(b, now), vendor_status=b.status or "",
            price=_booxi_price(b)))
    return rows


#: Qminder's finished statuses in timeline words (``CANCELLED`` is the legacy spelling).
_QMINDER_WORDS = {"SERVED": COMPLETED, "NOSHOW": NO_SHOW, "CANCELLED_BY_CLERK": CANCELLED,
                  "CANCELLED": CANCELLED}


def qminder_status(word: str) -> str:
    """SERVED → completed, NOSHOW → no-show, cancelled by the clerk → cancelled."""
    return _QMINDER_WORDS.get(word.strip().upper(), UNKNOWN)


def from_qminder(visits: Iterable[Visit]) -> list[Booking]:
    """Cached Qminder visits (:mod:`app.customer.visits`) as timeline rows: the line as the
    service, the outcome as the status, and the wait (``waited_minutes``)."""
    return [Booking(
        source="qminder", booking_id=v.ticket_id, starts_at=v.created, ends_at=v.finished,
        service=v.line_name or (f"line {v.line_id}" if v.line_id else "queue"),
        status=qminder_status(v.status), vendor_status=v.status,
        waited_minutes=None if v.waited_s is None else max(0, round(v.waited_s / 60)))
        for v in visits]


def service_text(row: Booking) -> str:
    """The service, and for a queue visit its wait: "Returns · waited 12 min"."""
    if row.waited_minutes is None:
        return row.service
    return f"{row.service} · waited {row.waited_minutes} min" if row.service else \
        f"waited {row.waited_minutes} min"


def merge(groups: Iterable[Sequence[Booking]], now: datetime) -> list[Booking]:
    """All rows in timeline order (see the module docstring); a row never disappears."""
    rows = [row for group in groups for row in group]

    def key(row: Booking) -> tuple[int, float]:
        if row.starts_at is None:
            return (2, 0.0)
        stamp = _aware(row.starts_at).timestamp()
        if row.status == UPCOMING and stamp >= now.timestamp():
            return (0, stamp)  # soonest first
        return (1, -stamp)  # newest first

    return sorted(rows, key=key)


def no_shows(rows: Iterable[Booking]) -> int:
    return sum(1 for row in rows if row.status == NO_SHOW)


@dataclass(frozen=True)
class TimelineFilter:
    """Which rows to show: empty sets mean "all"."""

    sources: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()

    def __call__(self, row: Booking) -> bool:
        return (not self.sources or row.source in self.sources) and \
            (not self.statuses or row.status in self.statuses)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def local_time(moment: datetime | None, zone: tzinfo) -> datetime | None:
    """The moment on the store's wall clock (a naive vendor time is taken as UTC)."""
    return None if moment is None else _aware(moment).astimezone(zone)
