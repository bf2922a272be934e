"""The outbox against the sandbox: edits made with every server down arrive when they return —
exactly as typed, in order, none twice; conflicts are kept for a person; refusals hold back."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from app.cache import blacklist, edits, outbox
from app.cache.db import Cache
from app.cache.outbox import EditRefused
from app.cache.thread import CacheThread
from app.errors import CredentialError
from app.profile import profile_from_dict
from app.sandbox.faults import Faults
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine, _lock_file
from app.sync.lock import SyncLock
from app.sync.replay import Replayer, backoff
from app.vendors.qminder import QminderClient
from app.vendors.reservations import ReservationsClient
from tests.conftest import ANCHOR

STORE = "replay-test"
WHO = {"counter": "till-2", "mode": "manager"}


class World:
    def __init__(self, box: Sandbox, jobs: CacheThread) -> None:
        self.box, self.jobs = box, jobs
        self.notes_put: list[tuple[str, str]] = []
        self.clock = datetime.now(UTC)
        profile = profile_from_dict(box.profile_dict(), "sandbox")
        assert profile.reservations is not None and profile.qminder is not None
        self.reservations = ReservationsClient(profile.reservations, box.secrets["reservations"])
        self.qminder = QminderClient(profile.qminder, box.secrets["qminder"])

    async def client_for(self, vendor: str) -> Any:
        return self.reservations if vendor == "reservations" else self.qminder

    def replayer(self) -> Replayer:
        return Replayer(self.jobs.run, self.client_for, clock=lambda: self.clock)

    async def run(self, job: Callable[[sqlite3.Connection], Any]) -> Any:
        return await self.jobs.run(job)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    box = Sandbox(200, seed=8, anchor=ANCHOR, store_id=STORE)
    server = box.servers["reservations"]
    notes: list[tuple[str, str]] = []
    original = server._update  # type: ignore[attr-defined]

    async def counted(request: web.Request) -> web.StreamResponse:
        body = await request.json()
        notes.append((request.match_info.get("id", ""), body.get("note")))
        return await original(request)  # type: ignore[no-any-return]

    server._update = counted  # type: ignore[attr-defined]
    await box.start()
    cache = Cache.open(tmp_path / "c.sqlite3")
    profile = profile_from_dict(box.profile_dict(), "sandbox")
    async with SyncEngine(profile, MemorySecrets(STORE, box.secrets), cache) as engine:
        assert (await engine.run()).ok
    jobs = CacheThread(cache)
    w = World(box, jobs)
    w.notes_put = notes
    yield w
    await w.reservations.aclose()
    await w.qminder.aclose()
    jobs.close()
    await box.stop()


def some_customer(conn: sqlite3.Connection, *, dummy: bool = False,
                  blacklisted: bool = False) -> str:
    for vendor_id, data in conn.execute(
            "SELECT vendor_id, data FROM records WHERE vendor = 'reservations' ORDER BY vendor_id"):
        import json
        record = json.loads(data)
        if bool(record.get("is_dummy")) == dummy and \
                bool(record.get("is_blacklisted")) == blacklisted:
            return str(vendor_id)
    raise AssertionError("no such customer in the sandbox")


Job = Callable[[sqlite3.Connection], Awaitable[Any]]


async def test_edits_made_offline_arrive_in_order_exactly_once(world: World) -> None:
    res, qm = world.box.servers["reservations"], world.box.servers["qminder"]
    res.faults = qm.faults = Faults(drop=1.0)  # every vendor we write to is down
    customer = await world.run(lambda c: some_customer(c))
    ticket = next(iter(qm.tickets))  # type: ignore[attr-defined]
    typed = ["first <b>draft</b>", "second\nline two", "final — ✓ 10% off"]
    now = world.clock
    for text in typed:
        base = await world.run(lambda c: edits.current_note(c, customer))
        await world.run(lambda c, t=text, b=base: edits.set_note(c, customer, t, base=b,
                                                                   now=now, **WHO))
    await world.run(lambda c: edits.label(c, ticket, "  VIP  ", add=True, now=now, **WHO))
    await world.run(lambda c: edits.label(c, ticket, "VIP", add=False, now=now, **WHO))
    await world.run(lambda c: edits.label(c, ticket, "Returning", add=True, now=now, **WHO))
    # the cache shows the last note at once, offline
    assert await world.run(lambda c: edits.current_note(c, customer)) == typed[-1]

    report = await world.replayer().run_once()
    assert report.sent == [] and report.retrying  # nothing got through, all kept
    assert world.notes_put == []
    pending = await world.run(outbox.open_edits)
    assert [e.state for e in pending] == ["pending"] * 6
    assert all(e.attempts == 1 and e.next_attempt_at is not None for e in pending[:1])

    res.faults = qm.faults = Faults()  # they are back
    world.clock = world.clock + backoff(10)
    report = await world.replayer().run_once()
    assert len(report.sent) == 6 and not report.failed
    assert [note for _, note in world.notes_put] == typed  # as typed, in order, once each
    assert (await world.reservations.customer(customer)).note == typed[-1]
    labels = [label["value"] for label in qm.tickets[ticket]["labels"]]  # type: ignore[attr-defined]
    assert "Returning" in labels and "VIP" not in labels
    assert await world.run(outbox.open_edits) == []
    again = await world.replayer().run_once()  # nothing left, nothing sent twice
    assert again.sent == [] and len(world.notes_put) == 3


async def test_a_note_changed_upstream_is_a_conflict_not_an_overwrite(world: World) -> None:
    customer = await world.run(lambda c: some_customer(c))
    base = await world.run(lambda c: edits.current_note(c, customer))
    await world.reservations.update_note(customer, "written at the other store")
    edit_id = await world.run(lambda c: edits.set_note(c, customer, "ours", base=base,
                                                       now=world.clock, **WHO))
    report = await world.replayer().run_once()
    assert report.failed == [edit_id]
    failed = await world.run(lambda c: outbox.get_edit(c, edit_id))
    assert failed is not None and failed.state == "failed"
    assert failed.upstream == "written at the other store" and failed.payload["note"] == "ours"
    assert (await world.reservations.customer(customer)).note == "written at the other store"
    assert await world.run(lambda c: outbox.retry(c, edit_id, world.clock, **WHO))


async def test_a_refused_edit_holds_back_that_records_later_edits(world: World) -> None:
    res = world.box.servers["reservations"]
    customer = await world.run(lambda c: some_customer(c))
    res.faults = Faults(error=1.0)  # 5xx: transient
    first = await world.run(lambda c: edits.blacklist(c, customer, "Threatened staff",
                                                      now=world.clock, **WHO))
    base = await world.run(lambda c: edits.current_note(c, customer))
    second = await world.run(lambda c: edits.set_note(c, customer, "after", base=base,
                                                      now=world.clock, **WHO))
    report = await world.replayer().run_once()
    assert report.retrying == [first] and second not in report.sent  # in order, one at a time
    res.faults = Faults()
    await world.run(lambda c: outbox.mark_failed(c, first, "refused by the test"))
    world.clock = world.clock + backoff(10)
    report = await world.replayer().run_once()
    assert report.sent == []  # the note waits behind the failed blacklist edit
    assert await world.run(lambda c: outbox.discard(c, first, world.clock, **WHO))
    report = await world.replayer().run_once()
    assert report.sent == [second]


async def test_an_edit_the_vendor_already_applied_is_not_sent_again(world: World) -> None:
    customer = await world.run(lambda c: some_customer(c))
    base = await world.run(lambda c: edits.current_note(c, customer))
    edit_id = await world.run(lambda c: edits.set_note(c, customer, "once", base=base,
                                                       now=world.clock, **WHO))
    await world.reservations.update_note(customer, "once")  # sent, then the app was killed
    sent_before = len(world.notes_put)
    report = await world.replayer().run_once()
    assert report.sent == [edit_id] and len(world.notes_put) == sent_before


async def test_bad_edits_are_refused_with_a_reason_and_nothing_is_queued(world: World) -> None:
    customer = await world.run(lambda c: some_customer(c))
    dummy = await world.run(lambda c: some_customer(c, dummy=True))
    cases: list[tuple[Callable[[sqlite3.Connection], Any], str]] = [
        (lambda c: edits.blacklist(c, customer, "   ", now=world.clock, **WHO), "reason"),
        (lambda c: edits.set_note(c, customer, "x" * (outbox.NOTE_LIMIT + 1), base="",
                                  now=world.clock, **WHO), "limit"),
        (lambda c: edits.label(c, "123", " \t ", add=True, now=world.clock, **WHO), "empty"),
        (lambda c: edits.transfer_bookings(c, dummy, dummy, now=world.clock, preview={},
                                           **WHO), "two different"),
        (lambda c: edits.transfer_bookings(c, customer, dummy, now=world.clock, preview={},
                                           **WHO), "placeholder"),
        (lambda c: edits.label(c, "12a", "VIP", add=True, now=world.clock, **WHO), "digits"),
    ]
    for job, words in cases:
        with pytest.raises(EditRefused, match=words):
            await world.run(job)
    assert await world.run(outbox.open_edits) == []
    audit = await world.run(lambda c: c.execute("SELECT COUNT(*) FROM audit").fetchone()[0])
    assert audit == 0


async def test_the_audit_log_only_grows(world: World) -> None:
    customer = await world.run(lambda c: some_customer(c))
    await world.run(lambda c: edits.set_note(c, customer, "n", base="", now=world.clock, **WHO))

    def tamper(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE audit SET mode = 'staff'")

    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        await world.run(tamper)
    rows = await world.run(lambda c: c.execute("SELECT counter, mode, action FROM audit")
                           .fetchall())
    assert rows == [("till-2", "manager", "note.set")]


async def test_a_sync_sends_waiting_edits_before_it_pulls(world: World, tmp_path: Path) -> None:
    customer = await world.run(lambda c: some_customer(c))
    base = await world.run(lambda c: edits.current_note(c, customer))
    await world.run(lambda c: edits.set_note(c, customer, "typed offline", base=base,
                                             now=world.clock, **WHO))
    profile = profile_from_dict(world.box.profile_dict(), "sandbox")
    async with SyncEngine(profile, MemorySecrets(STORE, world.box.secrets),
                          world.jobs.cache) as engine:
        assert (await engine.run()).ok
    assert (await world.reservations.customer(customer)).note == "typed offline"
    # the pull that followed saw the new note: the cache never flipped back to the old one
    assert await world.run(lambda c: edits.current_note(c, customer)) == "typed offline"
    assert await world.run(outbox.open_edits) == []


async def test_a_missing_credential_leaves_the_edit_waiting_not_failed(world: World) -> None:
    customer = await world.run(lambda c: some_customer(c))
    edit_id = await world.run(lambda c: edits.blacklist(c, customer, "Rude", now=world.clock,
                                                        **WHO))

    async def no_secret(vendor: str) -> Any:
        raise CredentialError("reservations: no credential stored")

    report = await Replayer(world.jobs.run, no_secret, clock=lambda: world.clock).run_once()
    assert report.retrying == [edit_id] and not report.failed
    edit = await world.run(lambda c: outbox.get_edit(c, edit_id))
    assert edit is not None and edit.state == "pending" and "credential" in edit.last_error


async def test_replay_takes_the_sync_lock_and_a_person_can_skip_the_backoff(
        world: World) -> None:
    profile = profile_from_dict(world.box.profile_dict(), "sandbox")
    res = world.box.servers["reservations"]
    customer = await world.run(lambda c: some_customer(c))
    edit_id = await world.run(lambda c: edits.blacklist(c, customer, "Rude", now=world.clock,
                                                        **WHO))
    async with SyncEngine(profile, MemorySecrets(STORE, world.box.secrets),
                          world.jobs.cache) as engine:
        res.faults = Faults(drop=1.0)
        first = await engine.replay_outbox()
        assert first is not None and first.retrying == [edit_id]
        res.faults = Faults()
        waiting = await engine.replay_outbox()  # still in its backoff: not tried
        assert waiting is not None and waiting.sent == []
        other = SyncLock(_lock_file(world.jobs.cache))
        assert other.acquire()  # another process is syncing this cache
        try:
            assert await engine.replay_outbox(now_all=True) is None
        finally:
            other.release()
        sent = await engine.replay_outbox(now_all=True)  # "sync now" tries it at once
        assert sent is not None and sent.sent == [edit_id]


async def test_a_pull_keeps_waiting_edits_on_screen(world: World) -> None:
    customer = await world.run(lambda c: some_customer(c))
    base = await world.run(lambda c: edits.current_note(c, customer))
    note_id = await world.run(lambda c: edits.set_note(c, customer, "waiting note", base=base,
                                                       now=world.clock, **WHO))
    await world.run(lambda c: outbox.mark_failed(c, note_id, "held for the test"))
    await world.run(lambda c: edits.blacklist(c, customer, "Pending reason", now=world.clock,
                                              **WHO))
    profile = profile_from_dict(world.box.profile_dict(), "sandbox")
    async with SyncEngine(profile, MemorySecrets(STORE, world.box.secrets),
                          world.jobs.cache) as engine:
        world.box.servers["reservations"].faults = Faults()
        report = await engine.run(["reservations"])
    assert report.ok
    # both wait (the blacklist edit queues behind the failed note); the pull did not undo them
    assert await world.run(lambda c: edits.current_note(c, customer)) == "waiting note"
    entries = await world.run(blacklist.entries)
    assert any(e.reservations_id == customer and e.reason == "Pending reason"
               for e in entries)


async def test_discarding_takes_the_local_change_back(world: World) -> None:
    customer = await world.run(lambda c: some_customer(c))
    base = await world.run(lambda c: edits.current_note(c, customer))
    note_id = await world.run(lambda c: edits.set_note(c, customer, "never mind", base=base,
                                                       now=world.clock, **WHO))
    listed_id = await world.run(lambda c: edits.blacklist(c, customer, "Oops",
                                                          now=world.clock, **WHO))
    for edit_id in (listed_id, note_id):
        assert await world.run(lambda c, e=edit_id: edits.discard(c, e, world.clock, **WHO))
    assert await world.run(lambda c: edits.current_note(c, customer)) == base
    entries = await world.run(blacklist.entries)
    assert all(e.reservations_id != customer for e in entries)
    assert not await world.run(lambda c: edits.discard(c, note_id, world.clock, **WHO))


async def test_keeping_ours_after_a_conflict_keeps_the_typed_order(world: World) -> None:
    customer = await world.run(lambda c: some_customer(c))
    base = await world.run(lambda c: edits.current_note(c, customer))
    await world.reservations.update_note(customer, "theirs")
    first = await world.run(lambda c: edits.set_note(c, customer, "ours", base=base,
                                                     now=world.clock, **WHO))
    await world.replayer().run_once()
    later = await world.run(lambda c: edits.set_note(c, customer, "later", base="ours",
                                                     now=world.clock, **WHO))
    kept = await world.run(lambda c: edits.resolve_note_conflict(
        c, first, keep_ours=True, now=world.clock, **WHO))
    assert kept == first  # the same edit, in its own place
    report = await world.replayer().run_once()
    assert report.sent == [first, later] and not report.failed
    assert (await world.reservations.customer(customer)).note == "later"
    assert [n for _, n in world.notes_put][-2:] == ["ours", "later"]
