"""How the window talks to background sync: a small protocol and a signal bridge.

The window only needs to start the scheduler, ask for a sync now (F5), close it on the way
out, and hear progress events (:class:`~app.sync.events.SyncProgress`: vendor, stage, pages,
records, done, error) and end-of-run reports. :class:`~app.sync.scheduler.SyncScheduler` is the
real implementation; tests may pass anything with the same shape.

:class:`SyncBridge` is the scheduler's ``on_progress`` / ``on_report`` callback. It re-emits
each call as a Qt signal, so it is safe whichever thread calls it: receivers living in the GUI
thread get the event there (Qt queues signals across threads).
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from app.sync.events import SyncProgress, SyncReport


class SyncControl(Protocol):
    """What the window needs from the sync scheduler."""

    def start(self) -> None:
        """Begin syncing on the interval; the first sync starts at once."""

    def sync_now(self) -> asyncio.Future[SyncReport]:
        """Sync every vendor as soon as possible (F5); requests while one runs share one."""

    async def aclose(self) -> None:
        """Stop syncing; the cache stays consistent whenever this lands."""


class SyncBridge(QObject):
    """Progress and report callbacks for the scheduler, re-emitted as Qt signals."""

    progressed = Signal(object)  # SyncProgress
    reported = Signal(object)  # SyncReport

    def progress(self, event: SyncProgress) -> None:
        self.progressed.emit(event)

    def report(self, report: SyncReport) -> None:
        self.reported.emit(report)
