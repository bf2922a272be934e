"""A connection on its own thread, for short reads and writes awaited from an event loop.

The GUI thread never touches SQLite (a write can wait seconds for a sync's transaction to
commit); profile panels read a customer's cached sections and save each refreshed one through
a :class:`CacheThread`. One thread, one connection: SQLite connections are not shared between
threads, and one thread keeps a profile's writes in order.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from app.cache.db import Cache

T = TypeVar("T")


class CacheThread:
    def __init__(self, cache: Cache, *, name: str = "clientdesk-cache-jobs") -> None:
        self.cache = cache
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._conn: sqlite3.Connection | None = None
        self._closed = False

    def _here(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self.cache.connect()
        return self._conn

    async def run(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """``job(connection)`` on the thread; a job that writes opens its own transaction."""
        if self._closed:
            raise RuntimeError("the cache thread is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: job(self._here()))

    def close(self) -> None:
        """Finish queued jobs and close the connection (blocking; call once at shutdown)."""
        if self._closed:
            return
        self._closed = True

        def _close() -> None:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        self._executor.submit(_close)
        self._executor.shutdown(wait=True)
