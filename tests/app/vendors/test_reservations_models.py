"""reservations parsers: doc examples, and any JSON yields a model or BadData — nothing else."""

from __future__ import annotations

import contextlib
import copy
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from app.errors import BadData, NotFound, Rejected
from app.vendors.parsing import loads, parse_list, parse_model
from app.vendors.reservations.client import error_from_message, vendor_message
from app.vendors.reservations.models import (
    CalendarCustomer,
    CustomerBooking,
    CustomerInfo,
    CustomerRow,
    CustomerStats,
    Me,
)
from app.vendors.reservations.session import cookie_value, parse_set_cookie

V = "reservations"

# Shapes from the vendor reference (§3, §5.1), as Go's encoder writes them (note \u0026).
INFO = {
    "id": "0190a1b2-c3d4-7e5f-8a6b-1234567890ab", "first_name": "Siobhán",
    "last_name": "O'Brien", "email": "Siobhan.OBrien@EXAMPLE.COM", "phone_number": "0412 345 678",
    "birthday": "1990-05-17T00:00:00Z", "note": "Prefers Ruth \u0026 Mei", "is_dummy": False,
}
ROW = {**INFO, "is_blacklisted": True, "blacklist_reason": "Repeated no-shows",
       "times_booked": 7, "times_cancelled": 2}
BOOKING = {
    "from_date": "2026-03-14T09:30:00Z", "to_date": "2026-03-14T10:15:00.5Z",
    "service_name": "Fitting consultation", "cancel_deadline": 0,
    "formatted_location": "1 George Street, Sydney NSW 2000", "price": "12\u00a0000\u00a0Ft",
    "price_type": "fixed", "merchant_name": "Sandbox Store", "status": "no-show",
}
STATS = {**ROW, "times_cancelled_by_user": 1, "times_upcoming": 2, "times_completed": 4,
         "bookings": [BOOKING]}
CALENDAR = {"customer_id": INFO["id"], "first_name": "Zoë", "last_name": "", "email": None,
            "phone_number": None, "birthday": None, "is_dummy": True,
            "last_visited": "2026-03-14T09:30:00Z"}
ME = {"user_id": "5b1c7c36-9f0e-4c61-9d0a-0a6f5e0d7b11", "first_name": "Sam",
      "last_name": "Staff", "email": "staff@example.com", "phone_number": None,
      "memberships": [{"merchant_id": "ff1423b5-9363-41a2-b97d-8530e554b5a8",
                       "location_id": 1, "employee_id": 7, "role": "staff"}]}
