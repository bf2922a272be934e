"""What every editing view shares: the cache thread edits are made on, who makes them, the
list of edits still open, and sending them.

Why one object: the note editor, the labels editor, the blacklist, the merge dialog and the
edits panel must agree on what is waiting (one read of the outbox after every change, shared
as :attr:`EditService.edits`), and an edit made anywhere must be sent at once — or, when its
vendor is down, every :data:`REPLAY_EVERY_MS` while anything is waiting.

Threads: edits are checked, applied and queued by :mod:`app.cache.edits` on the cache thread
(``jobs``), never on the GUI thread. Sending is :meth:`SyncEngine.replay_outbox`; in the app it
runs on a thread of its own (:class:`ThreadedReplay`), its writes on the sync engine's one
cache writer, so the window never waits on a vendor or on SQLite. While a background sync runs
no separate replay starts: the sync sends waiting edits itself before it pulls (and
``replay_outbox`` takes the cache's sync lock, so a replay never overlaps a sync or a
``clientdesk`` command in another process either).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, tzinfo
from itertools import pairwise
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.cache import outbox
from app.cache.outbox import Edit
from app.cache.own_thread import CacheClosed
from app.cache.writer import CacheWriter
from app.customer.service import CacheJob
from app.manager import ManagerLock, counter_name
from app.marks import QT_TRANSLATE_NOOP
from app.sync.replay import ReplayReport
from app.sync.scheduler import SyncThread
from ui.common.tasks import TaskSlots
from ui.i18n import formats

log = logging.getLogger("clientdesk.ui.edits")
T = TypeVar("T")
#: While edits wait (their vendor down, say), ask for a replay this often; each edit's own
#: backoff (kept in the outbox) decides whether it is really tried again.
REPLAY_EVERY_MS = 15_000
#: A replay asked for while a sync runs is tried again this much later.
BUSY_RETRY_MS = 2_000

#: The modes an edit is made in, as the Edits and Audit tabs say them ("till-2 · staff").
MODE_WORDS = {"staff": QT_TRANSLATE_NOOP("Modes", "staff"),
              "manager": QT_TRANSLATE_NOOP("Modes", "manager")}

#: One replay; None when it could not run now (a sync holds the cache's sync lock and sends
#: the waiting edits itself).
Replay = Callable[[], Awaitable[ReplayReport | None]]
WriterJob = Callable[[Callable[[CacheWriter], T]], Awaitable[T]]


def utc_now() -> datetime:
    return datetime.now(UTC)


def order_tabs(chain: Sequence[QWidget]) -> None:
    """Tab visits ``chain`` in this order: each view lists its controls as a person works
    through them, not as they happened to be created (Qt skips hidden and disabled ones)."""
    for first, second in pairwise(chain):
        QWidget.setTabOrder(first, second)


def mode_word(mode: str) -> str:
    """``"staff"`` or ``"manager"`` in the window's language (another value as it is)."""
    word = MODE_WORDS.get(mode)
    return QCoreApplication.translate("Modes", word) if word is not None else mode


def moment_text(when: datetime, now: datetime, zone: tzinfo | None = None) -> str:
    """When an edit was made or is tried again, a sync ran, an audit line was written:
    "14:05" today, "3 Dec, 14:05" on another day, as the store's locale writes them.

    One helper for every editing view, so the Edits, Blacklist and Audit tabs and the note's
    state line say a moment the same way (``zone`` None: the PC's own time zone)."""
    local, today = when.astimezone(zone), now.astimezone(zone)
    shown = formats()
    if local.date() == today.date():
        return shown.time(local)
    return shown.day_month_time(local)


class ReplayEngine(Protocol):
    async def replay_outbox(self) -> ReplayReport | None: ...


class ThreadedReplay:
    """``engine.replay_outbox()`` on a thread with its own event loop: parsing answers and
    signing in to a vendor never run on the GUI's loop. One replay at a time."""

    def __init__(self, engine: ReplayEngine, *, name: str = "clientdesk-replay") -> None:
        self.engine = engine
        self._thread = SyncThread(name)
        self._lock = asyncio.Lock()

    async def __call__(self) -> ReplayReport | None:
        async with self._lock:
            remote = self._thread.run(self.engine.replay_outbox())
            finished = asyncio.wrap_future(remote.done)
            try:
                return await asyncio.shield(finished)
            except asyncio.CancelledError:
                remote.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await finished  # a write under way finishes before the engine closes
                raise

    async def aclose(self) -> None:
        await asyncio.to_thread(self._thread.stop)


