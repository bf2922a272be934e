"""Typed views of Qudini's customer-details and customer-answers payloads.

Only the seed article documents these shapes, and its sample is not even valid JSON, so every
field here is optional and unknown fields are kept. Booking times keep the **venue's** UTC
offset (``2021-04-17T09:00:00.000-07:00``): a booking is "9 am at the venue", and converting
it to the counter PC's zone would show another time. ``minutesRemaining`` arrives as a digit
string and becomes an int; numeric ids stay strings like every id in the app.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from app.vendors.parsing import (
    DateOnly,
    Id,
    Money,
    OptBool,
    OptId,
    OptInt,
    OptStr,
    Text,
    Timestamp,
    VendorModel,
)

__all__ = [
    "Answer",
    "Customer",
    "CustomerDetails",
    "CustomerDetailsEnvelope",
    "CustomerInQueue",
    "Language",
    "Location",
    "OpeningDay",
    "OpeningHours",
    "Product",
    "Queue",
    "Venue",
]


def _items(value: Any) -> Any:
    return [] if value is None or value == "" else value


def _opt_items(value: Any) -> Any:
    return None if value is None or value == "" else value


def _text_item(value: Any) -> str:
    """A list answer's entries are text; numbers are kept as their digits."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError("expected text in a list answer")
    return str(value)


TextItem = Annotated[str, BeforeValidator(_text_item)]
TextList = Annotated[list[TextItem] | None, BeforeValidator(_opt_items)]


class Language(VendorModel):
    iso_code: OptStr = Field(None, alias="isoCode")
    name: OptStr = None


class Customer(VendorModel):
    """The booked customer. ``name`` is one full-name field (no first/last split)."""

    id: OptId = None
    name: Text = ""
    booking_ref: OptStr = Field(None, alias="bookingRef")  # what staff see, e.g. "UOKW2127"
    ticket_number: OptStr = Field(None, alias="ticketNumber")
    group_size: OptInt = Field(None, alias="groupSize")
    language: Language | None = None
    order_number: OptStr = Field(None, alias="orderNumber")
    title: OptStr = None
    created_by_system: Any = Field(None, alias="createdBySystem")  # shape undocumented


class Product(VendorModel):
    """The service booked."""

    id: OptId = None
    name: Text = ""
    average_serve_time_minutes: OptInt = Field(None, alias="averageServeTimeMinutes")
    icon_id: OptInt = Field(None, alias="iconId")
    colour: OptStr = None


class CustomerInQueue(VendorModel):
    id: OptId = None
    booking_start_time: Timestamp = Field(None, alias="bookingStartTime")
    booking_end_time: Timestamp = Field(None, alias="bookingEndTime")
    expected_time: Timestamp = Field(None, alias="expectedTime")
    last_update_time: Timestamp = Field(None, alias="lastUpdateTime")  # UTC
    minutes_remaining: OptInt = Field(None, alias="minutesRemaining")  # "1455" on the wire
    time_remaining: OptStr = Field(None, alias="timeRemaining")  # display text, "1455mins"
    current_position: OptInt = Field(None, alias="currentPosition")
    is_booking_confirmed: OptBool = Field(None, alias="isBookingConfirmed")
    is_fixed: OptBool = Field(None, alias="isFixed")
    has_been_sent_return_message: OptBool = Field(None, alias="hasBeenSentReturnMessage")
    booked_server: Any = Field(None, alias="bookedServer")  # shapes undocumented
    collecting_server: Any = Field(None, alias="collectingServer")
    product: Product | None = None
    customer: Customer | None = None


class Location(VendorModel):
    address1: OptStr = None
    address2: OptStr = None
    address3: OptStr = None
    address4: OptStr = None
    locality: OptStr = None
    region: OptStr = None
    postcode: OptStr = None
    country: OptStr = None
    google_map_marker_link: OptStr = Field(None, alias="googleMapMarkerLink")

    @property
    def lines(self) -> list[str]:
        """The address parts that are present, in order, for display."""
        parts = (self.address1, self.address2, self.address3, self.address4, self.locality,
                 self.region, self.postcode, self.country)
        return [p for p in parts if p]


class Venue(VendorModel):
    id: OptId = None
    name: Text = ""
    phone_number: OptStr = Field(None, alias="phoneNumber")
    is_booking_enabled: OptBool = Field(None, alias="isBookingEnabled")
    is_walkin_enabled: OptBool = Field(None, alias="isWalkinEnabled")
    location: Location | None = None


class Queue(VendorModel):
    id: OptId = None
    identifier: OptStr = None  # short string such as "tp1nd"
    name: Text = ""
    min_wait_time_minutes: OptInt = Field(None, alias="minWaitTimeMinutes")
    venue: Venue | None = None


class OpeningHours(VendorModel):
    start_hours: OptInt = Field(None, alias="startHours")
    start_minutes: OptInt = Field(None, alias="startMinutes")
    end_hours: OptInt = Field(None, alias="endHours")
    end_minutes: OptInt = Field(None, alias="endMinutes")


class OpeningDay(VendorModel):
    date: DateOnly = None
    opening_hours: OpeningHours | None = Field(None, alias="openingHours")


class CustomerDetails(VendorModel):
    """One booking (visit) as the customer's weblink page sees it."""

    identifier: Id
    state: OptStr = None  # "BOOKING", queue states...: free text
    average_wait_for_queue: OptInt = Field(None, alias="averageWaitForQueue")
    queue_length: OptInt = Field(None, alias="queueLength")
    is_last: OptBool = Field(None, alias="isLast")
    booking_meeting_url: OptStr = Field(None, alias="bookingMeetingUrl")
    booking_reschedule_url: OptStr = Field(None, alias="bookingRescheduleUrl")
    customer_left: Any = Field(None, alias="customerLeft")  # shapes undocumented
    customer_served: Any = Field(None, alias="customerServed")
    customer_in_queue: CustomerInQueue | None = Field(None, alias="customerInQueue")
    queue: Queue | None = None
    venue_opening_hours: Annotated[list[OpeningDay], BeforeValidator(_items)] = Field(
        default_factory=list, alias="venueOpeningHours")


class CustomerDetailsEnvelope(VendorModel):
    """``{"customerDetails": {...}, "status": "ok"}``; the client checks ``status``."""

    status: OptStr = None
    customer_details: CustomerDetails | None = Field(None, alias="customerDetails")
    message: OptStr = None  # not documented; kept for the log when status is not "ok"

    @property
    def ok(self) -> bool:
        return (self.status or "").strip().lower() == "ok"


class Question(VendorModel):
    id: OptId = None


class Answer(VendorModel):
    """One answered customer question; exactly one of text/number/dateTime/list is expected."""

    id: OptId = None
    text: OptStr = None
    number: Money = None  # any exact number; named Money only for its no-float Decimal rule
    date_time: Timestamp = Field(None, alias="dateTime")
    # ``list`` on the wire; renamed so the field does not shadow the builtin in the class body.
    items: TextList = Field(None, alias="list")
    question: Question | None = None

    @property
    def question_id(self) -> str | None:
        return self.question.id if self.question else None

    @property
    def value(self) -> str:
        """The answer as display text, whichever type it has ("" when none is set)."""
        if self.text is not None:
            return self.text
        if self.number is not None:
            # Plain digits for ordinary numbers; scientific form for absurd exponents.
            return format(self.number, "f") if abs(self.number.adjusted()) < 30 \
                else str(self.number)
        if self.date_time is not None:
            return self.date_time.isoformat()
        if self.items:
            return ", ".join(self.items)
        return ""
