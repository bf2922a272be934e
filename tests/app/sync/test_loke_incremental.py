"""Incremental LOKE sync against the sandbox over real sockets, in both sort directions."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.cache.db import Cache
from app.sandbox.runner import Sandbox
from app.sync.events import SyncReport, VendorResult
from app.sync.loke import INCREMENTAL
from app.sync.loke_marks import (
    SLOT_SPAN,
    SLOT_START,
    Mark,
    counter_slot,
    full_pass_due,
    last_slot,
    read_mark,
    write_mark,
)
from tests.app.sync.conftest import (
    ANCHOR,
    EngineFactory,
    Events,
    expected_loke_ids,
    loke_of,
    snapshot,
    states,
    vendor_ids,
)

#: A fixed "now" well after the sandbox's data (ANCHOR) and away from any counter's slot in
#: the store's zone, so no test crosses a daily full-pass slot by accident.
NOW = "2026-11-21T03:00:00+00:00"
LATER = ANCHOR + timedelta(days=1)  # when the sandbox's customers change between passes
DIRECTIONS = ["asc", "desc"]


def engine_for(make_engine: EngineFactory) -> Any:
    return make_engine(incremental=True, now=lambda: NOW)


async def loke_run(engine: Any, **kwargs: Any) -> VendorResult:
    report: SyncReport = await engine.run(["loke"], **kwargs)
    return report.result("loke")


def mark_of(cache: Cache) -> Mark | None:
    conn = cache.connect(readonly=True)
    try:
        return read_mark(conn, "loke")
    finally:
        conn.close()


async def fresh_snapshot(make_engine: EngineFactory, tmp_path: Path, name: str) -> Any:
    """What a one-shot full sync of the sandbox as it is now stores."""
    other = Cache.open(tmp_path / f"{name}.sqlite3")
    assert (await make_engine(other).run(["loke"])).ok
    return snapshot(other)


@pytest.mark.parametrize("direction", DIRECTIONS)
async def test_changes_and_additions_arrive_incrementally_deletions_at_the_full_pass(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, tmp_path: Path,
        direction: str) -> None:
    server = loke_of(sandbox)
    server.updated_order = direction
    engine = engine_for(make_engine)
    first = await loke_run(engine)
    assert first.ok and first.mode == "full" and first.pages > 3
    mark = mark_of(cache)
    assert mark is not None and mark.direction == direction
    assert (mark.tail is not None) == (direction == "asc")

    ids = sorted(vendor_ids(cache, "loke"))
    changed = server.change([ids[3], ids[100], ids[-2]], LATER)
    added = server.add(2, LATER + timedelta(seconds=5))
    gone = {ids[50], ids[51]}
    server.hidden |= gone
    before = server.requests

    second = await loke_run(engine)

    assert second.ok and second.mode == "incremental", second
    assert (second.added, second.changed, second.removed) == (2, 3, 0)
    assert server.requests - before <= 4  # the token, the one or two newest pages
    assert second.pages < first.pages
    assert vendor_ids(cache, "loke") >= gone | set(added) | set(changed)
    newer = mark_of(cache)
    assert newer is not None and newer.newest == "2026-11-21T09:00:05Z"
    assert newer.full_at == mark.full_at  # still the full pass's
    # Everything but the deletions is what a full sync of LOKE now stores.
    server.hidden -= gone
    assert snapshot(cache) == await fresh_snapshot(make_engine, tmp_path, "with-gone")
    server.hidden |= gone

    third = await loke_run(engine, full=True)
    assert third.ok and third.mode == "full" and third.removed == 2
    assert vendor_ids(cache, "loke") == expected_loke_ids(sandbox) | set(added)
    assert snapshot(cache) == await fresh_snapshot(make_engine, tmp_path, "after-full")


@pytest.mark.parametrize("direction", DIRECTIONS)
async def test_an_interval_sync_with_nothing_changed_costs_at_most_three_requests(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, direction: str) -> None:
    server = loke_of(sandbox)
    server.updated_order = direction
    engine = engine_for(make_engine)
    assert (await loke_run(engine)).ok
    before, logged = server.requests, len(server.list_log)

    again = await loke_run(engine)

    assert again.ok and again.mode == "incremental"
    assert server.requests - before <= 3
    assert len(server.list_log) - logged <= 2
    assert (again.added, again.changed, again.removed) == (0, 0, 0)
    assert states(cache)["loke"].cursor is None


@pytest.mark.parametrize("direction", DIRECTIONS)
async def test_an_incremental_pass_killed_half_way_resumes(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory, tmp_path: Path,
        direction: str) -> None:
    server = loke_of(sandbox)
    server.updated_order = direction
    engine = engine_for(make_engine)
    assert (await loke_run(engine)).ok
    server.change(160, LATER)  # four pages of changes
    events = Events()
    task = asyncio.ensure_future(engine.run(["loke"], on_progress=events))
    events.when(lambda e: e.stage == "fetching" and e.pages == 2, task.cancel)
    with pytest.raises(asyncio.CancelledError):
        await task
    saved = states(cache)["loke"]
    assert saved.cursor is not None and saved.cursor.startswith(INCREMENTAL)
    assert saved.pages >= 1

    if direction == "desc":  # --full while one is unfinished: a full pass, not the rest
        forced = await loke_run(make_engine(incremental=True, now=lambda: NOW), full=True)
        assert forced.mode == "full" and not forced.resumed
        server.change(160, LATER + timedelta(hours=1))
        task = asyncio.ensure_future(engine.run(["loke"], on_progress=events))
        events.when(lambda e: e.stage == "fetching" and e.pages == 2, task.cancel)
        with pytest.raises(asyncio.CancelledError):
            await task
        saved = states(cache)["loke"]
        assert saved.cursor is not None and saved.cursor.startswith(INCREMENTAL)

    resumed = await loke_run(engine)

    assert resumed.ok and resumed.mode == "incremental" and resumed.resumed
    assert states(cache)["loke"].cursor is None
    assert snapshot(cache) == await fresh_snapshot(make_engine, tmp_path, "one-shot")
    assert (await loke_run(engine)).mode == "incremental"  # and the next one carries on


@pytest.mark.parametrize("direction", DIRECTIONS)
async def test_timestamps_out_of_order_fall_back_to_a_full_pass(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory,
        caplog: pytest.LogCaptureFixture, direction: str) -> None:
    server = loke_of(sandbox)
    server.updated_order = direction
    engine = engine_for(make_engine)
    assert (await loke_run(engine)).ok
    server.updated_order = "id"  # sort=updated now answers in no order at all
    ids = sorted(vendor_ids(cache, "loke"))
    server.hidden.add(ids[7])
    with caplog.at_level(logging.WARNING, "clientdesk.sync.loke"):
        again = await loke_run(engine)
    assert again.ok and again.mode == "full" and again.removed == 1
    assert "incremental pass abandoned" in caplog.text
    mark = mark_of(cache)
    assert mark is not None and mark.direction is None  # so the next sync is full again
    assert (await loke_run(engine)).mode == "full"


async def test_the_other_direction_than_learned_falls_back_to_a_full_pass(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory) -> None:
    server = loke_of(sandbox)
    server.updated_order = "desc"
    engine = engine_for(make_engine)
    assert (await loke_run(engine)).ok
    server.updated_order = "asc"
    again = await loke_run(engine)
    assert again.ok and again.mode == "full"
    mark = mark_of(cache)
    assert mark is not None and mark.direction == "asc"
    assert (await loke_run(engine)).mode == "incremental"


async def test_a_refused_cursor_falls_back_to_a_full_pass(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory,
        caplog: pytest.LogCaptureFixture) -> None:
    server = loke_of(sandbox)
    server.updated_order = "asc"
    engine = engine_for(make_engine)
    assert (await loke_run(engine)).ok
    mark = mark_of(cache)
    assert mark is not None and mark.tail is not None
    mark.tail = mark.tail.split("?")[0] + "?sort=updated&after=not-a-cursor"
    conn = cache.connect()
    try:
        with conn:
            write_mark(conn, "loke", mark)
    finally:
        conn.close()
    with caplog.at_level(logging.WARNING, "clientdesk.sync.loke"):
        again = await loke_run(engine)
    assert again.ok and again.mode == "full"
    assert "refused the saved position" in caplog.text
    assert (await loke_run(engine)).mode == "incremental"


async def test_without_incremental_every_sync_is_full(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory) -> None:
    engine = make_engine(now=lambda: NOW)
    assert (await loke_run(engine)).mode == "full"
    assert (await loke_run(engine)).mode == "full"


async def test_the_daily_slot_brings_the_full_pass_back(
        sandbox: Sandbox, cache: Cache, make_engine: EngineFactory) -> None:
    clock = {"now": NOW}
    engine = make_engine(incremental=True, now=lambda: clock["now"])
    assert (await loke_run(engine)).mode == "full"
    assert (await loke_run(engine)).mode == "incremental"
    clock["now"] = "2026-11-22T03:00:00+00:00"  # a day later: the slot has come round
    assert (await loke_run(engine)).mode == "full"
    assert (await loke_run(engine)).mode == "incremental"


# -- the daily full-pass rule ------------------------------------------------------------------
ZONES = st.sampled_from(["UTC", "Australia/Sydney", "Europe/Berlin", "America/New_York"])
MOMENTS = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1),
                       timezones=st.just(UTC))


@given(st.text(min_size=1, max_size=64))
def test_a_counter_slot_is_stable_and_in_the_night_window(counter: str) -> None:
    slot = counter_slot(counter)
    assert slot == counter_slot(counter)
    start = datetime.combine(datetime(2000, 1, 1).date(), SLOT_START)
    at = datetime.combine(start.date(), slot)
    assert start <= at < start + SLOT_SPAN


def test_counter_slots_are_spread() -> None:
    slots = {counter_slot(f"till-{n}") for n in range(30)}
    assert len(slots) >= 25  # 30 counters rarely share a minute of 240


@settings(max_examples=200)
@given(counter=st.text(min_size=1, max_size=20), last=MOMENTS,
       later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)), zone=ZONES)
def test_full_passes_are_at_most_daily_and_never_skipped_for_long(
        counter: str, last: datetime, later: timedelta, zone: str) -> None:
    slot, tz = counter_slot(counter), ZoneInfo(zone)
    now = last + later
    due = full_pass_due(last, now, slot, tz)
    if later >= timedelta(hours=26):  # a slot (daily, DST ±1 h) has certainly come round
        assert due
    # Due exactly when the counter's slot came round since the last full pass …
    assert due == (last < last_slot(now, slot, tz))
    # … and then the slot is the store time of a moment between the two.
    if due:
        moment = last_slot(now, slot, tz)
        assert last < moment <= now
        assert moment.astimezone(tz).time().replace(second=0) == slot or zone != "UTC"
    assert full_pass_due(None, now, slot, tz)


@given(counter=st.text(min_size=1, max_size=20), start=MOMENTS, zone=ZONES)
def test_two_full_passes_following_the_rule_are_a_slot_apart(
        counter: str, start: datetime, zone: str) -> None:
    """Walking time in 10-minute syncs: full passes come once per slot day, never twice."""
    slot, tz = counter_slot(counter), ZoneInfo(zone)
    last, fulls = start, []
    for step in range(1, 6 * 24 * 3):
        now = start + timedelta(minutes=10 * step)
        if full_pass_due(last, now, slot, tz):
            fulls.append(now)
            last = now
    assert 2 <= len(fulls) <= 4
    assert all(b - a >= timedelta(hours=22) for a, b in pairwise(fulls))


@given(st.text(max_size=200))
def test_an_unreadable_mark_is_none_never_an_error(text: str) -> None:
    mark = Mark.from_json(text)
    assert mark is None or isinstance(mark, Mark)


def test_a_mark_round_trips() -> None:
    mark = Mark("asc", "2026-11-20T09:00:00Z", "http://x/customers?after=a",
                "2026-11-20T10:00:00+00:00", "p1")
    assert Mark.from_json(mark.to_json()) == mark
    assert Mark.from_json('{"direction": "sideways"}') is None
