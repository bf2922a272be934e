"""The cache worker thread and the cross-process sync lock."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from app.cache.db import Cache
from app.cache.own_thread import CacheClosed
from app.cache.writer import CacheWriter
from app.sync.lock import SyncLock
from app.sync.worker import CacheWorker


async def test_jobs_run_on_one_thread_that_owns_the_writer(cache: Cache) -> None:
    worker = CacheWorker(cache)
    try:
        first = await worker.run(lambda w: (threading.get_ident(), id(w)))
        second = await worker.run(lambda w: (threading.get_ident(), id(w)))
    finally:
        await worker.aclose()
    assert first == second
    assert first[0] == worker.thread_id != threading.get_ident()
    with pytest.raises(CacheClosed, match="closed"):
        await worker.run(lambda w: None)


async def test_a_cancelled_caller_waits_for_its_write_to_finish(cache: Cache) -> None:
    worker = CacheWorker(cache)
    finished = threading.Event()

    def slow(writer: CacheWriter) -> None:
        time.sleep(0.3)
        writer.set_state("loke", cursor="after-the-slow-write")
        finished.set()

    task = asyncio.ensure_future(worker.run(slow))
    await asyncio.sleep(0.05)
    task.cancel()
    try:
        with pytest.raises(asyncio.CancelledError):
            await task
        assert finished.is_set()  # the cancellation arrived only after the transaction
    finally:
        await worker.aclose()


def test_the_sync_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "store.sqlite3.sync-lock"
    first, second = SyncLock(path), SyncLock(path)
    assert first.acquire() and first.held
    assert first.acquire()  # taking it again is a no-op
    assert not second.acquire() and not second.held
    first.release()
    assert second.acquire()
    second.release()
    second.release()  # harmless
