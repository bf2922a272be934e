"""The sync engine against the sandbox over loopback: fill, re-sync, deletions, failures, resume."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from app.cache.db import Cache
from app.cache.writer import CacheWriter
from app.errors import ExitCode
from app.sandbox.faults import Faults
from app.sandbox.runner import Sandbox
from app.sync.engine import BUSY_MESSAGE
from app.sync.lock import SyncLock
from app.sync.loke import PASS_COMPLETE
from app.vendors.reservations import ReservationsClient
from tests.app.sync.conftest import (
    PAGE_SIZE,
    EngineFactory,
    Events,
    expected_loke_ids,
    expected_reservations_ids,
    loke_of,
    profile_of,
    query,
    slot,
    snapshot,
    states,
    vendor_ids,
)


def customer_of(cache: Cache, vendor: str, vendor_id: str) -> int:
    rows = query(cache, "SELECT customer_id FROM records WHERE vendor = ? AND vendor_id = ?",
                 vendor, vendor_id)
    assert rows, f"{vendor}:{vendor_id} is not cached"
    return int(rows[0][0])


def reservations_client(box: Sandbox) -> ReservationsClient:
    profile = profile_of(box)
    assert profile.reservations is not None
    return ReservationsClient(profile.reservations, box.secrets["reservations"])


async def test_full_sync_fills_the_cache_and_links_people(sandbox: Sandbox, cache: Cache,
                                                          make_engine: EngineFactory) -> None:
    events = Events()
    report = await make_engine(on_progress=events).run()

    assert report.ok and report.exit_code == ExitCode.OK
    loke, reservations = report.result("loke"), report.result("reservations")
    assert vendor_ids(cache, "loke") == expected_loke_ids(sandbox)
    assert vendor_ids(cache, "reservations") == expected_reservations_ids(sandbox)
    assert loke.added == loke.records == len(expected_loke_ids(sandbox))
    assert loke.pages == -(-loke.records // PAGE_SIZE) and loke.pages > 5
    assert reservations.added == len(expected_reservations_ids(sandbox))
    assert (loke.changed, loke.removed, loke.skipped) == (0, 0, 0)
    # blacklisted rows come from the blacklist endpoint and carry the flag
    blacklisted = {p.reservations_id for p in sandbox.population.people()
                   if p.in_reservations and p.blacklist_reason}
    assert blacklisted
    assert {r[0] for r in query(cache, "SELECT vendor_id FROM records WHERE vendor = "
                                       "'reservations' AND blacklisted = 1")} == blacklisted

    people = sandbox.population.people()
    by_email = [p for p in people if p.in_loke and p.in_reservations and p.email
                and p.mobile_e164 is None and not p.reservations_dummy and p.index % 5 == 1]
    by_phone = [p for p in people if p.in_loke and p.in_reservations and p.email is None
                and p.mobile_e164 and not p.reservations_dummy and p.index % 2 == 0]
    assert by_email and by_phone, "the seed should hold both kinds of people"
    for person in by_email:  # "Zoe.Ng1@EXAMPLE.COM" in reservations, lower case in LOKE
        assert person.email_variant("reservations") != person.email_variant("loke")
        assert customer_of(cache, "loke", person.loke_id) == \
            customer_of(cache, "reservations", person.reservations_id)
    for person in by_phone:  # "0412 345 678" in reservations, "+61412345678" in LOKE
        assert person.phone_variant("reservations") != person.phone_variant("loke")
        assert customer_of(cache, "loke", person.loke_id) == \
            customer_of(cache, "reservations", person.reservations_id)

    saved = states(cache)
    assert saved["loke"].cursor is None and saved["loke"].last_success is not None
    assert saved["loke"].records == loke.records and saved["loke"].added == loke.added
    assert saved["reservations"].last_error is None
    assert events.of("loke")[-1].done and events.of("reservations")[-1].done
    assert [e.pages for e in events.of("loke") if e.stage == "fetching"] == \
        list(range(1, loke.pages + 1))


async def test_second_sync_changes_nothing(cache: Cache, make_engine: EngineFactory) -> None:
    engine = make_engine()
    assert (await engine.run()).ok
    before = snapshot(cache)
    again = await engine.run()
    assert again.ok
    for result in again.results:
        assert (result.added, result.changed, result.removed) == (0, 0, 0), result
        assert not result.resumed
    assert snapshot(cache) == before


async def test_a_big_change_compacts_the_search_index_and_a_small_one_does_not(
        cache: Cache, make_engine: EngineFactory, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="clientdesk.sync")
    monkeypatch.setattr("app.sync.engine.TIDY_AFTER_CHANGES", 10)
    engine = make_engine()
    assert (await engine.run()).ok  # a first fill: every record is new
    assert "search index compacted" in caplog.text
    conn = cache.connect()
    segments = {t: conn.execute(f"SELECT COUNT(*) FROM {t}_data").fetchone()[0]
                for t in ("name_fts", "contact_fts")}
    conn.close()
    caplog.clear()
    assert (await engine.run()).ok  # nothing changed
    assert "search index compacted" not in caplog.text
    conn = cache.connect()
    for table in segments:
        conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        assert conn.execute(f"SELECT COUNT(*) FROM {table}_data").fetchone()[0] == \
            segments[table]
    conn.close()


async def test_records_gone_upstream_leave_the_cache(sandbox: Sandbox, cache: Cache,
                                                     make_engine: EngineFactory) -> None:
    engine = make_engine()
    assert (await engine.run()).ok
    people = sandbox.population.people()
    only_loke = [p for p in people if p.in_loke and not p.in_reservations and not p.in_booxi]
    hidden = {only_loke[0].loke_id, only_loke[1].loke_id}
    loke_of(sandbox).hidden |= hidden
    dummy = next(p for p in people if p.in_reservations and p.reservations_dummy)
    to_blacklist = next(p for p in people if p.in_reservations and not p.blacklist_reason
                        and not p.reservations_dummy)
    async with reservations_client(sandbox) as client:
        await client.delete_customer(dummy.reservations_id)
        await client.blacklist(to_blacklist.reservations_id, "Rude to staff")
    gone_customers = {customer_of(cache, "loke", vid) for vid in hidden}

    report = await engine.run()

    assert report.ok
    assert report.result("loke").removed == 2
    assert report.result("reservations").removed == 1
    assert report.result("reservations").changed == 1  # now on the blacklist
    assert vendor_ids(cache, "loke") == expected_loke_ids(sandbox)
    assert not hidden & vendor_ids(cache, "loke")
    assert dummy.reservations_id not in vendor_ids(cache, "reservations")
    # a person who was only those LOKE records is gone from search too
    for customer_id in gone_customers:
        assert query(cache, "SELECT id FROM customers WHERE id = ?", customer_id) == []
    flagged = query(cache, "SELECT r.blacklisted, r.blacklist_reason, c.blacklisted FROM "
                           "records r JOIN customers c ON c.id = r.customer_id WHERE "
                           "r.vendor = 'reservations' AND r.vendor_id = ?",
                    to_blacklist.reservations_id)
    assert flagged == [(1, "Rude to staff", 1)]
    assert states(cache)["loke"].removed == 2


async def test_a_record_that_does_not_parse_is_skipped_and_counted(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory,
        caplog: pytest.LogCaptureFixture) -> None:
    served = sorted(expected_loke_ids(sandbox))
    broken = {served[3], served[150]}
    loke_of(sandbox).broken |= broken
    with caplog.at_level(logging.WARNING, logger="clientdesk.vendors"):
        report = await make_engine().run()
    loke = report.result("loke")
    assert loke.ok and loke.skipped == 2
    assert loke.records == len(served) - 2
    assert vendor_ids(cache, "loke") == set(served) - broken
    assert states(cache)["loke"].skipped == 2
    assert sum("skipped unreadable customer" in r.getMessage() for r in caplog.records) == 2
    assert not any(vid in caplog.text for vid in broken)  # position and field only


async def test_vendor_down_mid_sync_keeps_old_data_and_the_other_vendor_syncs(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory) -> None:
    engine = make_engine()
    assert (await engine.run()).ok
    before = vendor_ids(cache, "loke")
    person = next(p for p in sandbox.population.people() if p.in_reservations
                  and not p.blacklist_reason)
    async with reservations_client(sandbox) as client:
        await client.update_customer(person.reservations_id, first_name="Renamed")
    server = loke_of(sandbox)
    server.list_log.clear()
    events = Events()
    events.when(lambda e: e.vendor == "loke" and e.stage == "fetching" and e.pages == 3,
                lambda: setattr(server, "faults", Faults(error=1.0)))

    report = await engine.run(on_progress=events)

    loke = report.result("loke")
    assert not loke.ok and loke.exit_code == ExitCode.UNAVAILABLE
    assert loke.error is not None and loke.error.startswith("LOKE: ")
    assert report.exit_code == ExitCode.UNAVAILABLE
    assert events.of("loke")[-1].stage == "failed" and events.of("loke")[-1].error
    assert report.result("reservations").ok and report.result("reservations").changed == 1
    name = query(cache, "SELECT name FROM records WHERE vendor = 'reservations' AND "
                        "vendor_id = ?", person.reservations_id)
    assert name[0][0].startswith("Renamed")
    assert vendor_ids(cache, "loke") == before  # nothing removed by a pass that did not end
    saved = states(cache)["loke"]
    assert saved.last_error == loke.error
    assert saved.offline_since is not None and saved.last_success is not None
    assert saved.cursor is not None and saved.pages == 3
    assert saved.pass_id is not None

    server.faults = Faults()
    server.list_log.clear()
    healed = await engine.run()
    loke = healed.result("loke")
    assert loke.ok and loke.resumed and loke.pages == -(-len(before) // PAGE_SIZE)
    assert server.list_log[0] == slot(saved.cursor) > 0
    assert 0 not in server.list_log  # the first pages were not fetched again
    assert states(cache)["loke"].offline_since is None
    assert states(cache)["loke"].last_error is None
    assert states(cache)["loke"].pass_id == saved.pass_id
    assert vendor_ids(cache, "loke") == before


async def test_offline_since_is_the_first_failure_and_cleared_on_success(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory) -> None:
    times = iter(f"2026-11-20T{hour:02d}:00:00+00:00" for hour in range(10, 20))
    engine = make_engine(now=lambda: next(times))
    await sandbox.stop_vendor("reservations")
    first = await engine.run(["reservations"])
    second = await engine.run(["reservations"])
    assert not first.ok and not second.ok
    saved = states(cache)["reservations"]
    assert saved.offline_since is not None and saved.offline_since.hour == 10
    assert saved.last_attempt is not None and saved.last_attempt.hour > 10
    assert saved.last_error is not None and "reservations" in saved.last_error
    assert vendor_ids(cache, "reservations") == set()

    await sandbox.start_vendor("reservations")
    assert (await engine.run(["reservations"])).ok
    saved = states(cache)["reservations"]
    assert saved.offline_since is None and saved.last_error is None
    assert saved.last_success is not None


async def test_missing_credential_fails_only_that_vendor(sandbox: Sandbox, cache: Cache,
                                                         make_engine: EngineFactory) -> None:
    secrets = dict(sandbox.secrets)
    del secrets["loke"]
    report = await make_engine(secrets=secrets).run()
    loke = report.result("loke")
    assert loke.exit_code == ExitCode.CREDENTIALS
    assert loke.error is not None and "clientdesk credentials set loke" in loke.error
    assert report.result("reservations").ok
    assert report.exit_code == ExitCode.CREDENTIALS


async def test_interrupted_sync_resumes_from_its_cursor(sandbox: Sandbox, cache: Cache,
                                                        make_engine: EngineFactory,
                                                        tmp_path: Path) -> None:
    engine = make_engine()
    server = loke_of(sandbox)
    events = Events()
    task = asyncio.ensure_future(engine.run(["loke"], on_progress=events))
    events.when(lambda e: e.stage == "fetching" and e.pages == 4, task.cancel)
    with pytest.raises(asyncio.CancelledError):
        await task
    saved = states(cache)["loke"]
    assert saved.cursor is not None and saved.pages >= 3
    assert integrity(cache) == "ok"

    server.list_log.clear()
    report = await engine.run(["loke"])
    loke = report.result("loke")
    assert loke.ok and loke.resumed
    assert server.list_log[0] == slot(saved.cursor) > 0
    assert 0 not in server.list_log
    # Counts span the whole pass, both runs — except the adds of the page being written when
    # the first run stopped: they are known only after its transaction (see the report).
    assert loke.records - PAGE_SIZE <= loke.added <= loke.records

    fresh = Cache.open(tmp_path / "one-shot.sqlite3")
    assert (await make_engine(fresh).run(["loke"])).ok
    assert snapshot(cache) == snapshot(fresh)


def integrity(cache: Cache) -> str:
    return str(query(cache, "PRAGMA integrity_check")[0][0])


@pytest.mark.parametrize("where", ["other server", "other organization", "expired cursor"])
async def test_a_cursor_that_cannot_continue_starts_a_new_pass(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, where: str) -> None:
    server = loke_of(sandbox)
    base = sandbox.base_url("loke")
    cursor = {
        "other server": "http://127.0.0.1:9/organizations/x/customers?after=YzoxMA",
        "other organization": f"{base}/organizations/01HZOTHER/customers?after=YzoxMA",
        "expired cursor": f"{base}/organizations/{server.organization_id}/customers"
                          "?after=not-a-cursor",
    }[where]
    writer = CacheWriter(cache)
    try:
        writer.set_state("loke", cursor=cursor, pass_id="old")
    finally:
        writer.close()
    report = await make_engine().run(["loke"])
    loke = report.result("loke")
    assert loke.ok and not loke.resumed
    assert states(cache)["loke"].pass_id != "old"
    assert vendor_ids(cache, "loke") == expected_loke_ids(sandbox)
    assert server.list_log[-loke.pages] == 0


async def test_a_pass_with_every_page_stored_only_removes(sandbox: Sandbox, cache: Cache,
                                                          make_engine: EngineFactory) -> None:
    engine = make_engine()
    assert (await engine.run(["loke"])).ok
    old_pass = states(cache)["loke"].pass_id
    assert old_pass is not None
    writer = CacheWriter(cache)
    try:  # as if killed between storing the last page and removing the missing records
        writer.set_state("loke", cursor=PASS_COMPLETE)
    finally:
        writer.close()
    server = loke_of(sandbox)
    server.list_log.clear()
    report = await engine.run(["loke"])
    assert report.result("loke").ok and report.result("loke").resumed
    assert server.list_log == []
    assert states(cache)["loke"].cursor is None


async def test_only_one_sync_per_cache(cache: Cache, make_engine: EngineFactory) -> None:
    other = SyncLock(cache.path.with_name(cache.path.name + ".sync-lock"))
    assert other.acquire()
    engine = make_engine()
    try:
        busy = await engine.run()
        assert busy.busy and not busy.ok and busy.exit_code == ExitCode.UNAVAILABLE
        assert all(r.error == BUSY_MESSAGE for r in busy.results)
        events = Events()
        asyncio.get_running_loop().call_later(0.3, other.release)
        waited = await engine.run(["reservations"], on_progress=events, wait_for_lock=True)
    finally:
        other.release()
    assert waited.ok
    assert events.seen[0].stage == "waiting"


async def test_writes_happen_on_one_worker_thread_never_the_loop(
        cache: Cache, make_engine: EngineFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, set[int]] = {}
    for name in ("__init__", "upsert", "remove_missing", "finish_pass", "replace_all",
                 "set_state"):
        original = getattr(CacheWriter, name)

        def spy(self: CacheWriter, *args: Any, _name: str = name, _original: Any = original,
                **kwargs: Any) -> Any:
            seen.setdefault(_name, set()).add(threading.get_ident())
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(CacheWriter, name, spy)
    engine = make_engine()
    assert (await engine.run()).ok
    threads = set().union(*seen.values())
    assert set(seen) == {"__init__", "upsert", "finish_pass", "set_state"}
    assert threads == {engine.worker.thread_id}
    assert threading.get_ident() not in threads


async def test_unknown_vendor_is_refused(make_engine: EngineFactory) -> None:
    with pytest.raises(ValueError, match="qminder"):
        await make_engine().run(["qminder"])


async def test_progress_callback_errors_do_not_stop_the_sync(make_engine: EngineFactory) -> None:
    def broken(_event: object) -> None:
        raise RuntimeError("display gone")

    assert (await make_engine(on_progress=broken).run()).ok


async def test_engine_json_report(make_engine: EngineFactory) -> None:
    report = await make_engine().run(["reservations"])
    data = report.result("reservations").as_json()
    assert json.loads(json.dumps(data))["exit_code"] == 0


async def test_a_pass_over_its_deadline_stops_keeps_what_it_stored_and_frees_the_lock(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory) -> None:
    # Every LOKE page answers in time on its own; together they overrun the whole-pass deadline.
    loke_of(sandbox).faults = Faults(latency_ms=150)
    engine = make_engine(pass_deadline_s=1.0)
    started = asyncio.get_running_loop().time()
    report = await engine.run(["loke"])
    took = asyncio.get_running_loop().time() - started

    loke = report.result("loke")
    assert not loke.ok and loke.exit_code == ExitCode.UNAVAILABLE
    assert loke.error is not None and "took longer than" in loke.error
    assert took < 3.0
    saved = states(cache)["loke"]
    assert saved.last_error == loke.error and saved.cursor is not None  # resumes from here
    assert 0 < len(vendor_ids(cache, "loke")) < len(expected_loke_ids(sandbox))
    lock = SyncLock(cache.path.with_name(cache.path.name + ".sync-lock"))
    assert lock.acquire()  # released although the pass was cut short
    lock.release()

    loke_of(sandbox).faults = Faults()
    assert (await make_engine().run(["loke"])).result("loke").ok
    assert vendor_ids(cache, "loke") == expected_loke_ids(sandbox)
