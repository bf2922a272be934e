"""The one thread that writes the cache.

Every :class:`~app.cache.writer.CacheWriter` call of a sync runs here, on a single-thread
executor that also owns the writer (and so its SQLite connection): the event loop that fetches
pages — the GUI's, or the sync thread's — never waits on SQLite, and writes never race each other
(one writer per cache, as the writer expects). Callers ``await`` a write, so the pipeline
"fetch page N+1 while page N is written" is just: submit N, fetch N+1, then await N.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, TypeVar

from app.cache.db import Cache
from app.cache.own_thread import OwnThread
from app.cache.writer import CacheWriter

T = TypeVar("T")
THREAD_NAME = "clientdesk-cache-writer"


class CacheWorker(OwnThread[CacheWriter]):
    """A single worker thread holding one :class:`CacheWriter` for ``cache``."""

    def __init__(self, cache: Cache) -> None:
        super().__init__(name=THREAD_NAME)
        self.cache = cache

    def _open(self) -> CacheWriter:
        # Created on first use, on the worker thread: its connection never leaves this thread.
        return CacheWriter(self.cache)

    def _dispose(self, resource: CacheWriter) -> None:
        resource.close()

    def submit(self, job: Callable[[CacheWriter], T]) -> asyncio.Future[T]:
        """Queue ``job(writer)`` on the worker thread; the future resolves on the caller's loop.

        Cancelling the future does not stop a job that has started (a thread cannot be stopped
        halfway through a transaction, and need not be: each job is one transaction).
        """
        return self._submit(lambda: job(self._here()))

    async def run(self, job: Callable[[CacheWriter], T]) -> T:
        """Run ``job(writer)`` on the worker thread and return its result.

        Cancelled while the job runs, this still waits for the job to finish before letting
        the cancellation through: no write outlives the task (and the sync lock) it serves.
        """
        future = self.submit(job)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            await settle(future)
            raise

    async def aclose(self) -> None:
        """:meth:`close` without blocking the event loop while a last write finishes."""
        await asyncio.to_thread(self.close)


async def settle(write: asyncio.Future[Any]) -> None:
    """Wait for a write whose result is no longer wanted (its sync failed or was cancelled).

    Its outcome is read, so a failed write is never reported as "exception never retrieved";
    a second cancellation while waiting is absorbed (the caller is already being cancelled).
    """
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait([write])
    if write.done() and not write.cancelled():
        write.exception()