FIXTURES: list[tuple[type[BaseModel], dict[str, Any]]] = [
    (CustomerInfo, INFO), (CustomerRow, ROW), (CustomerStats, STATS),
    (CustomerBooking, BOOKING), (CalendarCustomer, CALENDAR), (Me, ME),
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats()
    | st.decimals(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)


def parses_or_bad_data(model: type[BaseModel], data: Any) -> None:
    try:
        result = parse_model(V, model, data)
    except BadData:
        return
    assert isinstance(result, model)


# -- doc fixtures -----------------------------------------------------------------------------
def test_doc_examples_parse() -> None:
    info = parse_model(V, CustomerInfo, INFO)
    assert info.birthday == date(1990, 5, 17)  # date part, never shifted
    assert info.note == "Prefers Ruth & Mei"
    row = parse_model(V, CustomerRow, ROW)
    assert row.is_blacklisted and row.times_cancelled == 2
    stats = parse_model(V, CustomerStats, STATS)
    assert stats.bookings[0].price == "12\u00a0000\u00a0Ft"  # shown as-is, never a number
    assert stats.bookings[0].to_date == datetime(2026, 3, 14, 10, 15, 0, 500000, tzinfo=UTC)
    calendar = parse_model(V, CalendarCustomer, CALENDAR)
    assert calendar.last_name is None and calendar.is_dummy
    me = parse_model(V, Me, ME)
    assert me.memberships[0].merchant_id == "ff1423b5-9363-41a2-b97d-8530e554b5a8"


def test_go_escaped_body_decodes() -> None:
    body = loads(b'{"data":{"id":"x","note":"a \\u003cb\\u003e \\u0026 c"}}\n')
    assert parse_model(V, CustomerInfo, body["data"]).note == "a <b> & c"


def test_birthday_west_of_utc_is_not_shifted() -> None:
    # A Sydney or Los Angeles counter must show the stored date, not the day before/after.
    info = parse_model(V, CustomerInfo, {**INFO, "birthday": "2000-01-01T00:00:00Z"})
    assert info.birthday == date(2000, 1, 1)


def test_missing_null_and_empty_are_alike() -> None:
    bare = parse_model(V, CustomerStats, {"id": "x"})
    nulls = parse_model(V, CustomerStats, {"id": "x", **{k: None for k in STATS if k != "id"}})
    empty = parse_model(V, CustomerStats, {"id": "x", "first_name": "", "note": "",
                                           "bookings": None, "times_booked": ""})
    for model in (bare, nulls, empty):
        assert model.first_name is None and model.note is None
        assert model.bookings == [] and model.times_booked == 0 and model.is_dummy is False


def test_counters_accept_exact_numbers_only() -> None:
    stats = parse_model(V, CustomerStats, loads(b'{"id":"x","times_booked":3.0}'))
    assert stats.times_booked == 3
    assert isinstance(loads(b"1.5"), Decimal)


def test_unknown_fields_kept_and_wrong_types_refused() -> None:
    info = parse_model(V, CustomerInfo, {**INFO, "loyalty_tier": "gold"})
    assert info.model_extra == {"loyalty_tier": "gold"}
    for bad in ({**INFO, "id": None}, {**INFO, "is_dummy": "yes"}, {**ROW, "times_booked": 1.5},
                {**INFO, "birthday": "17/05/1990"}):
        try:
            parse_model(V, CustomerRow, bad)
        except BadData as exc:
            assert exc.message.startswith("unreadable")
        else:
            raise AssertionError(f"accepted {bad}")


# -- properties -------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(data=json_values)
def test_any_json_gives_model_or_bad_data(data: Any) -> None:
    for model, _ in FIXTURES:
        parses_or_bad_data(model, data)
    with contextlib.suppress(BadData):
        parse_list(V, CustomerRow, data)


@settings(max_examples=200, deadline=None)
@given(index=st.integers(0, len(FIXTURES) - 1), key=st.text(max_size=20),
       value=json_values, drop=st.booleans(), pick=st.integers(0, 20))
def test_mutated_fixtures_give_model_or_bad_data(index: int, key: str, value: Any, drop: bool,
                                                 pick: int) -> None:
    model, fixture = FIXTURES[index]
    data = copy.deepcopy(fixture)
    keys = list(data)
    target = keys[pick % len(keys)] if pick < 15 else key
    if drop:
        data.pop(target, None)
    else:
        data[target] = value
    if "bookings" in data and isinstance(data["bookings"], list) and pick % 3 == 0:
        data["bookings"] = [{**BOOKING, keys[pick % len(keys)]: value}]
    parses_or_bad_data(model, data)


@given(header=st.text(max_size=80))
def test_set_cookie_parser_never_raises(header: str) -> None:
    parsed = parse_set_cookie(header)
    assert parsed is None or (isinstance(parsed[0], str) and parsed[0])


@given(header=st.text(max_size=80), name=st.sampled_from(["jwt-access", "jwt-refresh"]))
def test_cookie_header_reader_never_raises(header: str, name: str) -> None:
    value = cookie_value(header, name)
    assert value is None or isinstance(value, str)


@given(message=st.text(max_size=120), status=st.sampled_from([200, 400]))
def test_staff_messages_never_carry_vendor_text(message: str, status: int) -> None:
    error = error_from_message(status, message)
    assert isinstance(error, NotFound | Rejected)
    assert error.message in {"has no such customer", "could not read the request",
                             "needs a field that was left empty", "refused the request"}
    assert error.detail == message


@given(body=json_values)
def test_error_envelope_reader_never_raises(body: Any) -> None:
    message = vendor_message(body)
    assert message is None or isinstance(message, str)


def test_set_cookie_examples() -> None:
    live = "jwt-access=ey.a.b; Path=/; Domain=reservations.local; Max-Age=900; HttpOnly; " \
           "SameSite=Lax"
    assert parse_set_cookie(live) == ("jwt-access", "ey.a.b")
    assert parse_set_cookie("jwt-refresh=; Path=/; Max-Age=0") == ("jwt-refresh", None)
    assert parse_set_cookie("jwt-refresh=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT") == (
        "jwt-refresh", None)
    assert cookie_value("jwt-access=a; jwt-refresh=b", "jwt-refresh") == "b"
    assert vendor_message({"error": {"message": "GetCustomerStats: no rows in result set"}}) \
        == "GetCustomerStats: no rows in result set"
