"""Named, pre-emptive background tasks for widgets.

A widget binds each kind of work (a refresh, a search) to a name; starting it again cancels the
previous run, so a stale result never lands on screen. Every task is strongly referenced until
it finishes (asyncio only keeps weak references), and cancellation counts as a normal end.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("clientdesk.ui.tasks")


class TaskSlots:
    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    def start(self, name: str, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        self.cancel(name)
        task = asyncio.ensure_future(coro)
        self._tasks[name] = task
        task.add_done_callback(lambda t, n=name: self._done(n, t))  # type: ignore[misc]
        return task

    def get(self, name: str) -> asyncio.Task[Any] | None:
        return self._tasks.get(name)

    def running(self, name: str) -> bool:
        task = self._tasks.get(name)
        return task is not None and not task.done()

    def cancel(self, name: str) -> None:
        task = self._tasks.pop(name, None)
        if task is not None and not task.done():
            task.cancel()

    def cancel_all(self) -> None:
        for name in list(self._tasks):
            self.cancel(name)

    def _done(self, name: str, task: asyncio.Task[Any]) -> None:
        if self._tasks.get(name) is task:
            del self._tasks[name]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            # Route to the exception funnel (ui.common.errors) via the loop's handler.
            asyncio.get_event_loop().call_exception_handler(
                {"message": f"background task {name!r} failed", "exception": exc})
