"""Typed views of the reservations (Miketsu-inc) merchant customer API.

The Go server always sends every key (``null`` when empty), but a stale build or a proxy may not,
so every optional field tolerates missing / ``null`` / ``""`` alike. ``price`` stays the vendor's
ready-formatted display string (``"$45.00"``, ``"12 000 Ft"``): it is localised on the server
and re-parsing it would lose that. ``birthday`` travels as a midnight-UTC timestamp of a DB
``date``; we keep only its date part and never shift it to local time (a Sydney counter would
otherwise show the day before).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from app.vendors.parsing import DateOnly, Id, Int, OptInt, OptStr, Text, Timestamp, VendorModel

__all__ = [
    "BOOKING_STATUSES",
    "CalendarCustomer",
    "CustomerBooking",
    "CustomerInfo",
    "CustomerRow",
    "CustomerStats",
    "Me",
    "Membership",
]

#: Documented values of ``CustomerBooking.status``; kept as text so a new value is not fatal.
BOOKING_STATUSES = ("booked", "confirmed", "completed", "cancelled", "no-show")


def _flag(value: Any) -> bool:
    """A boolean where missing/null/"" mean False (the Go server never omits it, others might)."""
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    raise ValueError("expected true or false")


def _count(value: Any) -> Any:
    """Counters default to 0 when absent; anything else goes through the strict Int check."""
    return 0 if value is None or value == "" else value


def _items(value: Any) -> Any:
    """``bookings`` is ``[]`` when empty, but treat ``null``/missing alike."""
    return [] if value is None or value == "" else value


Flag = Annotated[bool, BeforeValidator(_flag)]
Count = Annotated[Int, BeforeValidator(_count)]


class CustomerInfo(VendorModel):
    """``GET /customers/{id}``: one customer of the merchant."""

    id: Id
    first_name: OptStr = None
    last_name: OptStr = None
    email: OptStr = None
    phone_number: OptStr = None
    birthday: DateOnly = None
    note: OptStr = None
    #: Not linked to a registered user (created by staff or a walk-in); may lack contacts.
    is_dummy: Flag = False

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class CustomerRow(CustomerInfo):
    """One element of ``GET /customers`` and ``GET /customers/blacklist``."""

    is_blacklisted: Flag = False
    blacklist_reason: OptStr = None
    times_booked: Count = 0
    #: Buggy on the server (counts distinct true/false values: only 0, 1 or 2). Never show it
    #: as a number of cancellations; use ``CustomerStats.times_cancelled_by_user``.
    times_cancelled: Count = 0


class CustomerBooking(VendorModel):
    """One booking in ``CustomerStats.bookings`` (newest ``from_date`` first)."""

    from_date: Timestamp = None
    to_date: Timestamp = None
    service_name: Text = ""
    #: Always 0 on current servers (not selected by the query); kept for completeness.
    cancel_deadline: OptInt = None
    formatted_location: Text = ""
    #: Localised display string from the server, shown as-is (never a float, never re-parsed).
    price: Text = ""
    price_type: Text = ""  # "fixed" | "free" | "from"
    merchant_name: Text = ""
    status: Text = ""  # see BOOKING_STATUSES


class CustomerStats(CustomerInfo):
    """``GET /customers/{id}/stats``: the profile plus counters and booking history."""

    is_blacklisted: Flag = False
    blacklist_reason: OptStr = None
    times_booked: Count = 0
    times_cancelled_by_user: Count = 0  # cancelled + no-show
    times_upcoming: Count = 0  # booked + confirmed
    times_completed: Count = 0
    bookings: Annotated[list[CustomerBooking], BeforeValidator(_items)] = Field(
        default_factory=list)


class CalendarCustomer(VendorModel):
    """``GET /calendar/customers``: note the id key is ``customer_id``, not ``id``."""

    customer_id: Id
    first_name: OptStr = None
    last_name: OptStr = None
    email: OptStr = None
    phone_number: OptStr = None
    birthday: DateOnly = None
    is_dummy: Flag = False
    last_visited: Timestamp = None


class Membership(VendorModel):
    """One merchant the signed-in staff user works for."""

    merchant_id: Id
    location_id: OptInt = None
    employee_id: OptInt = None
    role: OptStr = None  # "staff" | "admin" | "owner"


class Me(VendorModel):
    """``GET /auth/me``: who we are signed in as, and for which merchants."""

    user_id: Id
    first_name: OptStr = None
    last_name: OptStr = None
    email: OptStr = None
    phone_number: OptStr = None
    memberships: Annotated[list[Membership], BeforeValidator(_items)] = Field(
        default_factory=list)
