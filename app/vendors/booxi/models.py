"""Booxi wire models: clients, bookings and the side-loaded lookup tables of booking history.

Booxi sends ids as numbers (``bookingId`` as a string), money as decimal strings, ``null`` or
``""`` for missing values, and side tables (services, staff, merchants, …) that bookings refer to
by id. Its docs disagree with themselves on ``staff`` (array or single object), so every list
here also accepts a lone object. A booking that cannot be read is skipped and counted — staff
still see the rest of the history — while a response that is not the documented shape at all is
:class:`~app.errors.BadData`.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field

from app.errors import BadData
from app.profile import VENDOR_NAMES
from app.vendors.parsing import (
    CamelModel,
    Id,
    Money,
    OptBool,
    OptId,
    OptInt,
    OptStr,
    Text,
    Timestamp,
    VendorModel,
    parse_items,
)

VENDOR = VENDOR_NAMES["booxi"]
M = TypeVar("M", bound=VendorModel)


def as_list(value: Any) -> list[Any]:
    """``null``/``""`` → ``[]``, one object → ``[object]``, an array as is; else an error."""
    if value is None or value == "":
        return []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return value
    raise ValueError(f"expected a list, got {type(value).__name__}")


def _tags(value: Any) -> Any:
    # Documented as one comma-separated string; accept an array of strings too.
    if isinstance(value, list) and all(isinstance(tag, str) for tag in value):
        return ",".join(value)
    return value


class Address(CamelModel):
    street: OptStr = None
    city: OptStr = None
    state: OptStr = None
    postal_code: OptStr = None
    country: OptStr = None


class DateOfBirth(CamelModel):
    """Booxi's split birthday; any part may be missing (a birthday without a year is common)."""

    day: OptInt = None
    month: OptInt = None
    year: OptInt = None

    @property
    def date(self) -> date | None:
        """The full date, or None when a part is missing or the parts make no date."""
        if self.day is None or self.month is None or self.year is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except (ValueError, OverflowError):
            return None


class Client(CamelModel):
    """A Booxi client record (``GET /client`` items and ``GET /client/{id}``)."""

    id: Id
    merchant_id: OptId = None
    membership_number: OptStr = None
    first_name: Text = ""
    last_name: Text = ""
    language: OptStr = None
    email: OptStr = None
    home_phone_number: OptStr = None
    mobile_phone_number: OptStr = None
    remind_by_sms: OptBool = Field(default=None, alias="remindBySMS")
    remind_by_email: OptBool = None
    in_mailing_list: OptBool = None
    date_of_birth: DateOfBirth | None = None
    address: Address | None = None
    gender: OptStr = None
    status: OptStr = None  # Active | Blocked
    quick_note: OptStr = None  # the staff note shown on the profile
    created_on: Timestamp = None
    modified_on: Timestamp = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Price(CamelModel):
    visibility: OptStr = None
    amount: Money = None
    amount_per_person: Money = None
    amount_per_hour: Money = None
    currency: OptStr = None
    is_starting_at: OptBool = None
    tax: OptStr = None


class Timespan(CamelModel):
    start: Timestamp = None
    end: Timestamp = None
    duration: OptInt = None  # minutes


class BookingItem(CamelModel):
    service_id: OptId = None
    service_name: OptStr = None
    service_has_associated_resources: OptBool = None
    resource_id: OptId = None
    resource_name: OptStr = None
    price: Price | None = None
    reserved_client_timespan: Timespan | None = None
    shopping_cart_product_id: OptStr = None


class BookingClient(CamelModel):
    id: OptId = None
    first_name: OptStr = None
    last_name: OptStr = None
    email: OptStr = None
    home_phone_number: OptStr = None
    mobile_phone_number: OptStr = None
    presence: OptStr = None  # Expecting | Arrived | NoShow
    remind_by_email: OptBool = None
    remind_by_sms: OptBool = Field(default=None, alias="remindBySMS")
    additional_request: OptStr = None


class Payment(CamelModel):
    total: Money = None
    paid: Money = None
    online_payment_amount: Money = None
    online_payment_id: OptStr = None
    online_payment_status: OptStr = None


class Booking(CamelModel):
    """One booking of booking history; ids of services, staff and merchant point at side tables."""

    booking_id: Id
    merchant_id: OptId = None
    booking_method: OptStr = None
    status: OptStr = None  # Approved | Cancelled | PendingStaffApproval | PendingClientApproval
    is_completed: OptBool = None
    acquisition_channel: OptStr = None
    starts_on: Timestamp = None
    total_client_timespan: Timespan | None = None
    staff_id: OptId = None
    staff_first_name: OptStr = None
    staff_last_name: OptStr = None
    items: Annotated[list[BookingItem], BeforeValidator(as_list)] = Field(default_factory=list)
    location: OptStr = None
    location_text: OptStr = None
    client: BookingClient | None = None
    payment: Payment | None = None
    created_on: Timestamp = None
    created_by: OptStr = None
    modified_on: Timestamp = None
    modified_by: OptStr = None

    @property
    def staff_name(self) -> str:
        return " ".join(p for p in (self.staff_first_name, self.staff_last_name) if p)

    @property
    def is_no_show(self) -> bool:
        return self.client is not None and self.client.presence == "NoShow"


class Service(CamelModel):
    id: Id
    merchant_id: OptId = None
    name: Text = ""
    tags: Annotated[OptStr, BeforeValidator(_tags)] = None
    duration: OptInt = None
    booking_method: OptStr = None
    price: Price | None = None
    category_id: OptId = None
    category_name: OptStr = None
    description: OptStr = None