class EditService(QObject):
    """Edits for one window: made on the cache thread, listed, and sent."""

    #: The open edits were read again (after an edit, a replay, a choice, a sync).
    changed = Signal()
    #: An edit reached its vendor (the cache and the vendor agree again): views re-read.
    sent = Signal()

    def __init__(self, jobs: CacheJob[Any], manager: ManagerLock, *,
                 clock: Callable[[], datetime] = utc_now, counter: str | None = None,
                 every_ms: int = REPLAY_EVERY_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.manager = manager
        self.clock = clock
        self.counter = counter or counter_name()
        self.edits: list[Edit] = []
        self.last_report: ReplayReport | None = None
        self.replay: Replay | None = None
        self.writer: WriterJob[Any] | None = None
        self.busy: Callable[[], bool] = lambda: False
        self.tasks = TaskSlots()
        self._again = False
        self._closed = False
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self._on_timer)
        self.timer.start()

    def attach(self, *, replay: Replay | None = None, writer: WriterJob[Any] | None = None,
               busy: Callable[[], bool] | None = None) -> None:
        """The sending side, once the cache is open (the sync engine exists from then on).
        Waiting edits are tried at once: edits left from the last session resume."""
        if replay is not None:
            self.replay = replay
        if writer is not None:
            self.writer = writer
        if busy is not None:
            self.busy = busy
        self.refresh()
        self.kick()

    # -- who ------------------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self.manager.mode

    def who(self) -> dict[str, Any]:
        """``now``, ``counter`` and ``mode`` for an edit made this moment."""
        return {"now": self.clock(), "counter": self.counter, "mode": self.manager.mode}

    # -- making edits ---------------------------------------------------------------------------
    async def run(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """A read or write on the cache thread."""
        result: T = await self.jobs(job)
        return result

    async def edit(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Make an edit (``job`` raises :class:`EditRefused` for bad input: nothing is saved),
        then list it and send it. Manager edits count as activity for the idle lock."""
        result: T = await self.jobs(job)
        self.manager.touch()
        await self.reread()
        self.kick()
        return result

    async def write(self, job: Callable[[CacheWriter], T]) -> T:
        """A change through the cache writer (manual links re-link customers there)."""
        if self.writer is None:
            raise CacheClosed("the customer cache is not open yet")
        result: T = await self.writer(job)
        self.manager.touch()
        await self.reread()
        return result

    # -- the open edits -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the open edits again, in the background (a sync may have sent some)."""
        if not self._closed:
            self.tasks.start("read", self.reread())

    async def reread(self) -> list[Edit]:
        try:
            self.edits = await self.jobs(outbox.open_edits)
        except (CacheClosed, sqlite3.OperationalError) as exc:
            # Shutting down, or the cache busy or locked: keep the last list. Anything else is
            # a bug and reaches the error funnel.
            log.warning("edits: the outbox could not be read (%s)", exc)
            return self.edits
        self.changed.emit()
        return self.edits

    def counts(self) -> tuple[int, int]:
        """(waiting, failed) among the open edits."""
        failed = sum(1 for e in self.edits if e.state == "failed")
        return len(self.edits) - failed, failed

    def for_record(self, record: str) -> list[Edit]:
        return [e for e in self.edits if e.record == record]

    # -- sending --------------------------------------------------------------------------------
    def kick(self) -> None:
        """Send waiting edits now (after an edit; at start). A replay under way is followed by
        one more, so an edit made meanwhile is not left for the timer."""
        if self._closed or self.replay is None:
            return
        if self.tasks.running("replay"):
            self._again = True
            return
        self.tasks.start("replay", self.send())

    async def send(self) -> ReplayReport | None:
        """One replay (tests and the Retry button await it); None when none could run (no
        sending side yet, or a sync is sending them)."""
        if self.replay is None:
            return None
        if self.busy():
            # The sync under way sends edits before it pulls; ask again when it is done.
            QTimer.singleShot(BUSY_RETRY_MS, self, self.kick)
            return None
        try:
            report = await self.replay()
        except Exception:
            log.exception("edits: sending waiting edits failed")
            report = None
        self.last_report = report
        await self.reread()
        if report is not None and report.sent:
            self.sent.emit()
        if self._again:
            self._again = False
            self.kick_soon()
        return report

    def kick_soon(self) -> None:
        QTimer.singleShot(0, self, self.kick)

    async def settled(self) -> None:
        """Until no replay or read is under way (tests, smoke runs)."""
        while True:
            pending = [t for name in ("replay", "read")
                       if (t := self.tasks.get(name)) is not None and not t.done()]
            if not pending:
                return
            await asyncio.wait(pending)

    def _on_timer(self) -> None:
        if any(e.state == "pending" for e in self.edits):
            self.kick()

    async def aclose(self) -> None:
        """Stop sending (the window closes); the outbox keeps what is still waiting."""
        self._closed = True
        self.timer.stop()
        tasks = [t for name in ("replay", "read") if (t := self.tasks.get(name)) is not None]
        self.tasks.cancel_all()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
