"""A connection on its own thread, for short reads and writes awaited from an event loop.

The GUI thread never touches SQLite (a write can wait seconds for a sync's transaction to
commit); profile panels read a customer's cached sections and save each refreshed one through
a :class:`CacheThread`. One thread, one connection: SQLite connections are not shared between
threads, and one thread keeps a profile's writes in order.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from app.cache.db import Cache
from app.cache.own_thread import OwnThread


class CacheThread(OwnThread[sqlite3.Connection]):
    def __init__(self, cache: Cache, *, name: str = "clientdesk-cache-jobs") -> None:
        super().__init__(name=name)
        self.cache = cache

    def _open(self) -> sqlite3.Connection:
        return self.cache.connect(durable=True)  # edits are committed here

    def _dispose(self, resource: sqlite3.Connection) -> None:
        resource.close()

    async def run[T](self, job: Callable[[sqlite3.Connection], T]) -> T:
        """``job(connection)`` on the thread; a job that writes opens its own transaction.

        Raises :class:`~app.cache.own_thread.CacheClosed` once the thread is closed."""
        return await self._submit(lambda: job(self._here()))
