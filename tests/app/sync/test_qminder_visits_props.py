"""Property tests for what the visits pull parses: its saved cursor and finished tickets."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from app.customer.timeline import from_qminder as timeline_rows
from app.customer.visits import Visit
from app.domain.identity import LinkCandidate, key_reason, link
from app.domain.records import from_qminder, qminder_record_id
from app.sync.qminder import Cursor, budget, convert, parse_cursor, visit_of
from app.vendors.qminder.models import Ticket

LOCATION = 4242
BASE = datetime(2026, 8, 1, tzinfo=UTC)

moments = st.integers(0, 120 * 86400).map(lambda s: BASE + timedelta(seconds=s))
jsonish = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)


@given(st.text(max_size=200) | jsonish.map(json.dumps))
def test_any_cursor_text_parses_to_a_cursor_for_this_location(text: str) -> None:
    cursor = parse_cursor(text, LOCATION)
    assert cursor.location == LOCATION and cursor.used >= 0


@given(st.one_of(st.none(), moments), st.one_of(st.none(), moments), st.integers(0, 10_000))
def test_a_cursor_round_trips_and_belongs_to_its_location(
        through: datetime | None, hour: datetime | None, used: int) -> None:
    cursor = Cursor(LOCATION, through, hour, used)
    assert parse_cursor(cursor.dump(), LOCATION) == cursor
    assert parse_cursor(cursor.dump(), LOCATION + 1) == Cursor(LOCATION + 1)  # profile moved


@given(st.integers(1, 5000))
def test_the_budget_is_a_small_share_and_never_zero(per_hour: int) -> None:
    spend = budget(per_hour)
    assert 1 <= spend.per_pull <= spend.per_hour
    assert spend.per_hour <= max(2, per_hour // 50)


def iso(moment: datetime, millis: bool) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return text + (f".{moment.microsecond // 1000:03d}Z" if millis else "Z")


phones = st.sampled_from(["+61412345678", "61412345678", "0412 345 678", "12", "", "+1 (212) "
                          "555-1234", "not a phone"])
emails = st.sampled_from(["Zoe.Chen7@Example.com", " zoe.chen7@example.com ", "", "nope",
                          "ana@example.net"])


@st.composite
def tickets(draw: st.DrawFn) -> dict[str, Any]:
    """Finished (and some unfinished) v1 tickets, keys present or omitted as Qminder does."""
    created = draw(moments)
    status = draw(st.sampled_from(["SERVED", "NOSHOW", "CANCELLED_BY_CLERK", "CANCELLED",
                                   "NEW", "CALLED", "SCHEDULED", "served"]))
    ticket: dict[str, Any] = {"id": draw(st.integers(1, 10**9).map(str) | st.integers(1, 10**9)),
                              "status": status, "line": draw(st.integers(1, 999)),
                              "created": {"date": iso(created, draw(st.booleans()))}}
    if draw(st.booleans()):
        ticket["firstName"] = draw(st.text(max_size=12))
    if draw(st.booleans()):
        ticket["lastName"] = draw(st.text(max_size=12))
    phone = draw(phones)
    if phone:
        ticket["phoneNumber"] = int(phone) if phone.isdigit() and draw(st.booleans()) else phone
    email = draw(emails)
    if email:
        ticket["email"] = email
    later = [created + timedelta(seconds=draw(st.integers(-600, 7200))) for _ in range(2)]
    if draw(st.booleans()):
        ticket["interactions"] = [{"start": iso(min(later), False),
                                   "end": iso(max(later), False)}]
    if draw(st.booleans()):
        ticket["called"] = {"date": iso(later[0], False), "caller": 1}
    if status == "SERVED" and draw(st.booleans()):
        ticket["served"] = {"date": iso(max(later), False)}
    if status.startswith("CANCELLED") and draw(st.booleans()):
        ticket["cancelled"] = {"date": iso(later[1], False), "canceller": 2}
    return ticket


@settings(max_examples=300)
@given(st.lists(tickets(), max_size=8))
def test_finished_tickets_become_visits_and_contact_records(raw: list[dict[str, Any]]) -> None:
    parsed = [Ticket.model_validate(t) for t in raw]
    visits, records, skipped = convert(parsed, "AU")
    finished = [t for t in parsed if t.status.upper() in
                ("SERVED", "NOSHOW", "CANCELLED_BY_CLERK", "CANCELLED")]
    assert len(visits) == len(finished) and skipped == len(parsed) - len(finished)
    by_id = {r.vendor_id: r for r in records}
    assert len(by_id) == len(records)  # one record per contact set
    for visit, ticket in zip(visits, finished, strict=True):
        assert visit.ticket_id == str(ticket.id) and visit.status == ticket.status.upper()
        assert visit.waited_s is None or visit.waited_s >= 0
        record = from_qminder(ticket, "AU")
        if record is None:
            assert visit.record_id is None
            assert not (ticket.email or "").strip() or "@" not in (ticket.email or "")
        else:
            assert visit.record_id == record.vendor_id in by_id
            assert record.vendor_id == qminder_record_id(record.emails, record.phones)
            for contact in (*record.emails, *record.phones):
                assert contact not in record.vendor_id and contact.lstrip("+") not in \
                    record.vendor_id
            assert all(p.startswith("+") for p in record.phones)
    rows = timeline_rows(Visit(ticket_id=v.ticket_id, line_id=v.line_id, line_name="",
                               status=v.status,
                               created=datetime.fromtimestamp(v.created, UTC),
                               waited_s=v.waited_s) for v in visits)
    assert all(r.source == "qminder" and r.status in ("completed", "no-show", "cancelled")
               for r in rows)
    assert all(r.waited_minutes is None or r.waited_minutes >= 0 for r in rows)


@given(tickets())
def test_an_unfinished_ticket_is_never_a_visit(raw: dict[str, Any]) -> None:
    ticket = Ticket.model_validate(raw)
    visit = visit_of(ticket, None)
    assert (visit is None) == (ticket.status.upper() not in
                               ("SERVED", "NOSHOW", "CANCELLED_BY_CLERK", "CANCELLED"))


def test_a_link_through_a_ticket_says_so_without_the_contact() -> None:
    loke = LinkCandidate(("loke", "L1"), (), ("+61412345678",))
    ticket = LinkCandidate(("qminder", "qm-1"), (), ("+61412345678",))
    booked = LinkCandidate(("reservations", "R1"), ("ana@example.net",), ())
    walk_in = LinkCandidate(("qminder", "qm-2"), ("ana@example.net",), ())
    groups = {frozenset(r.ref for r in c.records): c.reasons for c in link(
        [loke, ticket, booked, walk_in])}
    assert groups[frozenset({loke.ref, ticket.ref})] == {
        loke.ref: "same phone on a Qminder ticket", ticket.ref: "same phone on a Qminder ticket"}
    assert set(groups[frozenset({booked.ref, walk_in.ref})].values()) == {
        "same email on a Qminder ticket"}
    assert key_reason("phone:+61412345678", ("loke", "reservations")).startswith("same phone +")
