"""Who is waiting: phone, then email, then a unique whole name ("possible"), never a guess."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.cache.db import Cache
from app.cache.writer import CacheWriter
from app.customer import store
from app.customer.model import Booking, Reservations, Section, Status
from app.domain.records import VendorRecord
from app.queue.match import match_all, match_ticket
from app.vendors.qminder.models import Ticket


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    cache = Cache.open(tmp_path / "c.sqlite3")
    writer = CacheWriter(cache)
    writer.upsert("loke", [
        VendorRecord("loke", "L1", "Zoë Nguyễn", ("zoe@example.com",), ("+61411222333",),
                     points=120),
        VendorRecord("loke", "L2", "Sam Parent", ("sam@example.com",), ("+61400999888",)),
        VendorRecord("loke", "L3", "Kim Parent", ("kim@example.com",), ("+61400999888",)),
        VendorRecord("loke", "L4", "Ana Lee", (), ()),
        VendorRecord("loke", "L5", "Ana Lee", (), ()),
        VendorRecord("loke", "L6", "Bo Tran", (), ()),
    ])
    writer.replace_all("reservations", [VendorRecord(
        "reservations", "R1", "Zoe Nguyen", ("zoe@example.com",), blacklisted=True,
        blacklist_reason="Abusive <b>to</b> staff")])
    writer.close()
    return cache.connect()


def ticket(**fields: Any) -> Ticket:
    return Ticket.model_validate({"id": "1", "status": "NEW", **fields})


def test_a_local_phone_finds_the_customer_with_points_and_the_blacklist(
        conn: sqlite3.Connection) -> None:
    found = match_ticket(conn, ticket(firstName="Zoe", phoneNumber=411222333), "AU")
    assert found is not None
    assert (found.name, found.how, found.certain, found.points) == ("Zoë Nguyễn", "phone",
                                                                    True, 120)
    assert found.blacklisted and found.blacklist_reason == "Abusive <b>to</b> staff"
    assert found.label == "same phone"


def test_a_shared_phone_is_not_enough_but_the_email_is(conn: sqlite3.Connection) -> None:
    assert match_ticket(conn, ticket(phoneNumber="+61400999888"), "AU") is None
    found = match_ticket(conn, ticket(phoneNumber="+61400999888", email=" KIM@example.com "),
                         "AU")
    assert found is not None and (found.name, found.how) == ("Kim Parent", "email")


def test_a_name_alone_is_only_ever_possible_and_only_when_unique(
        conn: sqlite3.Connection) -> None:
    found = match_ticket(conn, ticket(firstName="bo", lastName="TRAN"), "AU")
    assert found is not None and found.how == "name" and not found.certain
    assert found.label == "possible match (same name only)"
    assert match_ticket(conn, ticket(firstName="Ana", lastName="Lee"), "AU") is None  # two
    assert match_ticket(conn, ticket(firstName="Zoë"), "AU") is None  # a first name alone
    assert match_ticket(conn, ticket(), "AU") is None


def test_no_shows_come_from_the_customers_cached_profile(conn: sqlite3.Connection) -> None:
    zoe = ticket(phoneNumber="+61411222333")
    found = match_ticket(conn, zoe, "AU")
    assert found is not None and found.no_shows is None  # never opened: unknown, not zero
    when = datetime(2026, 11, 1, tzinfo=UTC)
    rows = [Booking(source="reservations", booking_id=str(n), starts_at=when, status=status)
            for n, status in enumerate(["no-show", "completed", "no-show"])]
    store.save_section(conn, found.customer_id, Section[Reservations](
        vendor="reservations", status=Status.OK, as_of=when,
        data=Reservations(customer_id="R1", bookings=rows)))
    again = match_all(conn, [zoe, ticket(id="2")], "AU")
    assert again["1"] is not None and again["1"].no_shows == 2
    assert again["2"] is None
