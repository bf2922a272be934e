"""Booxi parsers: the doc example, tolerance rules, and "any JSON → model or BadData"."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import BadData
from app.vendors.booxi.models import (
    Booking,
    BookingHistory,
    BookingPage,
    Client,
    GroupEvent,
    Merchant,
    Resource,
    Service,
    Staff,
    parse_booking_page,
    parse_clients,
)
from app.vendors.parsing import loads, parse_model

# The booking-history response example of Booxi's help article (seed 002), trimmed of the parts
# repeated verbatim (the staff array is the doc's service-shaped object, kept as in the doc).
DOC_PAGE = """{
"bookings": [{
  "bookingId": "A00001234", "merchantId": 100, "bookingMethod": "Appointment",
  "status": "Approved", "isCompleted": false, "acquisitionChannel": "e-commerce",
  "startsOn": "2020-10-01T14:00:00Z",
  "totalClientTimespan": {"start": "2020-01-04T12:00:00Z", "end": "2020-01-04T12:45:00Z",
                          "duration": 45},
  "staffId": 582, "staffFirstName": "Jane", "staffLastName": "Poe",
  "items": [{"serviceId": 1001, "serviceName": "French Cooking Tutorial",
             "serviceHasAssociatedResources": true, "resourceId": 15,
             "resourceName": "Room #15",
             "price": {"visibility": "Show", "amount": "10.00", "amountPerPerson": "5.99",
                       "amountPerHour": "0.00", "currency": "USD", "isStartingAt": false,
                       "tax": "Excluded"},
             "reservedClientTimespan": {"start": "2020-01-04T12:00:00Z",
                                        "end": "2020-01-04T12:45:00Z", "duration": 45},
             "shoppingCartProductId": "ID-199"}],
  "location": "Business", "locationText": "",
  "client": {"id": 1901, "firstName": "Emilie", "lastName": "Authier",
             "email": "emilie.authier@booxi.com", "homePhoneNumber": "+15552346789",
             "mobilePhoneNumber": "+15552346789", "presence": "Expecting",
             "remindByEmail": true, "remindBySMS": true,
             "additionalRequest": "Can we bring our own ingredients?"},
  "payment": {"total": "10.99", "paid": "0.00", "onlinePaymentId": "P000123",
              "onlinePaymentAmount": "2.00", "onlinePaymentStatus": "Requested"},
  "createdOn": "2020-01-01T07:15:00Z", "createdBy": "Staff",
  "modifiedOn": "2020-01-01T07:30:00Z", "modifiedBy": "Staff"}],
"groupEvents": [{"id": 1, "start": "2017-06-29T09:00:00Z", "duration": 30,
  "staffId": 1, "staffName": "string", "staffFirstName": "Sample", "staffLastName": "Employee",
  "staff": {"id": 1, "name": "Jane Poe", "firstName": "Jane", "lastName": "Poe"},
  "serviceId": 1, "serviceName": "Sample Service", "attendeeCount": 3, "attendeeCapacity": 8,
  "isCompleted": false, "metadata": {"classification": "supplemental"}}],
"services": [{"id": 1, "merchantId": 1, "name": "Self Printing",
  "tags": "promotion,self-service", "duration": 30,
  "price": {"visibility": "Show", "amount": "10.00", "currency": "USD"},
  "categoryId": 0, "categoryName": "Main Services",
  "metadata": {"classification": "supplemental"},
  "surveyModel": {"pages": {"name": "default", "elements": []}}}],
"staff": [{"id": 1, "merchantId": 1, "name": "Self Printing", "tags": "promotion,self-service",
  "duration": 30}],
"merchants": [{"id": 1, "name": "The Work Shop", "isAvailableOnline": true,
  "storeNumber": "US1210", "address": {"street": "123 Fake St", "city": "New York",
  "state": "NY", "postalCode": "10001", "country": "US"}, "currency": "USD",
  "tax1Name": "CST", "tax1Rate": "0.0450", "tax2Name": "", "tax2Rate": "0",
  "timeZone": "America/New_York", "latitude": "40.6892361", "longitude": "-74.0445726",
  "openHours": [{"dow": 1, "start": "09:00:00", "end": "13:45:00"}]}],
"resources": [{"id": 1001, "name": "Room 1", "description": "This is a giant resource.",
  "status": "Active"}],
"cursor": "string"
}"""
DOC_CLIENT = {
    "id": 1901, "membershipNumber": "", "merchantId": 100, "firstName": "Emilie",
    "lastName": "Authier", "language": "fre", "email": "emilie.authier@booxi.com",
    "homePhoneNumber": None, "mobilePhoneNumber": "+15552346789", "remindBySMS": True,
    "remindByEmail": False, "inMailingList": True,
    "dateOfBirth": {"day": 29, "month": 2, "year": 1988}, "gender": "Female",
    "status": "Blocked", "quickNote": "Prefers mornings", "createdOn": "2020-01-01T07:15:00Z",
    "modifiedOn": None, "metadata": {"vip": True},
}
FIELDS = ["id", "bookingId", "merchantId", "status", "isCompleted", "startsOn", "items",
          "price", "amount", "currency", "client", "presence", "payment", "total", "paid",
          "firstName", "lastName", "email", "mobilePhoneNumber", "dateOfBirth", "day", "month",
          "year", "quickNote", "bookings", "services", "staff", "merchants", "groupEvents",
          "resources", "cursor", "clients", "timeZone", "tags", "duration",
          "totalClientTimespan"]

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats()
    | st.decimals(allow_nan=False, min_value=-10**20, max_value=10**20)
    | st.just(Decimal("1E+99999999"))
    | st.text(max_size=20)
    | st.sampled_from(["", " ", "2020-10-01T14:00:00Z", "10.99", "1,5", "NaN", "Approved",
                       "NoShow", "America/New_York", "Not/AZone"])
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=8),
    max_leaves=30,
)
MODELS = [Client, Booking, Service, Staff, Merchant, GroupEvent, Resource]


def model_or_bad_data(model: type[Any], data: Any) -> None:
    try:
        result = parse_model("Booxi", model, data)
    except BadData:
        return
    assert isinstance(result, model)
    if isinstance(result, Merchant):
        assert result.zone is None or result.zone.key
    if isinstance(result, Client) and result.date_of_birth is not None:
        assert result.date_of_birth.date is None or isinstance(result.date_of_birth.date, date)


@settings(max_examples=200, deadline=None)
@given(data=json_values, model=st.sampled_from(MODELS))
def test_any_json_gives_a_model_or_bad_data(data: Any, model: type[Any]) -> None:
    model_or_bad_data(model, data)


@settings(max_examples=150, deadline=None)
@given(data=json_values)
def test_any_json_gives_a_page_or_bad_data(data: Any) -> None:
    try:
        page = parse_booking_page(data)
    except BadData:
        return
    assert isinstance(page, BookingPage)
    assert page.cursor is None or (isinstance(page.cursor, str) and page.cursor)
    BookingHistory().add(page)


@settings(max_examples=100, deadline=None)
@given(data=json_values)
def test_any_json_gives_clients_or_bad_data(data: Any) -> None:
    try:
        clients = parse_clients(data)
    except BadData:
        return
    assert all(isinstance(c, Client) for c in clients)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for position, inner in enumerate(value):
            found += paths(inner, (*prefix, position))
    return found


@settings(max_examples=250, deadline=None)
@given(data=st.data(), replacement=json_values)
def test_a_mutated_doc_page_gives_a_page_or_bad_data(data: st.DataObject,
                                                     replacement: Any) -> None:
    page = loads(DOC_PAGE)
    path = data.draw(st.sampled_from(paths(page)))
    mutated = copy.deepcopy(page)
    if not path:
        mutated = replacement
    else:
        target = mutated
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = replacement
    try:
        result = parse_booking_page(mutated)
    except BadData:
        return
    assert isinstance(result, BookingPage)


def test_the_doc_example_parses() -> None:
    page = parse_booking_page(loads(DOC_PAGE))
    assert page.cursor == "string" and page.skipped == 0
    booking = page.bookings[0]
    assert booking.booking_id == "A00001234"
    assert booking.merchant_id == "100"
    assert booking.starts_on == datetime(2020, 10, 1, 14, tzinfo=UTC)
    assert booking.total_client_timespan is not None
    assert booking.total_client_timespan.duration == 45
    assert booking.staff_name == "Jane Poe"
    assert booking.items[0].price is not None
    assert booking.items[0].price.amount == Decimal("10.00")
    assert booking.items[0].price.amount_per_person == Decimal("5.99")
    assert booking.payment is not None
    assert booking.payment.total == Decimal("10.99")
    assert booking.payment.online_payment_amount == Decimal("2.00")
    assert booking.client is not None and booking.client.remind_by_sms is True
    assert not booking.is_no_show
    assert page.staff[0].id == "1"  # the doc's service-shaped staff still yields an id
    merchant = page.merchants[0]
    assert merchant.zone is not None and merchant.zone.key == "America/New_York"
    assert merchant.tax1_rate == Decimal("0.0450")
    assert page.services[0].tags == "promotion,self-service"
    assert page.group_events[0].attendee_capacity == 8
    assert page.resources[0].name == "Room 1"


def test_a_client_record() -> None:
    client = parse_model("Booxi", Client, DOC_CLIENT)
    assert client.id == "1901" and client.merchant_id == "100"
    assert client.membership_number is None and client.home_phone_number is None
    assert client.date_of_birth is not None
    assert client.date_of_birth.date == date(1988, 2, 29)
    assert client.status == "Blocked" and client.quick_note == "Prefers mornings"
    assert client.remind_by_sms is True
    assert client.model_extra == {"metadata": {"vip": True}}


@pytest.mark.parametrize(("parts", "expected"), [
    ({"day": 18, "month": 4, "year": None}, None),
    ({"day": 30, "month": 2, "year": 1990}, None),
    ({"day": 1, "month": 1, "year": 10**15}, None),
    ({"day": 1, "month": 12, "year": 1990}, date(1990, 12, 1)),
])
def test_birthdays_without_a_year_or_impossible_are_none(parts: dict[str, Any],
                                                        expected: date | None) -> None:
    client = parse_model("Booxi", Client, {"id": 1, "dateOfBirth": parts})
    assert client.date_of_birth is not None
    assert client.date_of_birth.date == expected


def test_staff_may_be_one_object_and_side_tables_null() -> None:
    page = parse_booking_page({"bookings": None, "staff": {"id": 7, "firstName": "Ruth",
                                                           "lastName": "Kaur"},
                               "services": "", "cursor": ""})
    assert [s.display_name for s in page.staff] == ["Ruth Kaur"]
    assert page.bookings == [] and page.services == [] and page.cursor is None


@pytest.mark.parametrize("body", [[], "bookings", 7, {"bookings": 7}, {"cursor": 5},
                                  {"cursor": {"next": "x"}}])
def test_pages_of_the_wrong_shape_are_bad_data(body: Any) -> None:
    with pytest.raises(BadData):
        parse_booking_page(body)


def test_money_is_never_a_float() -> None:
    with pytest.raises(BadData):
        parse_model("Booxi", Booking, {"bookingId": "A1", "payment": {"total": 10.99}})
    exact = parse_model("Booxi", Booking, loads('{"bookingId": "A1", "payment": {"total": 10.99}}'))
    assert exact.payment is not None and exact.payment.total == Decimal("10.99")


def test_a_bad_booking_is_skipped_and_counted() -> None:
    page = parse_booking_page({"bookings": [{"bookingId": "A1"}, {"status": "Approved"},
                                            {"bookingId": "A2", "startsOn": "yesterday"}]})
    assert [b.booking_id for b in page.bookings] == ["A1"]
    assert page.skipped == 2


def test_history_merges_pages_and_dedupes_side_tables() -> None:
    first = parse_booking_page({
        "bookings": [{"bookingId": "A1", "merchantId": 1, "staffId": 5,
                      "items": [{"serviceId": 10}]}],
        "services": [{"id": 10, "name": "Fitting"}], "staff": [{"id": 5, "name": "Ruth"}],
        "merchants": [{"id": 1, "name": "Store", "timeZone": "Australia/Sydney"}],
        "cursor": "abc"})
    second = parse_booking_page({
        "bookings": [{"bookingId": "A2", "merchantId": 1, "items": [{"serviceId": 11}]},
                     {"bookingId": "A1"}],
        "services": [{"id": 10, "name": "Fitting (renamed)"}, {"id": 11, "name": "Repair"}],
        "merchants": [{"id": 1, "name": "Store"}], "cursor": None})
    history = BookingHistory()
    history.add(first)
    history.add(second)
    assert [b.booking_id for b in history.bookings] == ["A1", "A2"]
    assert sorted(history.services) == ["10", "11"]
    assert history.services["10"].name == "Fitting"  # first seen wins
    assert history.pages == 2
    booking = history.bookings[0]
    assert history.merchant_of(booking) is not None
    assert history.staff_of(booking) is not None
    assert [s.name for s in history.services_of(booking)] == ["Fitting"]


def test_client_search_answers() -> None:
    assert parse_clients({"clients": [DOC_CLIENT], "clientLinks": []})[0].id == "1901"
    assert parse_clients([DOC_CLIENT])[0].full_name == "Emilie Authier"
    assert parse_clients({"clients": None}) == []
    with pytest.raises(BadData):
        parse_clients("clients")
