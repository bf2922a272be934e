"""Background sync for the window: at start, every N minutes, and on demand; never two at once.

The scheduler lives on the GUI's event loop but, by default, runs each sync on a thread with an
event loop of its own (:class:`SyncThread`). Fetching is async, yet parsing a page or a whole
reservations list is CPU work that would freeze the window for as long as it takes; on the sync
thread it costs the GUI nothing, and the writes go to the cache worker thread as always.
Progress events and reports are handed back to the GUI loop (``call_soon_threadsafe``), so
callbacks may touch widgets.

On shutdown, :meth:`SyncScheduler.aclose` cancels a running sync; a page being written finishes
its transaction (the next start resumes from its cursor), then the threads stop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Protocol, TypeVar

from app.sync.events import ProgressCallback, SyncProgress, SyncReport

log = logging.getLogger("clientdesk.sync.scheduler")
T = TypeVar("T")
#: Default time between background syncs (a ``[sync]`` profile table may set it later).
DEFAULT_INTERVAL_S = 15 * 60.0
ReportCallback = Callable[[SyncReport], None]


class SyncRunner(Protocol):
    """What the scheduler needs of a :class:`~app.sync.engine.SyncEngine` (tests fake it)."""

    async def run(self, vendors: Sequence[str] | None = None, *,
                  on_progress: ProgressCallback | None = None,
                  wait_for_lock: bool = False) -> SyncReport: ...

    async def aclose(self) -> None: ...


class Remote[T]:
    """A coroutine running as a task on another thread's loop.

    ``done`` resolves only when that task has really finished — also after :meth:`cancel`,
    which matters on shutdown: the sync must have released its lock and let its last write
    finish before the worker thread is stopped.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, coro: Coroutine[Any, Any, T]) -> None:
        self.done: concurrent.futures.Future[T] = concurrent.futures.Future()
        self._loop = loop
        self._task: asyncio.Task[T] | None = None
        loop.call_soon_threadsafe(self._start, coro)

    def _start(self, coro: Coroutine[Any, Any, T]) -> None:
        self._task = self._loop.create_task(coro)
        self._task.add_done_callback(self._finish)

    def _finish(self, task: asyncio.Task[T]) -> None:
        if task.cancelled():
            self.done.set_exception(asyncio.CancelledError())
        elif (exc := task.exception()) is not None:
            self.done.set_exception(exc)
        else:
            self.done.set_result(task.result())

    def cancel(self) -> None:
        # Queued after _start on the same loop, so the task exists by then.
        self._loop.call_soon_threadsafe(self._cancel)

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()


class SyncThread:
    """A daemon thread running its own event loop, for work that must not touch the GUI loop."""

    def __init__(self, name: str = "clientdesk-sync") -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()

    @property
    def thread_id(self) -> int | None:
        return self._thread.ident

    def run(self, coro: Coroutine[Any, Any, T]) -> Remote[T]:
        return Remote(self._loop, coro)

    def stop(self) -> None:
        """Stop the loop and join the thread (blocking; call when nothing runs on it)."""
        if not self._thread.is_alive():
            return
        # Threads of the loop's default executor (asyncio.to_thread) end with it.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._loop.shutdown_default_executor(),
                                             self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self._loop.close()


class SyncScheduler:
    """Runs ``engine`` at start, then every ``interval_s`` seconds, and when asked.

    ``on_progress`` and ``on_report`` are called on the loop that called :meth:`start`.
    The scheduler owns the engine: :meth:`aclose` closes it.
    """

    def __init__(
        self,
        engine: SyncRunner,
        *,
        interval_s: float = DEFAULT_INTERVAL_S,
        on_progress: ProgressCallback | None = None,
        on_report: ReportCallback | None = None,
        in_thread: bool = True,
    ) -> None:
        if interval_s <= 0:
            raise ValueError("the sync interval must be positive")
        self.engine = engine
        self.interval_s = interval_s
        self.on_progress = on_progress
        self.on_report = on_report
        self.in_thread = in_thread
        self.last_report: SyncReport | None = None
        self._thread: SyncThread | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._waiters: list[asyncio.Future[SyncReport]] = []
        self._running = False
        self._closed = False

    @property
    def running(self) -> bool:
        """True while a sync is under way."""
        return self._running

    def start(self) -> None:
        """Start the schedule on the running loop: the first sync begins at once."""
        if self._closed:
            raise RuntimeError("the sync scheduler is closed")
        if self._task is not None:
            return
        self._wake = asyncio.Event()
        if self.in_thread:
            self._thread = SyncThread()
        self._task = asyncio.get_running_loop().create_task(self._main(), name="sync-scheduler")

    def sync_now(self) -> asyncio.Future[SyncReport]:
        """Ask for a sync; the future resolves with the report of the next sync to *start*.

        A request while a sync runs is served by one more sync right after it (a change made
        after that sync began could otherwise be missed); any number of requests meanwhile
        share that one sync.
        """
        self.start()
        assert self._wake is not None
        waiter: asyncio.Future[SyncReport] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        self._wake.set()
        return waiter

    async def aclose(self) -> None:
        """Cancel a running sync, wait for it to stop, stop the threads, close the engine."""
        if self._closed:
            return
        self._closed = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for waiter in self._waiters:
            waiter.cancel()
        self._waiters.clear()
        if self._thread is not None:
            await asyncio.to_thread(self._thread.stop)
        await self.engine.aclose()

    # -- the schedule ------------------------------------------------------------------------
    async def _main(self) -> None:
        assert self._wake is not None
        while True:
            self._wake.clear()
            waiters, self._waiters = self._waiters, []
            try:
                report = await self._run_once()
            except asyncio.CancelledError:
                for waiter in waiters:
                    waiter.cancel()
                raise
            except Exception as exc:  # a bug in sync: log it and keep the schedule alive
                log.exception("background sync failed")
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_exception(exc)
            else:
                self.last_report = report
                for waiter in waiters:
                    if not waiter.done():
                        waiter.set_result(report)
                if self.on_report is not None:
                    try:
                        self.on_report(report)
                    except Exception:
                        log.exception("sync report callback failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval_s)

    async def _run_once(self) -> SyncReport:
        self._running = True
        try:
            if self._thread is None:
                return await self.engine.run(on_progress=self._emit)
            return await self._run_in_thread(self._thread)
        finally:
            self._running = False

    async def _run_in_thread(self, thread: SyncThread) -> SyncReport:
        loop = asyncio.get_running_loop()

        def progress(event: SyncProgress) -> None:
            loop.call_soon_threadsafe(self._emit, event)

        remote = thread.run(self.engine.run(on_progress=progress))
        finished = asyncio.wrap_future(remote.done)
        try:
            return await asyncio.shield(finished)
        except asyncio.CancelledError:
            remote.cancel()  # cancels the sync's task on the sync thread
            # Wait until it has really stopped (a page being written finishes first).
            with contextlib.suppress(asyncio.CancelledError):
                await finished
            raise

    def _emit(self, event: SyncProgress) -> None:
        if self.on_progress is None:
            return
        try:
            self.on_progress(event)
        except Exception:
            log.exception("sync progress callback failed")
