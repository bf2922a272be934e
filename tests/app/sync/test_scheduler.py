"""The background schedule: at start, on an interval, on demand, never two at once, cancellable."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from app.cache.db import Cache
from app.cache.writer import CacheWriter
from app.sync.events import ProgressCallback, SyncProgress, SyncReport, VendorResult
from app.sync.scheduler import SyncScheduler
from tests.app.sync.conftest import EngineFactory, vendor_ids


class FakeRunner:
    """Stands in for the engine: counts runs, overlap, threads and cancellations."""

    def __init__(self, delay: float = 0.01, fail: bool = False) -> None:
        self.delay = delay
        self.fail = fail
        self.runs = 0
        self.active = 0
        self.max_active = 0
        self.cancelled = 0
        self.closed = False
        self.threads: set[int] = set()
        self._lock = threading.Lock()

    async def run(self, vendors: Sequence[str] | None = None, *,
                  on_progress: ProgressCallback | None = None,
                  wait_for_lock: bool = False) -> SyncReport:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            self.threads.add(threading.get_ident())
        try:
            if on_progress is not None:
                on_progress(SyncProgress("loke", "fetching", pages=1, records=10))
            await asyncio.sleep(self.delay)
            if self.fail:
                raise RuntimeError("bug in sync")
            with self._lock:
                self.runs += 1
            return SyncReport([VendorResult("loke", ok=True, records=self.runs)])
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        finally:
            with self._lock:
                self.active -= 1

    async def aclose(self) -> None:
        self.closed = True


async def until(predicate: Callable[[], bool]) -> None:
    """Poll a condition another thread may change (nothing to await there), for 5 s at most."""
    async with asyncio.timeout(5):
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def test_syncs_at_start_then_on_the_interval() -> None:
    runner = FakeRunner()
    reports: list[SyncReport] = []
    scheduler = SyncScheduler(runner, interval_s=0.05, on_report=reports.append,
                              in_thread=False)
    scheduler.start()
    try:
        await until(lambda: len(reports) >= 3)
    finally:
        await scheduler.aclose()
    assert runner.max_active == 1
    assert [r.results[0].records for r in reports[:3]] == [1, 2, 3]
    assert scheduler.last_report is not None and runner.closed


async def test_sync_now_while_running_runs_once_more_after_it() -> None:
    runner = FakeRunner(delay=0.2)
    scheduler = SyncScheduler(runner, interval_s=3600, in_thread=False)
    scheduler.start()
    try:
        await until(lambda: scheduler.running)
        first, second = scheduler.sync_now(), scheduler.sync_now()
        reports = await asyncio.gather(first, second)
        assert reports[0] is reports[1]
        assert runner.runs == 2 and runner.max_active == 1
        await asyncio.sleep(0.3)
        assert runner.runs == 2  # then idle until the interval
        assert not scheduler.running
        idle_request = await asyncio.wait_for(scheduler.sync_now(), 2)
        assert idle_request.ok and runner.runs == 3
    finally:
        await scheduler.aclose()


async def test_close_cancels_a_running_sync_and_waits_for_it() -> None:
    runner = FakeRunner(delay=30)
    scheduler = SyncScheduler(runner, interval_s=3600)
    waiter = scheduler.sync_now()
    await until(lambda: runner.active == 1)
    await scheduler.aclose()
    assert runner.cancelled == 1 and runner.active == 0 and runner.closed
    assert waiter.cancelled()
    with pytest.raises(RuntimeError, match="closed"):
        scheduler.start()


async def test_runs_on_a_sync_thread_and_reports_on_the_loop() -> None:
    runner = FakeRunner()
    progress_threads: list[int] = []
    report_threads: list[int] = []
    scheduler = SyncScheduler(
        runner, interval_s=3600,
        on_progress=lambda _e: progress_threads.append(threading.get_ident()),
        on_report=lambda _r: report_threads.append(threading.get_ident()))
    try:
        report = await asyncio.wait_for(scheduler.sync_now(), 5)
    finally:
        await scheduler.aclose()
    assert report.ok
    here = threading.get_ident()
    assert runner.threads and here not in runner.threads
    assert progress_threads == [here] and report_threads == [here]


async def test_a_bug_in_sync_does_not_stop_the_schedule() -> None:
    runner = FakeRunner(fail=True)
    scheduler = SyncScheduler(runner, interval_s=3600, in_thread=False)
    try:
        with pytest.raises(RuntimeError, match="bug in sync"):
            await asyncio.wait_for(scheduler.sync_now(), 5)
        runner.fail = False
        assert (await asyncio.wait_for(scheduler.sync_now(), 5)).ok
    finally:
        await scheduler.aclose()


def test_interval_must_be_positive() -> None:
    with pytest.raises(ValueError, match="interval"):
        SyncScheduler(FakeRunner(), interval_s=0)


async def test_gui_thread_never_writes_the_cache(cache: Cache, make_engine: EngineFactory,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The real engine under the scheduler: writes only on the cache worker thread."""
    writer_threads: set[int] = set()
    for name in ("__init__", "upsert", "remove_missing", "finish_pass", "replace_all",
                 "set_state"):
        original = getattr(CacheWriter, name)

        def spy(self: CacheWriter, *args: Any, _original: Any = original,
                **kwargs: Any) -> Any:
            writer_threads.add(threading.get_ident())
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(CacheWriter, name, spy)
    engine = make_engine()
    events: list[SyncProgress] = []
    scheduler = SyncScheduler(engine, interval_s=3600, on_progress=events.append)
    try:
        report = await asyncio.wait_for(scheduler.sync_now(), 30)
    finally:
        await scheduler.aclose()
    assert report.ok
    assert writer_threads == {engine.worker.thread_id}
    assert threading.get_ident() not in writer_threads
    assert vendor_ids(cache, "loke") and vendor_ids(cache, "reservations")
    assert {e.vendor for e in events if e.done} == {"loke", "reservations"}
