"""The composition root: one QApplication on a qasync event loop, the window and its services.

:func:`run` is what ``clientdesk`` with no command opens (:mod:`ui.launch` imports this module,
and Qt with it, only then).

The window shows at once; the store's cache opens in a worker thread behind it (a large or
damaged cache can take a moment to check), then searches run on the cache reader thread and the
sync scheduler starts — its first sync right away, later ones on its interval and on F5.
Customer profiles read and write the cache on their own thread (one
:class:`~app.cache.thread.CacheThread`, opened with the cache); their :class:`ProfileService`
exists from the start, and a profile opened before the cache is ready waits for it.
Editing (issue 6) is wired here too: one :class:`~ui.editing.service.EditService` makes edits on
the profiles' cache thread and, once the cache is open, sends them with the sync engine's
``replay_outbox`` on a thread of its own (:class:`~ui.editing.service.ThreadedReplay`), its writes
on the engine's one cache writer. Edits left waiting by the last session are sent by the first
sync (which replays before it pulls) and then by the service. Manager mode's PIN lives with the
other secrets (in memory in training mode), wrong guesses in the data folder.
The live queue (when the profile has a [qminder] table) is set up here
(:func:`ui.queue.panel.build_queue`, which reads no secret), reads this PC's Qminder key off
the GUI thread and starts once the window shows (without a key its panel says so), matches
tickets to saved customers on the profiles' cache thread, and is stopped — websocket, polls,
HTTP client — after the window closes. So is the merge preview's reservations client
(:class:`~app.customer.booking_count.BookingCounter`: one for the window, its key read off the
GUI thread).
Training mode's fake vendors and the ``--smoke`` tours live in :mod:`ui.training`: this module
builds and wires the window, and hands a smoke run's window to it once it shows.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import __version__
from app.about import Install
from app.cache.db import Cache, cache_path
from app.cache.own_thread import CacheClosed
from app.cache.search import SearchHit
from app.cache.search_service import SearchService
from app.cache.thread import CacheThread
from app.customer.booking_count import BookingCounter
from app.customer.service import ProfileService
from app.errors import CacheUnavailable
from app.gctune import tune_gc
from app.manager import ManagerLock
from app.paths import AppPaths, manager_tries_file, resource_dir
from app.profile import StoreProfile
from app.sandbox.runner import ThreadedSandbox
from app.secrets import KeyringSecrets, SecretSource
from app.sync.engine import SyncEngine
from app.sync.scheduler import DEFAULT_INTERVAL_S, SyncScheduler
from ui import i18n, splash, theme
from ui.common.errors import ErrorFunnel
from ui.editing.merge_dialog import BookingCount
from ui.editing.service import EditService, ThreadedReplay
from ui.first_paint import STARTUP_PROBE_ENV, FirstPaint
from ui.queue.panel import QueueParts, build_queue
from ui.single_instance import SingleInstance
from ui.theme import THEME_ENV
from ui.training import SMOKE_QUERY, smoke_run, start_training_sandbox
from ui.window.main_window import MainWindow

log = logging.getLogger("clientdesk.ui")

T = TypeVar("T")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's own messages go to our log file, not to the terminal of a counter PC."""
    logging.getLogger("clientdesk.qt").log(_QT_LEVELS.get(kind, logging.WARNING), message)


class OpeningCache:
    """The window's cache reader while the cache is still being opened.

    Searches and reads wait for the real :class:`SearchService`; the window can show (with its
    search box focused, taking keystrokes) before the cache file has been checked.
    """

    def __init__(self) -> None:
        self._service: asyncio.Future[SearchService] = \
            asyncio.get_event_loop().create_future()

    def ready(self, service: SearchService) -> None:
        self._service.set_result(service)

    async def search(self, text: str, limit: int = 100, offset: int = 0) -> list[SearchHit]:
        service = await asyncio.shield(self._service)
        return await service.search(text, limit, offset)

    async def read(self, job: Callable[[sqlite3.Connection], T]) -> T:
        service = await asyncio.shield(self._service)
        return await service.read(job)


