"""The blacklist's rules, once for the window and the command line (app/cache/blacklist.py):
which reservations record a change means, what adding someone already listed does, taking
off, and the typed rows both read.

A small cache: Ana has two reservations records (same email), Leo one (listed for "Rude"),
Mia one (not listed), Kai two listed ones, Zed only a loyalty record.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from app.cache import blacklist, edits
from app.cache.blacklist import NoReservationsRecord, NotOnBlacklist, SeveralRecords
from app.cache.db import Cache
from app.cache.outbox import EditRefused
from app.cache.writer import CacheWriter
from app.domain.records import VendorRecord
from tests.app.cache.conftest import record

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
WHO: dict[str, Any] = {"now": NOW, "counter": "till-1", "mode": "manager"}


def res(vid: str, name: str, email: str, *, reason: str | None = None,
        dummy: bool = False) -> VendorRecord:
    """A reservations record as a sync stores it (its data says what the flag columns say)."""
    listed = reason is not None
    return dataclasses.replace(
        record("reservations", vid, name, email, blacklisted=listed, reason=reason),
        is_dummy=dummy,
        data={"id": vid, "is_blacklisted": listed, "blacklist_reason": reason,
              "is_dummy": dummy})


@pytest.fixture
def conn(cache: Cache, writer: CacheWriter) -> Iterator[sqlite3.Connection]:
    writer.replace_all("reservations", [
        res("R1", "Ana Ruiz", "ana@example.com"),
        res("R2", "Ana R.", "ana@example.com", dummy=True),
        res("R3", "Leo \x1b[31mRed", "leo@example.com", reason="Rude"),
        res("R4", "Mia", "mia@example.com"),
        res("R5", "Kai", "kai@example.com", reason="Stole"),
        res("R6", "Kai K", "kai@example.com", reason="Shouted"),
    ])
    writer.upsert("loke", [record("loke", "L1", "Zed", "zed@example.com")])
    connection = cache.connect()
    yield connection
    connection.close()


def customer(conn: sqlite3.Connection, vendor: str, vendor_id: str) -> int:
    found = edits.customer_of(conn, vendor, vendor_id)
    assert found is not None
    return found


def outbox_kinds(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT kind FROM outbox ORDER BY id")]


def audit_details(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in conn.execute("SELECT detail FROM audit ORDER BY id")]


# -- which record --------------------------------------------------------------------------------
def test_a_customer_with_one_record_means_that_record(conn: sqlite3.Connection) -> None:
    mia = customer(conn, "reservations", "R4")
    plan = blacklist.plan_add(conn, mia, "  Threatened   staff ")
    assert (plan.record.vendor_id, plan.reason, plan.change) == ("R4", "Threatened staff", "add")
    edit_id = blacklist.add(conn, plan, **WHO)
    assert edit_id is not None and outbox_kinds(conn) == ["blacklist.add"]
    [entry] = [e for e in blacklist.entries(conn) if e.reservations_id == "R4"]
    assert (entry.reason, entry.pending, entry.customer_id) == ("Threatened staff", True, mia)
    assert entry.since == NOW  # first seen by this cache: when it was added here
    [detail] = audit_details(conn)
    assert "already_listed" not in detail and detail["reason"] == "Threatened staff"


def test_several_records_are_never_picked_silently(conn: sqlite3.Connection) -> None:
    ana = customer(conn, "reservations", "R1")
    with pytest.raises(SeveralRecords) as refused:
        blacklist.plan_add(conn, ana, "Threatened staff")
    exc = refused.value
    assert [r.vendor_id for r in exc.records] == ["R1", "R2"]
    assert exc.message == (
        f"Ana Ruiz (customer {ana}) has 2 reservations records — reservations:R1 (Ana Ruiz), "
        "reservations:R2 (Ana R., walk-in placeholder); say which one to put on the "
        "blacklist. Nothing was changed.")
    assert outbox_kinds(conn) == [] and audit_details(conn) == []
    # Named, the record is the one meant — the placeholder too, if that is what was said.
    plan = blacklist.plan_add(conn, ana, "Threatened staff", reservations_id="R2")
    assert plan.record.vendor_id == "R2" and plan.record.is_dummy


def test_names_in_refusals_go_through_the_callers_show(conn: sqlite3.Connection) -> None:
    leo = customer(conn, "reservations", "R3")
    with pytest.raises(NotOnBlacklist) as refused:
        blacklist.plan_remove(conn, customer(conn, "reservations", "R4"),
                              reservations_id="R4")
    assert refused.value.message.startswith("Mia (reservations:R4) is not on the blacklist")
    edits.unblacklist(conn, "R3", **WHO)
    with pytest.raises(NotOnBlacklist) as leo_refused:
        blacklist.plan_remove(conn, leo)
    assert "\x1b" in leo_refused.value.message  # the window shows it as plain text
    shown = leo_refused.value.text(lambda name: name.replace("\x1b", "\\x1b"))
    assert shown.startswith("Leo \\x1b[31mRed (reservations:R3) is not on the blacklist")


def test_no_reservations_record_or_an_unknown_one_is_refused(conn: sqlite3.Connection) -> None:
    zed = customer(conn, "loke", "L1")
    with pytest.raises(NoReservationsRecord) as refused:
        blacklist.plan_add(conn, zed, "Rude")
    assert refused.value.message.startswith(f"Zed (customer {zed}) has no reservations record")
    with pytest.raises(NoReservationsRecord, match="no reservations record R99 in the cache"):
        blacklist.plan_add(conn, zed, "Rude", reservations_id="R99")
    with pytest.raises(NoReservationsRecord, match="no longer in the cache"):
        blacklist.plan_add(conn, 424242, "Rude")
    with pytest.raises(NoReservationsRecord):
        blacklist.plan_remove(conn, zed)
    assert outbox_kinds(conn) == []


def test_the_record_comes_before_the_reason_and_an_empty_reason_is_refused(
        conn: sqlite3.Connection) -> None:
    ana, mia = customer(conn, "reservations", "R1"), customer(conn, "reservations", "R4")
    with pytest.raises(SeveralRecords):
        blacklist.plan_add(conn, ana, "   ")
    with pytest.raises(EditRefused, match="needs a reason") as refused:
        blacklist.plan_add(conn, mia, "   ")
    assert not isinstance(refused.value, blacklist.TargetRefused)


# -- already listed ------------------------------------------------------------------------------
def test_adding_someone_listed_replaces_the_reason_and_the_audit_says_so(
        conn: sqlite3.Connection) -> None:
    leo = customer(conn, "reservations", "R3")
    plan = blacklist.plan_add(conn, leo, "Threatened staff")
    assert plan.change == "reason" and plan.record.blacklist_reason == "Rude"
    assert blacklist.add(conn, plan, **WHO) is not None
    [entry] = [e for e in blacklist.entries(conn) if e.reservations_id == "R3"]
    assert entry.reason == "Threatened staff" and entry.pending
    [detail] = audit_details(conn)
    assert detail["already_listed"] is True and detail["previous_reason"] == "Rude"
    assert detail["reason"] == "Threatened staff"


def test_the_same_reason_again_changes_nothing(conn: sqlite3.Connection) -> None:
    leo = customer(conn, "reservations", "R3")
    plan = blacklist.plan_add(conn, leo, " Rude ")
    assert plan.change == "none"
    assert blacklist.add(conn, plan, **WHO) is None
    assert outbox_kinds(conn) == [] and audit_details(conn) == []


# -- taking off ----------------------------------------------------------------------------------
def test_taking_off_means_the_customers_one_listed_record(conn: sqlite3.Connection) -> None:
    edits.blacklist(conn, "R2", "Placeholder misuse", **WHO)  # Ana: R2 listed, R1 not
    ana = customer(conn, "reservations", "R1")
    target = blacklist.plan_remove(conn, ana)
    assert target.vendor_id == "R2"
    blacklist.remove(conn, target, **WHO)
    assert outbox_kinds(conn) == ["blacklist.add", "blacklist.remove"]
    assert all(e.reservations_id != "R2" for e in blacklist.entries(conn))
    with pytest.raises(NotOnBlacklist, match="none of their 2 reservations records"):
        blacklist.plan_remove(conn, ana)


def test_taking_off_one_of_several_listed_records_needs_it_named(
        conn: sqlite3.Connection) -> None:
    kai = customer(conn, "reservations", "R5")
    with pytest.raises(SeveralRecords, match="say which one to take off the blacklist") as many:
        blacklist.plan_remove(conn, kai)
    assert [r.vendor_id for r in many.value.records] == ["R5", "R6"]
    assert blacklist.plan_remove(conn, kai, reservations_id="R6").vendor_id == "R6"
    assert outbox_kinds(conn) == []


# -- the rows ------------------------------------------------------------------------------------
def test_rows_are_frozen_and_typed(conn: sqlite3.Connection) -> None:
    entries = blacklist.entries(conn)
    assert {e.reservations_id for e in entries} == {"R3", "R5", "R6"}
    leo = next(e for e in entries if e.reservations_id == "R3")
    assert leo.emails == ("leo@example.com",) and leo.record == "reservations:customer:R3"
    assert leo.since is not None and leo.since.tzinfo is not None and not leo.pending
    with pytest.raises(dataclasses.FrozenInstanceError):
        leo.reason = "changed"  # type: ignore[misc]
    records = edits.records_of(conn, customer(conn, "reservations", "R1"))
    assert [(r.ref, r.is_dummy, r.blacklisted) for r in records] == [
        ("reservations:R1", False, False), ("reservations:R2", True, False)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        records[0].blacklisted = True  # type: ignore[misc]
    listed = blacklist.entries(conn)
    assert {e.reservations_id for e in listed} == {"R3", "R5", "R6"}


def test_audit_rows_are_read_only(conn: sqlite3.Connection) -> None:
    edits.blacklist(conn, "R4", "=cmd <b>x</b>", **WHO)
    [line] = edits.audit_lines(conn)
    assert (line.action, line.at, line.mode) == ("blacklist.add", NOW, "manager")
    assert line.detail["reason"] == "=cmd <b>x</b>"
    assert "reason: =cmd <b>x</b>" in line.detail_text
    with pytest.raises(TypeError):
        line.detail["reason"] = "changed"  # type: ignore[index]
