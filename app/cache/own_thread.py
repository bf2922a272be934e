"""One thread that owns one SQLite resource, for work awaited from an event loop.

Three parts of the app need the same thing: the cache thread (short reads and writes of
profiles and edits), the sync's writer thread (every bulk write of a sync) and the search
reader (as-you-type searches). Each is one worker thread holding one resource — a connection,
or a :class:`~app.cache.writer.CacheWriter` and its connection — made on that thread the first
time it is needed and closed on it at the end, because a SQLite connection belongs to the
thread that uses it. Callers on an event loop await the work, so the loop (the GUI's, or the
sync thread's) never waits on SQLite.

After :meth:`OwnThread.close`, new work raises :class:`CacheClosed` — its own type, so a view
that catches "the cache went away during shutdown" catches exactly that, and a real bug still
reaches the error funnel.
"""

from __future__ import annotations

import asyncio
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor


class CacheClosed(Exception):
    """The cache's thread was closed (the window or command is shutting down)."""


class OwnThread[R](ABC):
    """A single worker thread holding one resource of type ``R``, made lazily on the thread."""

    def __init__(self, *, name: str) -> None:
        self.name = name
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._resource_lock = threading.Lock()
        self._resource: R | None = None
        self._closed = False
        #: ``threading.get_ident()`` of the worker thread, once it has run something.
        self.thread_id: int | None = None

    @abstractmethod
    def _open(self) -> R:
        """Make the resource (called on the worker thread, once)."""

    @abstractmethod
    def _dispose(self, resource: R) -> None:
        """Close the resource (called on the worker thread, at the end)."""

    @property
    def closed(self) -> bool:
        return self._closed

    def _here(self) -> R:
        """The resource, made on first use (worker thread only)."""
        resource = self._resource
        if resource is None:
            self.thread_id = threading.get_ident()
            resource = self._open()
            with self._resource_lock:
                self._resource = resource
        return resource

    def _current(self) -> R | None:
        """The resource if it exists, from any thread (e.g. to interrupt a query)."""
        with self._resource_lock:
            return self._resource

    def _submit[T](self, work: Callable[[], T]) -> asyncio.Future[T]:
        """Queue ``work()`` on the thread; the future resolves on the running loop."""
        if self._closed:
            raise CacheClosed(f"{self.name} is closed")
        return asyncio.get_running_loop().run_in_executor(self._executor, work)

    def close(self) -> None:
        """Finish queued work, close the resource on its own thread, stop the thread.

        Blocking: call it once at shutdown, or through ``asyncio.to_thread``. Work that should
        not run any more is told so by :meth:`_before_close` (the search reader makes its
        queued searches stale, so they return at once)."""
        if self._closed:
            return
        self._closed = True

        def dispose() -> None:
            with self._resource_lock:
                resource, self._resource = self._resource, None
            if resource is not None:
                self._dispose(resource)

        self._before_close()
        self._executor.submit(dispose)
        self._executor.shutdown(wait=True)

    def _before_close(self) -> None:  # noqa: B027  (a hook: empty unless overridden)
        """Hook: stop long work in hand before the thread is asked to finish (default none)."""
