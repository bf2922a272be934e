"""Profile sections in the cache: round trips, unreadable rows, remembered Qudini bookings."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.cache.db import Cache
from app.cache.writer import CacheWriter
from app.customer import store
from app.customer.model import Loyalty, QudiniVisit, Section, Status
from app.domain.records import VendorRecord

WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    cache = Cache.open(tmp_path / "c.sqlite3")
    writer = CacheWriter(cache)
    writer.upsert("loke", [VendorRecord("loke", "L1", "<b>Bob</b> Lee", ("bob@x.com",),
                                        ("+61411222333",), points=7)])
    writer.replace_all("reservations", [VendorRecord(
        "reservations", "R1", "Bob Lee", ("bob@x.com",), blacklisted=True,
        blacklist_reason="Shouted at staff")])
    writer.close()
    return cache.connect()


def customer(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT id FROM customers").fetchone()[0])


def test_the_header_says_who_and_why_linked(conn: sqlite3.Connection) -> None:
    head = store.header(conn, customer(conn))
    assert head is not None
    assert head.name == "<b>Bob</b> Lee"  # as received: the panel shows it literally
    assert head.vendor_ids == {"loke": ["L1"], "reservations": ["R1"]}
    assert head.link_reasons == ["same email bob@x.com"]
    assert (head.blacklisted, head.blacklist_reason, head.points) == \
        (True, "Shouted at staff", 7)
    assert store.header(conn, 999_999) is None


def test_sections_round_trip_and_unreadable_rows_count_as_never_fetched(
        conn: sqlite3.Connection) -> None:
    who = customer(conn)
    loyalty = Loyalty(customer_id="L1", points=7, total_spend_cents=123_456,
                      last_spent_at=WHEN, lists=["VIP", "<i>x</i>"])
    saved = Section[Loyalty](vendor="loke", status=Status.OK, data=loyalty, as_of=WHEN,
                             checked_at=WHEN)
    store.save_section(conn, who, saved)
    loaded = store.load_sections(conn, who)
    assert loaded.loke == saved
    assert loaded.booxi.status == Status.PENDING
    conn.execute("UPDATE profile_sections SET data = '{\"points\": \"many\"' WHERE vendor = 'loke'")
    assert store.load_sections(conn, who).loke.status == Status.PENDING


def test_a_qudini_booking_stays_with_its_customer(conn: sqlite3.Connection) -> None:
    who = customer(conn)
    visit = QudiniVisit(identifier="ab" * 10, name="Bob Lee", state="BOOKING")
    store.attach_qudini(conn, visit.identifier, None, WHEN, visit)
    assert store.qudini_visit(conn, visit.identifier) == (None, visit)
    store.attach_qudini(conn, visit.identifier, who, WHEN)
    store.attach_qudini(conn, visit.identifier, None, WHEN)  # seen again from a bare link
    assert store.qudini_visit(conn, visit.identifier) == (who, visit)
    assert store.qudini_identifiers(conn, who) == [visit.identifier]
    assert store.qudini_visit(conn, "cd" * 10) == (None, None)