class OpeningJobs:
    """The profile service's cache jobs, on a :class:`CacheThread` once the cache is open.

    Jobs submitted earlier wait for it; if the cache cannot be opened they fail with
    :class:`~app.cache.own_thread.CacheClosed` — what every view catches as "the cache is not
    there" (the profile panel says so) — instead of waiting forever.
    """

    def __init__(self) -> None:
        self._thread: asyncio.Future[CacheThread | None] = \
            asyncio.get_event_loop().create_future()
        self._message = "the customer cache is not open"

    def ready(self, thread: CacheThread) -> None:
        if not self._thread.done():
            self._thread.set_result(thread)

    def failed(self, message: str) -> None:
        self._message = message
        if not self._thread.done():
            self._thread.set_result(None)

    async def run(self, job: Callable[[sqlite3.Connection], T]) -> T:
        thread = await asyncio.shield(self._thread)
        if thread is None:
            raise CacheClosed(self._message)
        return await thread.run(job)

    async def aclose(self) -> None:
        """Stop taking jobs, then close the thread (blocking: done off the GUI thread)."""
        self.failed("the window is closing")
        thread = self._thread.result()
        if thread is not None:
            await asyncio.to_thread(thread.close)


@dataclass
class Services:
    cache: Cache
    search: SearchService
    scheduler: SyncScheduler
    replay: ThreadedReplay | None = None
    edits: EditService | None = None

    async def aclose(self) -> None:
        # Sending stops first: its writes go through the engine the scheduler closes.
        if self.edits is not None:
            await self.edits.aclose()
        if self.replay is not None:
            await self.replay.aclose()
        await self.scheduler.aclose()
        await asyncio.to_thread(self.search.close)


def build_window(profile: StoreProfile, secrets: SecretSource, *, training: bool,
                 settings: QSettings | None = None,
                 cache: OpeningCache | SearchService | None = None,
                 profiles: ProfileService | None = None, queue: QueueParts | None = None,
                 jobs: OpeningJobs | None = None, edits: EditService | None = None,
                 booking_count: BookingCount | None = None,
                 install: Install | None = None) -> MainWindow:
    window = MainWindow(profile, secrets, training=training, settings=settings, cache=cache,
                        profiles=profiles, queue=queue,
                        jobs=jobs.run if jobs is not None else None, edits=edits,
                        booking_count=booking_count, install=install)
    window.start()
    return window


async def open_services(window: MainWindow, reader: OpeningCache, profile: StoreProfile,
                        secrets: SecretSource, paths: AppPaths, *,
                        interval_s: float = DEFAULT_INTERVAL_S,
                        jobs: OpeningJobs | None = None) -> Services | None:
    """Open the store's cache off the GUI thread, then start searching and syncing (and the
    profiles' cache thread, when ``jobs`` is given)."""
    path = cache_path(paths.data_dir, profile.store.id)
    message: str | None = None
    try:
        cache = await asyncio.to_thread(Cache.open, path)
    except CacheUnavailable as exc:  # locked or not openable: its own words, no traceback
        log.warning("cannot open the cache %s: %s", path, exc.message)
        message = exc.message
    except (OSError, sqlite3.Error) as exc:
        log.exception("cannot open the cache %s", path)
        message = (f"The customer cache could not be opened ({exc}). Check that the "
                   f"folder {path.parent} exists and is writable, then restart.")
    if message is not None:
        window.cache_failed(message)
        if jobs is not None:
            jobs.failed(message)
        return None
    service = SearchService(cache)
    reader.ready(service)
    if jobs is not None:
        jobs.ready(CacheThread(cache))
    window.show_notices(cache.notices)
    engine = SyncEngine(profile, secrets, cache, qminder_visits=True,  # app.sync.qminder
                        incremental=True,  # LOKE between daily full passes: app.sync.loke
                        writer_process=True)  # a full pass stored by its own process
    scheduler = SyncScheduler(engine, interval_s=interval_s,
                              on_progress=window.sync_bridge.progress,
                              on_report=window.sync_bridge.report)
    window.attach_sync(scheduler)
    scheduler.start()  # the first sync starts now: in training mode it fills the cache
    replay: ThreadedReplay | None = None
    if window.edits is not None:
        # After the scheduler started: the first sync sends waiting edits itself, and the
        # service's first try waits for it (no two replays at once).
        replay = ThreadedReplay(engine)
        window.edits.attach(replay=replay, writer=engine.worker.run,
                            busy=lambda: scheduler.running)
    window.start_editing()
    return Services(cache, service, scheduler, replay, window.edits)


