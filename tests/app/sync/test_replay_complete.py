"""Walk-in completions through the outbox to the sandbox reservations server over loopback:
sent once, a record changed upstream is a conflict (never overwritten), a record that is not
(or no longer) a walk-in placeholder is refused."""

# ruff: noqa: F811 — ``world`` is test_replay's fixture, shared by name
from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

import pytest

from app.cache import complete, edits, outbox
from app.cache.complete import check_details
from app.cache.outbox import EditRefused
from app.sandbox.faults import Faults
from app.sync.replay import backoff
from tests.app.sync.test_replay import WHO, World, some_customer, world  # noqa: F401

TODAY = date(2026, 7, 1)


async def complete_it(world: World, rid: str, **typed: Any) -> complete.Completed:
    """What the dialog does: check against what is on file, then queue from that base."""
    first = typed.pop("first_name", "Ana")

    def run(conn: sqlite3.Connection) -> complete.Completed:
        base = complete.on_file(conn, rid)
        details = check_details(first, country="AU", today=TODAY, on_file=base, **typed)
        return complete.complete_walk_in(conn, rid, details, country="AU", now=world.clock,
                                         base=base, **WHO)
    result: complete.Completed = await world.run(run)
    return result


def server_record(world: World, rid: str) -> dict[str, Any]:
    record: dict[str, Any] = world.box.servers["reservations"]._record(rid)  # type: ignore[attr-defined]
    return record


async def test_a_completion_reaches_reservations_once_and_it_stays_a_walk_in(
        world: World) -> None:
    res = world.box.servers["reservations"]
    rid = await world.run(lambda c: some_customer(c, dummy=True))
    res.faults = Faults(drop=1.0)  # offline first: it waits, shown in the cache meanwhile
    done = await complete_it(world, rid, first_name="Ana", last_name="Pérez",
                             email="Ana.Perez@Example.com", phone="0412 345 678",
                             birthday="1990-05-17")
    report = await world.replayer().run_once()
    assert report.retrying == [done.edit_id] and report.sent == []
    name = await world.run(lambda c: c.execute(
        "SELECT name FROM records WHERE vendor_id = ?", (rid,)).fetchone()[0])
    assert name == "Ana Pérez"

    res.faults = Faults()
    world.clock = world.clock + backoff(10)
    puts_before = len(world.notes_put)
    report = await world.replayer().run_once()
    assert report.sent == [done.edit_id] and not report.failed
    assert len(world.notes_put) == puts_before + 1  # one PUT
    info = await world.reservations.customer(rid)
    assert (info.first_name, info.last_name, info.email, info.phone_number, info.birthday) == (
        "Ana", "Pérez", "ana.perez@example.com", "+61412345678", date(1990, 5, 17))
    assert info.is_dummy  # the server keeps it a placeholder: no account was linked
    assert await world.run(outbox.open_edits) == []
    again = await world.replayer().run_once()
    assert again.sent == [] and len(world.notes_put) == puts_before + 1


async def test_a_record_changed_upstream_is_a_conflict_then_keep_mine_sends_ours(
        world: World) -> None:
    rid = await world.run(lambda c: some_customer(c, dummy=True))
    done = await complete_it(world, rid, first_name="Ana", email="ana@example.com")
    # Meanwhile another counter gives the walk-in a phone number.
    await world.reservations.update_customer(rid, phone_number="+61499000111")
    report = await world.replayer().run_once()
    assert report.failed == [done.edit_id]
    failed = await world.run(lambda c: outbox.get_edit(c, done.edit_id))
    assert failed is not None and failed.state == "failed"
    shown = str(failed.upstream)
    assert "+61 ••• ••• 111" in shown and "499000111" not in shown  # masked, readable
    info = await world.reservations.customer(rid)
    assert info.email != "ana@example.com" and info.phone_number == "+61499000111"
    # the outbox row's text never holds the other version's contacts in full
    row = await world.run(lambda c: c.execute(
        "SELECT upstream, last_error FROM outbox WHERE id = ?", (done.edit_id,)).fetchone())
    assert "499000111" not in json.dumps(row)

    # Sending it again unchanged would meet the same other version: still a conflict.
    await world.run(lambda c: outbox.retry(c, done.edit_id, world.clock, **WHO))
    assert (await world.replayer().run_once()).failed == [done.edit_id]

    again = await world.run(lambda c: edits.resolve_note_conflict(
        c, done.edit_id, keep_ours=True, now=world.clock, **WHO))
    assert again == done.edit_id
    report = await world.replayer().run_once()
    assert report.sent == [done.edit_id]
    info = await world.reservations.customer(rid)
    assert info.first_name == "Ana" and info.email == "ana@example.com"
    assert info.phone_number == "+61499000111"  # theirs stays where ours did not touch it


