"""LOKE's full passes and the reservations lists stored by the writer processes, against the
sandbox over real sockets.

The child is a real process (``spawn``) writing the same cache file; these tests prove it
stores exactly what the writer thread stores, that its log records reach this process, and
that a pass cut off anywhere — LOKE failing, a page that is not JSON, the child killed —
keeps what was stored and resumes from it.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from app.cache.db import Cache
from app.errors import ExitCode
from app.sandbox.faults import Faults
from app.sandbox.runner import Sandbox
from app.sync import loke_fill
from app.sync.loke_marks import read_mark
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
    reservations_of,
    snapshot,
    states,
    vendor_ids,
)


@pytest.fixture
def page_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page its own batch: a pass cut off after page k has stored exactly k pages."""
    monkeypatch.setattr(loke_fill, "BATCH_BYTES", 1)


def mark_direction(cache: Cache) -> str | None:
    conn = cache.connect(readonly=True)
    try:
        mark = read_mark(conn, "loke")
    finally:
        conn.close()
    return mark.direction if mark else None


@pytest.mark.parametrize("direction", ["asc", "desc"])
async def test_the_writer_process_stores_what_the_writer_thread_stores(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, tmp_path: Path,
        direction: str) -> None:
    loke_of(sandbox).updated_order = direction
    engine = make_engine(writer_process=True)
    report = await engine.run(["loke"])
    loke = report.result("loke")
    assert loke.ok and loke.mode == "full"
    assert loke.pages == -(-len(expected_loke_ids(sandbox)) // PAGE_SIZE)
    assert loke.added == loke.records == len(expected_loke_ids(sandbox))
    assert not engine.writers["loke"].started  # stopped after the run
    # What the pass learned of sort=updated came back from the child, page by page.
    assert mark_direction(cache) == direction

    other = Cache.open(tmp_path / "thread.sqlite3")
    assert (await make_engine(other).run(["loke"])).ok
    assert snapshot(cache) == snapshot(other)


async def test_the_childs_log_records_reach_this_process(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory,
        caplog: pytest.LogCaptureFixture) -> None:
    served = sorted(expected_loke_ids(sandbox))
    broken = {served[3], served[150]}
    loke_of(sandbox).broken |= broken
    with caplog.at_level(logging.WARNING, logger="clientdesk.vendors"):
        report = await make_engine(writer_process=True).run(["loke"])
    loke = report.result("loke")
    assert loke.ok and loke.skipped == 2 and loke.records == len(served) - 2
    assert states(cache)["loke"].skipped == 2
    skipped = [r for r in caplog.records if "skipped unreadable customer" in r.getMessage()]
    assert len(skipped) == 2 and {r.name for r in skipped} == {"clientdesk.vendors"}
    assert not any(vid in caplog.text for vid in broken)


async def test_loke_failing_mid_pass_keeps_the_stored_pages_and_resumes(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, page_batches: None) -> None:
    server = loke_of(sandbox)
    events = Events()
    events.when(lambda e: e.vendor == "loke" and e.stage == "fetching" and e.pages == 3,
                lambda: setattr(server, "faults", Faults(error=1.0)))
    engine = make_engine(writer_process=True)

    failed = (await engine.run(["loke"], on_progress=events)).result("loke")

    assert not failed.ok and failed.exit_code == ExitCode.UNAVAILABLE
    saved = states(cache)["loke"]
    # The page after the third may have been read ahead before the fault: stored too.
    assert saved.pages in (3, 4) and saved.cursor is not None
    assert saved.records == len(vendor_ids(cache, "loke")) == saved.pages * PAGE_SIZE
    server.faults = Faults()
    server.list_log.clear()
    healed = (await engine.run(["loke"])).result("loke")
    assert healed.ok and healed.resumed and healed.records == len(expected_loke_ids(sandbox))
    assert 0 not in server.list_log  # the stored pages were not fetched again
    assert vendor_ids(cache, "loke") == expected_loke_ids(sandbox)


async def test_a_page_that_is_not_json_fails_the_pass_after_the_pages_before_it(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory) -> None:
    """Read in the child, a bad page is reported as the vendor's bad data, as it was when
    read here; the good pages batched ahead of it are stored with their cursors."""
    server = loke_of(sandbox)
    events = Events()
    events.when(lambda e: e.vendor == "loke" and e.stage == "fetching" and e.pages == 2,
                lambda: setattr(server, "faults", Faults(malformed=1.0)))
    engine = make_engine(writer_process=True)

    failed = (await engine.run(["loke"], on_progress=events)).result("loke")

    assert not failed.ok and failed.exit_code == ExitCode.BAD_DATA
    assert failed.error is not None and "not JSON" in failed.error
    saved = states(cache)["loke"]
    assert saved.pages >= 2 and saved.cursor is not None
    assert len(vendor_ids(cache, "loke")) == saved.pages * PAGE_SIZE
    server.faults = Faults()
    healed = (await engine.run(["loke"])).result("loke")
    assert healed.ok and healed.resumed
    assert vendor_ids(cache, "loke") == expected_loke_ids(sandbox)


async def test_the_writer_process_killed_mid_pass_loses_nothing_stored(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, page_batches: None) -> None:
    engine = make_engine(writer_process=True)
    killed: list[int] = []

    def kill() -> None:
        pid = engine.writers["loke"].pid
        assert pid is not None
        killed.append(pid)
        os.kill(pid, signal.SIGKILL)

    events = Events()
    events.when(lambda e: e.vendor == "loke" and e.stage == "fetching" and e.pages == 4, kill)

    failed = (await engine.run(["loke"], on_progress=events)).result("loke")

    assert killed
    assert not failed.ok and failed.exit_code == ExitCode.INTERNAL
    assert failed.error is not None and "writer process stopped" in failed.error
    saved = states(cache)["loke"]
    assert saved.cursor is not None and 1 <= saved.pages <= 4
    assert len(vendor_ids(cache, "loke")) == saved.pages * PAGE_SIZE
    healed = (await engine.run(["loke"])).result("loke")  # a new child
    assert healed.ok and healed.resumed
    assert vendor_ids(cache, "loke") == expected_loke_ids(sandbox)
    assert states(cache)["loke"].pass_id == saved.pass_id


def rows_line(caplog: pytest.LogCaptureFixture) -> tuple[int, int]:
    """(unchanged, validated) from the last "sync reservations: …" line of the pass."""
    lines = [r.getMessage() for r in caplog.records
             if r.getMessage().startswith("sync reservations: ") and "unchanged" in r.getMessage()]
    assert lines, "no reservations pass was logged"
    words = lines[-1].split()
    return int(words[2]), int(words[-2])


@pytest.mark.parametrize("writer_process", [False, True])
async def test_reservations_read_by_the_writer_process_skip_unchanged_rows_alike(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, tmp_path: Path,
        caplog: pytest.LogCaptureFixture, writer_process: bool) -> None:
    """Both lists, the blacklist winning, fingerprints sparing unchanged rows, removals at
    the end: the same whether the rows are read here or by the writer process."""
    caplog.set_level(logging.INFO, logger="clientdesk.sync")
    engine = make_engine(writer_process=writer_process)
    first = (await engine.run(["reservations"])).result("reservations")
    total = len(expected_reservations_ids(sandbox))
    assert first.ok and first.added == first.records == total
    assert rows_line(caplog) == (0, total)

    people = [p for p in sandbox.population.people() if p.in_reservations]
    renamed = next(p for p in people if not p.blacklist_reason and not p.reservations_dummy)
    flagged = next(p for p in people if not p.blacklist_reason and not p.reservations_dummy
                   and p is not renamed)
    dummy = next(p for p in people if p.reservations_dummy and p is not renamed)
    profile = profile_of(sandbox)
    assert profile.reservations is not None
    async with ReservationsClient(profile.reservations,
                                  sandbox.secrets["reservations"]) as client:
        await client.update_customer(renamed.reservations_id, first_name="Zebedee")
        await client.blacklist(flagged.reservations_id, "Rude to staff")
        await client.delete_customer(dummy.reservations_id)
        await client.create_customer("Newly", "Added", note="walk-in")

    second = (await engine.run(["reservations"])).result("reservations")

    assert second.ok and (second.added, second.changed, second.removed) == (1, 2, 1)
    # renamed, newly blacklisted, created; the deleted one is not in the list at all
    assert rows_line(caplog) == (total - 3, 3)
    assert query(cache, "SELECT blacklisted FROM records WHERE vendor = 'reservations' AND "
                        "vendor_id = ?", flagged.reservations_id) == [(1,)]
    other = Cache.open(tmp_path / "one-shot.sqlite3")
    assert (await make_engine(other).run(["reservations"])).ok
    assert snapshot(cache) == snapshot(other)
    third = (await engine.run(["reservations"])).result("reservations")
    assert third.ok and rows_line(caplog) == (total, 0)


async def test_a_reservations_list_cut_short_removes_nothing(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory) -> None:
    """Read by the writer process, a list that breaks off fails the pass and keeps every
    record: removals wait for a pass that read both lists to the end."""
    engine = make_engine(writer_process=True)
    assert (await engine.run(["reservations"])).ok
    before = vendor_ids(cache, "reservations")
    server = reservations_of(sandbox)

    async def cut_short(request: web.Request, items: Iterable[Any]) -> web.StreamResponse:
        body = b"".join(server._chunks(items))
        return web.Response(body=body[:len(body) // 2], content_type="application/json")

    server._send_list = cut_short  # type: ignore[method-assign]

    failed = (await engine.run(["reservations"])).result("reservations")

    assert not failed.ok and failed.exit_code == ExitCode.BAD_DATA
    assert failed.error is not None and "cut short" in failed.error
    assert vendor_ids(cache, "reservations") == before
    del server._send_list
    assert (await engine.run(["reservations"])).ok
    assert vendor_ids(cache, "reservations") == before