class Staff(CamelModel):
    """A staff member; the doc's sample puts service-shaped objects here, so only ``id`` counts."""

    id: Id
    name: OptStr = None
    first_name: OptStr = None
    last_name: OptStr = None
    position: OptStr = None

    @property
    def display_name(self) -> str:
        joined = " ".join(p for p in (self.first_name, self.last_name) if p)
        return joined or self.name or ""


class Merchant(CamelModel):
    """A store. ``time_zone`` turns UTC booking times into store-local times."""

    id: Id
    name: Text = ""
    store_number: OptStr = None
    address: Address | None = None
    phone_number: OptStr = None
    email: OptStr = None
    currency: OptStr = None
    time_zone: OptStr = None
    tax1_name: OptStr = None
    tax1_rate: Money = None
    tax2_name: OptStr = None
    tax2_rate: Money = None
    latitude: OptStr = None
    longitude: OptStr = None
    default_language: OptStr = None

    @property
    def zone(self) -> ZoneInfo | None:
        """The IANA zone, or None when missing or unknown to this machine."""
        if not self.time_zone:
            return None
        try:
            return ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            return None


class GroupEvent(CamelModel):
    id: Id
    start: Timestamp = None
    duration: OptInt = None
    price: Price | None = None
    location: OptStr = None
    location_text: OptStr = None
    staff_id: OptId = None
    staff_first_name: OptStr = None
    staff_last_name: OptStr = None
    service_id: OptId = None
    service_name: OptStr = None
    attendee_count: OptInt = None
    attendee_capacity: OptInt = None
    is_completed: OptBool = None


class Resource(CamelModel):
    id: Id
    name: Text = ""
    description: OptStr = None
    status: OptStr = None


def _items[M: VendorModel](data: Any, model: type[M], what: str) -> tuple[list[M], int]:
    """:func:`parse_items`, also taking ``null`` (none) or a lone object (one) for a list."""
    with suppress(ValueError):  # not list-like at all: parse_items reports it as BadData
        data = as_list(data)
    return parse_items(VENDOR, model, data, what=what)


def parse_clients(data: Any) -> list[Client]:
    """``GET /client``: ``{"clients": [...], "clientLinks": [...]}`` (a bare array is accepted)."""
    if isinstance(data, dict):
        data = data.get("clients")
    elif not isinstance(data, list):
        raise BadData(VENDOR, f"sent a client search answer of type {type(data).__name__}")
    clients, _skipped = _items(data, Client, "client")
    return clients


@dataclass
class BookingPage:
    """One ``GET /booking`` answer; ``cursor`` is None on the last page."""

    bookings: list[Booking]
    group_events: list[GroupEvent]
    services: list[Service]
    staff: list[Staff]
    merchants: list[Merchant]
    resources: list[Resource]
    cursor: str | None
    skipped: int = 0


def parse_booking_page(data: Any) -> BookingPage:
    """Validate one booking-history page or raise :class:`BadData`."""
    if not isinstance(data, dict):
        raise BadData(VENDOR, f"sent a booking history of type {type(data).__name__}")
    cursor = data.get("cursor")
    if cursor is not None and not isinstance(cursor, str):
        raise BadData(VENDOR, "sent a paging cursor we cannot use",
                      detail=f"cursor of type {type(cursor).__name__}")
    next_cursor = cursor.strip() or None if cursor is not None else None
    skipped = 0

    def items(key: str, model: type[M], what: str) -> list[M]:
        nonlocal skipped
        parsed, bad = _items(data.get(key), model, what)
        skipped += bad
        return parsed

    return BookingPage(
        bookings=items("bookings", Booking, "booking"),
        group_events=items("groupEvents", GroupEvent, "group event"),
        services=items("services", Service, "service"),
        staff=items("staff", Staff, "staff member"),
        merchants=items("merchants", Merchant, "merchant"),
        resources=items("resources", Resource, "resource"),
        cursor=next_cursor,
        skipped=skipped,
    )


class _Identified(Protocol):
    id: str




def _merge[R: _Identified](table: dict[str, R], rows: list[R]) -> None:
    for row in rows:
        table.setdefault(row.id, row)


@dataclass
class BookingHistory:
    """Booking history over all pages; side tables merged by id (first seen wins)."""

    bookings: list[Booking] = field(default_factory=list)
    group_events: dict[str, GroupEvent] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)
    merchants: dict[str, Merchant] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    pages: int = 0
    skipped: int = 0

    def add(self, page: BookingPage) -> None:
        seen = {booking.booking_id for booking in self.bookings}
        for booking in page.bookings:
            if booking.booking_id not in seen:
                seen.add(booking.booking_id)
                self.bookings.append(booking)
        _merge(self.group_events, page.group_events)
        _merge(self.services, page.services)
        _merge(self.staff, page.staff)
        _merge(self.merchants, page.merchants)
        _merge(self.resources, page.resources)
        self.pages += 1
        self.skipped += page.skipped

    def merchant_of(self, booking: Booking) -> Merchant | None:
        return self.merchants.get(booking.merchant_id or "")

    def staff_of(self, booking: Booking) -> Staff | None:
        return self.staff.get(booking.staff_id or "")

    def services_of(self, booking: Booking) -> list[Service]:
        return [self.services[item.service_id] for item in booking.items
                if item.service_id is not None and item.service_id in self.services]