async def test_a_change_after_keep_mine_is_a_conflict_again(world: World) -> None:
    rid = await world.run(lambda c: some_customer(c, dummy=True))
    done = await complete_it(world, rid, first_name="Bea")
    await world.reservations.update_customer(rid, last_name="Other")
    assert (await world.replayer().run_once()).failed == [done.edit_id]
    await world.run(lambda c: edits.resolve_note_conflict(
        c, done.edit_id, keep_ours=True, now=world.clock, **WHO))
    await world.reservations.update_customer(rid, last_name="Third")  # changed once more
    assert (await world.replayer().run_once()).failed == [done.edit_id]
    assert (await world.reservations.customer(rid)).first_name != "Bea"


async def test_take_theirs_keeps_the_server_as_it_is(world: World) -> None:
    rid = await world.run(lambda c: some_customer(c, dummy=True))
    before = await world.run(lambda c: complete.on_file(c, rid))
    done = await complete_it(world, rid, first_name="Cleo")
    await world.reservations.update_customer(rid, last_name="Theirs")
    assert (await world.replayer().run_once()).failed == [done.edit_id]
    assert await world.run(lambda c: edits.resolve_note_conflict(
        c, done.edit_id, keep_ours=False, now=world.clock, **WHO)) is None
    assert (await world.replayer().run_once()).sent == []
    assert (await world.reservations.customer(rid)).last_name == "Theirs"
    assert await world.run(lambda c: complete.on_file(c, rid)) == before


async def test_a_real_customers_record_is_refused_before_and_after_queueing(
        world: World) -> None:
    real = await world.run(lambda c: some_customer(c, dummy=False))
    with pytest.raises(EditRefused, match="registered customer"):
        await complete_it(world, real, first_name="Ana")
    assert await world.run(outbox.open_edits) == []

    # A walk-in linked to an account after the edit was queued: refused when sent.
    rid = await world.run(lambda c: some_customer(c, dummy=True))
    done = await complete_it(world, rid, first_name="Dora", email="dora@example.com")
    server = world.box.servers["reservations"]
    server._edits.setdefault(rid, {})["is_dummy"] = False  # type: ignore[attr-defined]
    puts_before = len(world.notes_put)
    report = await world.replayer().run_once()
    assert report.failed == [done.edit_id]
    failed = await world.run(lambda c: outbox.get_edit(c, done.edit_id))
    assert failed is not None and failed.upstream is None
    assert "linked to a customer account" in failed.last_error
    assert len(world.notes_put) == puts_before
    assert server_record(world, rid)["email"] != "dora@example.com"


async def test_a_completion_the_server_already_has_is_not_sent_again(world: World) -> None:
    rid = await world.run(lambda c: some_customer(c, dummy=True))
    done = await complete_it(world, rid, first_name="Elif", birthday="1985-01-02")
    await world.reservations.update_customer(rid, first_name="Elif",
                                             birthday=date(1985, 1, 2))  # sent, then killed
    puts_before = len(world.notes_put)
    report = await world.replayer().run_once()
    assert report.sent == [done.edit_id] and len(world.notes_put) == puts_before
