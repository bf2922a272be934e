"""Qudini parsers: the seed article's examples, and any JSON yields a model or BadData."""

from __future__ import annotations

import contextlib
import copy
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from app.errors import BadData, NotFound
from app.vendors.parsing import parse_list, parse_model
from app.vendors.qudini.client import details_from
from app.vendors.qudini.models import Answer, CustomerDetails, CustomerDetailsEnvelope

V = "Qudini"
IDENT = "c8df43a9f3ae844258dbba010bb77fa6d"

# The seed article's sample, with its unquoted `url` placeholder made a string.
DETAILS: dict[str, Any] = {
    "customerDetails": {
        "averageWaitForQueue": 0,
        "bookingMeetingUrl": None,
        "bookingRescheduleUrl": "https://bookings-us.qudini.com/booking-widget/booker/"
                                f"reschedule/{IDENT}",
        "customerInQueue": {
            "bookedServer": None,
            "bookingEndTime": "2021-04-17T10:00:00.000-07:00",
            "bookingStartTime": "2021-04-17T09:00:00.000-07:00",
            "collectingServer": None,
            "currentPosition": None,
            "customer": {
                "bookingRef": "UOKW2127", "createdBySystem": None, "groupSize": 1,
                "id": 2006553, "language": {"isoCode": "en", "name": "English"},
                "name": "Testresch Tesc", "orderNumber": None, "ticketNumber": "A005",
                "title": None,
            },
            "expectedTime": "2021-04-17T09:00:00.000-07:00",
            "hasBeenSentReturnMessage": False,
            "id": 1866990,
            "isBookingConfirmed": False,
            "isFixed": True,
            "lastUpdateTime": "2021-04-16T11:36:07.000Z",
            "minutesRemaining": "1455",
            "product": {"averageServeTimeMinutes": 60, "colour": None, "iconId": 73,
                        "id": 129, "name": "Some product I want"},
            "timeRemaining": "1455mins",
        },
        "customerLeft": None,
        "customerServed": None,
        "identifier": IDENT,
        "isLast": False,
        "queue": {
            "id": 5465, "identifier": "tp1nd", "minWaitTimeMinutes": None,
            "name": "Appointments",
            "venue": {
                "id": 1236, "isBookingEnabled": True, "isWalkinEnabled": True,
                "location": {
                    "address1": "Store first line of address", "address2": "180 University Ave",
                    "address3": None, "address4": None,
                    "country": "United States of America (USA)",
                    "googleMapMarkerLink": "https://maps.google.com/?q=palo+alto",
                    "locality": "Palo Alto", "postcode": "CA 94301", "region": None,
                },
                "name": "Palo Alto -test", "phoneNumber": None,
            },
        },
        "queueLength": 6,
        "state": "BOOKING",
        "venueOpeningHours": [{"date": "2021-04-16", "openingHours": {
            "endHours": 20, "endMinutes": 0, "startHours": 8, "startMinutes": 0}}],
    },
    "status": "ok",
}
ANSWERS: list[dict[str, Any]] = [
    {"id": 451536, "text": "In-store", "number": None, "dateTime": None, "list": None,
     "question": {"id": 36}},
    {"id": 451537, "text": "sdf", "number": None, "dateTime": None, "list": None,
     "question": {"id": 65}},
    {"id": 451598, "text": "No", "number": None, "dateTime": None, "list": None,
     "question": {"id": 89}},
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats()
    | st.decimals(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)


def model_or_bad_data(model: type[BaseModel], data: Any) -> BaseModel | None:
    try:
        result = parse_model(V, model, data)
    except BadData:
        return None
    assert isinstance(result, model)
    return result


def test_doc_example_parses_with_venue_offset() -> None:
    envelope = parse_model(V, CustomerDetailsEnvelope, DETAILS)
    details = details_from(envelope)
    visit = details.customer_in_queue
    assert visit is not None and visit.customer is not None and visit.product is not None
    pacific = timezone(timedelta(hours=-7))
    assert visit.booking_start_time == datetime(2021, 4, 17, 9, 0, tzinfo=pacific)
    assert visit.booking_start_time is not None
    assert visit.booking_start_time.hour == 9  # still 9 am at the venue
    assert visit.last_update_time == datetime(2021, 4, 16, 11, 36, 7, tzinfo=UTC)
    assert visit.minutes_remaining == 1455
    assert visit.customer.id == "2006553" and visit.customer.booking_ref == "UOKW2127"
    assert visit.product.id == "129"
    assert details.queue is not None and details.queue.venue is not None
    assert details.queue.venue.location is not None
    assert details.queue.venue.location.lines[:2] == ["Store first line of address",
                                                      "180 University Ave"]
    assert details.venue_opening_hours[0].date == date(2021, 4, 16)


def test_doc_answers_parse() -> None:
    answers = parse_list(V, Answer, ANSWERS)
    assert [(a.question_id, a.value) for a in answers] == [("36", "In-store"), ("65", "sdf"),
                                                           ("89", "No")]


def test_answer_kinds() -> None:
    number = parse_model(V, Answer, {"number": Decimal("2.50"), "question": {"id": 1}})
    when = parse_model(V, Answer, {"dateTime": "2026-12-01T10:00:00.000+11:00"})
    items = parse_model(V, Answer, {"list": ["Shoes", 2]})
    assert (number.value, items.value) == ("2.50", "Shoes, 2")
    assert when.date_time is not None and when.date_time.utcoffset() == timedelta(hours=11)
    with pytest.raises(BadData):
        parse_model(V, Answer, {"number": 1.5})  # a float would be inexact: refused


@pytest.mark.parametrize("envelope, error", [
    ({"status": "error", "customerDetails": None}, NotFound),
    ({"status": "NOT_FOUND", "customerDetails": DETAILS["customerDetails"]}, NotFound),
    ({"status": "error", "customerDetails": DETAILS["customerDetails"]}, BadData),
    ({"status": "ok"}, BadData),
    ({"customerDetails": DETAILS["customerDetails"]}, BadData),  # status missing
])
def test_status_other_than_ok(envelope: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        details_from(parse_model(V, CustomerDetailsEnvelope, envelope))


def test_missing_null_and_empty_alike() -> None:
    bare = parse_model(V, CustomerDetails, {"identifier": IDENT})
    empty = parse_model(V, CustomerDetails, {"identifier": IDENT, "state": "",
                                             "venueOpeningHours": None, "queue": None})
    for details in (bare, empty):
        assert details.state is None and details.venue_opening_hours == []


@settings(max_examples=150, deadline=None)
@given(data=json_values)
def test_any_json_gives_model_or_bad_data(data: Any) -> None:
    for model in (CustomerDetailsEnvelope, CustomerDetails, Answer):
        model_or_bad_data(model, data)
    envelope = model_or_bad_data(CustomerDetailsEnvelope, data)
    if isinstance(envelope, CustomerDetailsEnvelope):
        with contextlib.suppress(BadData, NotFound):
            details_from(envelope)
    with contextlib.suppress(BadData):
        parse_list(V, Answer, data)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


DETAIL_PATHS = _paths(DETAILS)[1:]


@settings(max_examples=300, deadline=None)
@given(pick=st.integers(0, len(DETAIL_PATHS) - 1), value=json_values, drop=st.booleans())
def test_mutated_doc_example_gives_model_or_bad_data(pick: int, value: Any, drop: bool) -> None:
    data = copy.deepcopy(DETAILS)
    *parents, last = DETAIL_PATHS[pick]
    target: Any = data
    for key in parents:
        target = target[key]
    if drop and isinstance(target, dict):
        del target[last]
    else:
        target[last] = value
    envelope = model_or_bad_data(CustomerDetailsEnvelope, data)
    if isinstance(envelope, CustomerDetailsEnvelope):
        with contextlib.suppress(BadData, NotFound):
            details_from(envelope)


@settings(max_examples=150, deadline=None)
@given(index=st.integers(0, 2), key=st.sampled_from(["id", "text", "number", "dateTime",
                                                     "list", "question", "extra"]),
       value=json_values)
def test_mutated_answers_give_model_or_bad_data(index: int, key: str, value: Any) -> None:
    data = copy.deepcopy(ANSWERS)
    data[index][key] = value
    try:
        answers = parse_list(V, Answer, data)
    except BadData:
        return
    assert all(isinstance(a.value, str) for a in answers)