def run(*, profile: StoreProfile | None, paths: AppPaths, demo: bool,
        error_dialogs: bool = True, smoke: bool = False, screenshot: str | None = None,
        smoke_query: str = SMOKE_QUERY, install: Install | None = None) -> int:
    """Open the window and run until it closes; returns the exit code.

    ``profile`` None (or ``demo``) is training mode. ``smoke`` (support and packaging checks)
    hands the shown window to :func:`ui.training.smoke_run` — the first vendor check and sync,
    ``smoke_query`` typed, the scenes its environment variables ask for, ``screenshot`` saved
    — which closes it and decides the exit code.
    """
    import qasync

    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Clientdesk")
    app.setOrganizationName("Clientdesk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource_dir() / "icons" / "clientdesk.png")))
    instance = SingleInstance(paths.data_dir)
    if not instance.claim():
        log.info("a Clientdesk window is already open for %s: asked it to come forward",
                 paths.data_dir)
        print("clientdesk: the window is already open on this PC (for this data folder); it "
              "was brought to the front.", file=sys.stderr)
        return 0
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    ErrorFunnel(dialogs=error_dialogs, log_hint=str(paths.log_file)).install(loop)

    sandbox: ThreadedSandbox | None = None
    secrets: SecretSource
    if demo or profile is None:
        sandbox, profile, secrets = start_training_sandbox()
    else:
        secrets = KeyringSecrets(profile.store.id)
    # Before any widget exists: every window text is translated when it is made.
    looks = theme.install(app, os.environ.get(THEME_ENV, "system").strip().lower() or "system")
    i18n.install(app, profile)
    settings = QSettings(str(paths.data_dir / "window.ini"), QSettings.Format.IniFormat)
    reader = OpeningCache()
    jobs = OpeningJobs()
    profiles = ProfileService(profile, secrets, jobs.run)
    queue = build_queue(profile, secrets)  # None: no [qminder] table; the key is read later
    manager = ManagerLock(secrets, manager_tries_file(profile.store.id))  # as the CLI
    edits = EditService(jobs.run, manager)
    counter = BookingCounter.for_store(profile, secrets)  # None: the store has no reservations
    window = build_window(profile, secrets, training=sandbox is not None, settings=settings,
                          cache=reader, profiles=profiles, queue=queue, jobs=jobs, edits=edits,
                          booking_count=counter.count if counter is not None else None,
                          install=install or Install(None, "", paths.data_dir, "",
                                                     training=sandbox is not None))
    if os.environ.get(STARTUP_PROBE_ENV):
        FirstPaint(window, on_paint=window.close).install()
    looks.watch(window)  # dark mode or a bigger system font while it is open
    window.fit_screen()
    window.show()
    splash.finish(window)
    instance.raise_requested.connect(window.bring_to_front)
    window.start_queue()
    tune_gc()  # start-up is done: see app/gctune.py (no 150 ms freezes while a sync runs)
    opening = loop.create_task(open_services(window, reader, profile, secrets, paths,
                                             jobs=jobs))
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    outcome = 0

    async def shutdown() -> None:
        if not opening.done():
            opening.cancel()
        services = await asyncio.gather(opening, return_exceptions=True)
        if isinstance(services[0], Services):
            await services[0].aclose()
        else:
            await edits.aclose()
        # After the window's tasks stopped: the queue and the vendor clients, then the cache
        # thread.
        if queue is not None:
            await queue.aclose()
        if counter is not None:
            await counter.aclose()
        await profiles.aclose()
        await jobs.aclose()

    try:
        with loop:
            try:
                if smoke:
                    outcome = loop.run_until_complete(smoke_run(
                        window, opening, sandbox, jobs, profile, screenshot=screenshot,
                        query=smoke_query))
                else:
                    loop.run_until_complete(closed.wait())
            finally:
                loop.run_until_complete(shutdown())
    finally:
        if sandbox is not None:
            sandbox.stop()
        instance.release()
    return outcome
