"""Searches on one dedicated reader thread, so the GUI thread never waits for SQLite.

Why it looks like this:

* One thread, one read-only connection (``Cache.connect(readonly=True)``): SQLite connections
  are not meant to be shared between concurrent users, and WAL lets this reader see the last
  committed state while the sync worker writes.
* As-you-type searching makes most searches stale before they finish. Every :meth:`search`
  takes a new generation number; an older search that has not started is skipped, one that is
  running is interrupted (``sqlite3.Connection.interrupt``, plus a progress handler for the
  moments between statements when ``interrupt`` is a no-op), and either way its caller gets
  :class:`StaleSearch` instead of rows — a stale result can never reach the screen.
* Other reads (sync freshness for the status bar) go through :meth:`read` on the same thread
  and are never interrupted.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections.abc import Callable

from app.cache.db import Cache
from app.cache.own_thread import CacheClosed, OwnThread
from app.cache.search import Searcher, SearchHit

log = logging.getLogger("clientdesk.search")
#: SQLite VM instructions between staleness checks: ~0.1 ms of work, negligible overhead.
PROGRESS_STEPS = 2000


class StaleSearch(Exception):
    """A newer search replaced this one before it finished; its rows must not be shown."""


class SearchService(OwnThread[sqlite3.Connection]):
    """``await search(text, limit, offset)`` on a single reader thread; newest search wins."""

    def __init__(self, cache: Cache) -> None:
        super().__init__(name="cache-reader")
        self.cache = cache
        self._lock = threading.Lock()
        self._latest = 0  # generation of the newest search asked for
        self._running: int | None = None  # generation of the search now on the reader thread
        self.searches = 0  # searches that ran to the end (tests, benchmarks)
        self.interrupted = 0  # searches stopped part-way because a newer one came

    # -- the caller's thread (the GUI's) ----------------------------------------------------
    async def search(self, text: str, limit: int = 100, offset: int = 0) -> list[SearchHit]:
        """Rows for ``text``, best first; raises :class:`StaleSearch` once a newer one starts
        (or the service is closed: no rows will ever come for it)."""
        if self.closed:
            raise StaleSearch("the search service is closed")
        with self._lock:
            self._latest += 1
            generation = self._latest
            self._interrupt_running()
        try:
            hits = await self._submit(lambda: self._search(generation, text, limit, offset))
        except CacheClosed:
            raise StaleSearch(text) from None
        except asyncio.CancelledError:
            self._abandon(generation)
            raise
        if hits is None or generation != self._latest:
            raise StaleSearch(text)
        return hits

    async def read[T](self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``job(connection)`` on the reader thread (short reads: states, counts).

        Raises :class:`~app.cache.own_thread.CacheClosed` once the service is closed."""
        return await self._submit(lambda: job(self._here()))

    def _before_close(self) -> None:
        self._abandon(self._latest)  # queued searches return at once, the running one stops

    def _abandon(self, generation: int) -> None:
        """The caller of ``generation`` went away: stop its work if it is still the newest."""
        with self._lock:
            if generation == self._latest:
                self._latest += 1
                self._interrupt_running()

    def _interrupt_running(self) -> None:
        """Stop the statement in hand (``interrupt`` is the one call SQLite allows from any
        thread); the caller holds ``_lock``."""
        conn = self._current()
        if self._running is not None and conn is not None:
            conn.interrupt()

    # -- reader thread ---------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        conn = self.cache.connect(readonly=True)
        conn.set_progress_handler(self._stale_now, PROGRESS_STEPS)
        return conn

    def _dispose(self, resource: sqlite3.Connection) -> None:
        resource.close()

    def _stale_now(self) -> int:
        """Progress handler: non-zero aborts the running statement (as ``interrupted``)."""
        running = self._running
        return 1 if running is not None and running != self._latest else 0

    def _search(self, generation: int, text: str, limit: int,
                offset: int) -> list[SearchHit] | None:
        conn = self._here()
        with self._lock:
            if generation != self._latest:
                return None  # replaced while queued: never started
            self._running = generation
        try:
            hits = Searcher(conn).search(text, limit, offset)
        except sqlite3.OperationalError as exc:
            if generation != self._latest and "interrupt" in str(exc):
                self.interrupted += 1
                return None
            raise
        finally:
            with self._lock:
                self._running = None
        self.searches += 1
        return hits
