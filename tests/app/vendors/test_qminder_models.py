"""Qminder parsers: doc fixtures, and "any JSON gives a model or BadData, nothing else"."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import BadData
from app.vendors.parsing import loads, parse_model
from app.vendors.qminder.models import (
    SUBSCRIPTION_KINDS,
    GqlTicket,
    Line,
    Location,
    Ticket,
    TicketEvent,
    is_known_status,
    parse_event,
    safe_hex_color,
)

V = "Qminder"

# The Ticket object example of the seed doc (developer.qminder.com/reference/tickets).
DOC_TICKET: dict[str, Any] = {
    "id": "51999102",
    "status": "SERVED",
    "source": "MANUAL",
    "line": 88100,
    "firstName": "Jane",
    "lastName": "Doe",
    "orderAfter": "2015-04-29T12:29:40.701Z",
    "created": {"date": "2016-04-29T12:29:40.701Z"},
    "called": {"date": "2016-05-05T14:05:29Z", "caller": 15144, "desk": 3},
    "served": {"date": "2016-05-05T14:05:34Z"},
    "assigned": {"assigner": 15100, "assignee": 15144},
    "extra": [{"title": "Notes", "value": "assistance required"}],
    "labels": [{"value": "VIP", "color": "FF00FF"}],
    "interactions": [{"start": "2016-05-05T14:05:29Z", "end": "2016-05-05T14:05:34Z",
                      "line": 88100, "user": 15144}],
    "messages": [{"created": {"date": "2017-06-15T18:43:41Z"},
                  "body": "Hello Jane! You are now in the queue.",
                  "type": "OUTGOING", "status": "DELIVERED"}],
}
DOC_LINE = {"id": 88100, "name": "Main", "color": "#00ff00", "disabled": False}
DOC_LOCATION = {"id": 4242, "name": "Sydney CBD", "timezoneOffset": 660,
                "latitude": -33.8688, "longitude": 151.2093, "country": "Australia"}
GQL_TICKET: dict[str, Any] = {
    "id": "226859", "status": "CALLED", "statusSetAt": "2026-11-20T09:01:02.003Z",
    "line": {"id": "424201", "name": "Returns"}, "firstName": "Zoë", "lastName": None,
    "phoneNumber": 61412345678, "email": None, "created": {"date": "2026-11-20T08:50:00.000Z"},
    "cancelled": None, "caller": {"id": "15101"},
    "labels": [{"value": "VIP", "color": "FF00FF"}],
}


def test_doc_ticket_parses_with_every_part() -> None:
    ticket = parse_model(V, Ticket, loads(json.dumps(DOC_TICKET)))
    assert ticket.id == "51999102" and ticket.line == "88100"
    assert ticket.status == "SERVED" and ticket.status_known and ticket.is_finished
    assert ticket.name == "Jane Doe"
    assert ticket.called is not None and ticket.called.caller == "15144"
    assert ticket.called.desk == "3"
    assert ticket.called.date == datetime(2016, 5, 5, 14, 5, 29, tzinfo=UTC)
    assert ticket.created_at == datetime(2016, 4, 29, 12, 29, 40, 701000, tzinfo=UTC)
    assert ticket.queue_time == ticket.order_after  # reordered: orderAfter wins
    assert ticket.assigned is not None and ticket.assigned.assignee == "15144"
    assert ticket.labels[0].hex_color == "#ff00ff"
    assert ticket.label_values() == ["VIP"]
    assert ticket.extra[0].value == "assistance required"
    assert ticket.interactions[0].user == "15144"
    assert ticket.messages[0].type == "OUTGOING"


def test_minimal_ticket_and_number_forms() -> None:
    ticket = parse_model(V, Ticket, {"id": 51999102, "status": "NEW", "line": 1,
                                     "firstName": "Zoë", "phoneNumber": 12125551234,
                                     "created": {"date": "2016-04-29T12:29:40Z"}})
    assert ticket.id == "51999102"
    assert ticket.phone_number == "12125551234"
    assert ticket.last_name is None and ticket.email is None
    assert ticket.name == "Zoë" and ticket.is_waiting
    assert ticket.labels == [] and ticket.extra == [] and ticket.interactions == []
    assert ticket.queue_time == ticket.created_at


def test_missing_null_and_empty_are_alike() -> None:
    for empty in ({}, {"lastName": None, "labels": None, "extra": None},
                  {"lastName": "", "labels": "", "email": "  "}):
        ticket = parse_model(V, Ticket, {"id": "1", "status": "NEW", **empty})
        assert ticket.last_name is None and ticket.email is None and ticket.labels == []


def test_unknown_status_kept_as_text() -> None:
    ticket = parse_model(V, Ticket, {"id": "1", "status": "TELEPORTED"})
    assert ticket.status == "TELEPORTED" and not ticket.status_known
    assert is_known_status("noshow") and is_known_status("SCHEDULED")
    assert not is_known_status(None)


def test_secondary_arrays_drop_unreadable_items_labels_do_not() -> None:
    ticket = parse_model(V, Ticket, {
        "id": "1", "status": "NEW",
        "extra": [{"title": "A", "value": True}, {"title": "Link", "url": "javascript:alert(1)"},
                  "junk", {"title": "Shop", "url": "https://shop.example.com/o/1"}],
        "interactions": [{"start": "never"}, {"start": "2016-05-05T14:05:29Z"}],
        "messages": {"not": "a list"},
    })
    assert [e.title for e in ticket.extra] == ["Link", "Shop"]
    assert ticket.extra[0].link is None  # only http(s) links are offered to staff
    assert ticket.extra[1].link == "https://shop.example.com/o/1"
    assert len(ticket.interactions) == 1 and ticket.messages == []
    with pytest.raises(BadData):
        parse_model(V, Ticket, {"id": "1", "labels": ["VIP"]})


@pytest.mark.parametrize(("raw", "expected"), [
    ("FF00FF", "#ff00ff"), ("#00ff00", "#00ff00"), (" 0a0B0c ", "#0a0b0c"), ("#f0f", "#ff00ff"),
    ("red", None), ("#12345", None), ("url(x)", None), ("", None), (None, None),
    ("FF00FF; background: url(x)", None),
])
def test_safe_hex_color(raw: str | None, expected: str | None) -> None:
    assert safe_hex_color(raw) == expected


def test_line_and_location() -> None:
    line = parse_model(V, Line, DOC_LINE)
    assert line.id == "88100" and line.hex_color == "#00ff00" and not line.is_disabled
    location = parse_model(V, Location, loads(json.dumps(DOC_LOCATION)))
    assert location.id == "4242" and location.timezone_offset == 660
    assert str(location.latitude) == "-33.8688"


def test_gql_ticket_normalised_into_ticket() -> None:
    event = parse_event(V, "calledTickets", GQL_TICKET)
    assert event == TicketEvent("called", event.ticket)
    ticket = event.ticket
    assert ticket.id == "226859" and ticket.line == "424201" and ticket.line_name == "Returns"
    assert ticket.phone_number == "61412345678" and ticket.last_name is None
    assert ticket.called is not None and ticket.called.caller == "15101"
    assert ticket.called.date == datetime(2026, 11, 20, 9, 1, 2, 3000, tzinfo=UTC)
    served = parse_event(V, "servedTickets", {**GQL_TICKET, "status": "SERVED"}).ticket
    assert served.served is not None and served.called is None
    bare_line = parse_model(V, GqlTicket, {"id": "1", "line": 5}).to_ticket()
    assert bare_line.line == "5" and bare_line.line_name is None


def test_labels_event_uses_the_new_label_set() -> None:
    event = parse_event(V, "changedTicketLabels", {
        "ticket": GQL_TICKET, "labels": [{"value": "Paid", "color": "7ED321"}]})
    assert event.kind == "labels" and event.ticket.label_values() == ["Paid"]
    with pytest.raises(BadData):
        parse_event(V, "changedTicketLabels", GQL_TICKET)  # no "ticket" key
    with pytest.raises(BadData):
        parse_event(V, "somethingElse", GQL_TICKET)


# -- property tests -----------------------------------------------------------------------------

json_scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
                | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30))
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=12), children, max_size=6),
    max_leaves=30,
)
# Keys the parsers know, so generated objects reach the field validators, not just "missing id".
KNOWN_KEYS = sorted({*DOC_TICKET, *GQL_TICKET, *DOC_LINE, *DOC_LOCATION, "publicId", "url",
                     "color", "value", "title", "date", "caller", "desk", "ticket", "labels"})
keyed_objects = st.dictionaries(st.sampled_from(KNOWN_KEYS), json_values, max_size=10)
PARSERS = [Ticket, Line, Location, GqlTicket]


def as_wire(value: Any) -> Any:
    """What VendorHttp.json gives: floats become Decimal."""
    return loads(json.dumps(value))


def parses_or_bad_data(model: type[Any], data: Any) -> None:
    try:
        result = parse_model(V, model, data)
    except BadData:
        return
    assert isinstance(result, model)
    if hasattr(result, "id"):
        assert isinstance(result.id, str) and result.id


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=json_values | keyed_objects)
def test_any_json_gives_model_or_bad_data(data: Any) -> None:
    wire = as_wire(data)
    for model in PARSERS:
        parses_or_bad_data(model, wire)
    for field_name in SUBSCRIPTION_KINDS:
        try:
            event = parse_event(V, field_name, wire)
        except BadData:
            continue
        assert isinstance(event.ticket, Ticket)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    value = copy.deepcopy(value)
    node = value
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = new
    return value


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_mutated_fixtures_give_model_or_bad_data(data: st.DataObject) -> None:
    model, fixture = data.draw(st.sampled_from([
        (Ticket, DOC_TICKET), (Line, DOC_LINE), (Location, DOC_LOCATION),
        (GqlTicket, GQL_TICKET)]))
    path = data.draw(st.sampled_from(_paths(fixture)))
    mutated = _replace(fixture, path, data.draw(json_values))
    parses_or_bad_data(model, as_wire(mutated))


@settings(max_examples=100, deadline=None)
@given(phone=st.integers(min_value=0, max_value=10**15), ident=st.integers(1, 10**12))
def test_numbers_become_strings(phone: int, ident: int) -> None:
    ticket = parse_model(V, Ticket, {"id": ident, "phoneNumber": phone, "line": ident})
    assert ticket.id == str(ident) and ticket.phone_number == str(phone)
    assert ticket.line == str(ident)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=12))
def test_safe_hex_color_only_yields_hex(text: str) -> None:
    result = safe_hex_color(text)
    assert result is None or re.fullmatch(r"#[0-9a-f]{6}", result)
