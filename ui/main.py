"""GUI entry point: one QApplication on a qasync event loop.

The window shows at once; the store's cache opens in a worker thread behind it (a large or
damaged cache can take a moment to check), then searches run on the cache reader thread and the
sync scheduler starts — its first sync right away, later ones on its interval and on F5.
Training mode starts the fake vendors on loopback in a background thread (their own event
loop, so serving them never stalls the window) with credentials in memory only; the first sync
fills the training cache from them.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.cache.db import Cache, cache_path
from app.cache.search import SearchHit
from app.gctune import tune_gc
from app.logs import register_secret
from app.paths import AppPaths
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets, MemorySecrets, SecretSource
from app.sync.engine import SyncEngine
from app.sync.scheduler import DEFAULT_INTERVAL_S, SyncScheduler
from ui.errors import ErrorFunnel
from ui.main_window import MainWindow
from ui.qtfix import protect_singletons
from ui.search_panel import SearchPanel
from ui.search_service import SearchService

log = logging.getLogger("clientdesk.ui")

T = TypeVar("T")
DEMO_CUSTOMERS = 2000
SMOKE_QUERY = "zoe s"  # in the demo data this shows a blacklisted customer too
SMOKE_SYNC_TIMEOUT_S = 120.0


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


def start_training_sandbox(customers: int = DEMO_CUSTOMERS) -> tuple[ThreadedSandbox,
                                                                    StoreProfile, MemorySecrets]:
    """Fake vendors in a thread, the profile that points at them, and in-memory secrets."""
    threaded = ThreadedSandbox(Sandbox(customers, seed=1, store_id="training")).start()
    box = threaded.sandbox
    profile = profile_from_dict(box.profile_dict(), "training profile")
    for secret in box.secrets.values():
        register_secret(secret)
    return threaded, profile, MemorySecrets(profile.store.id, box.secrets)


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


@dataclass
class Services:
    cache: Cache
    search: SearchService
    scheduler: SyncScheduler

    async def aclose(self) -> None:
        await self.scheduler.aclose()
        await asyncio.to_thread(self.search.close)


def build_window(profile: StoreProfile, secrets: SecretSource, *, training: bool,
                 settings: QSettings | None = None,
                 cache: OpeningCache | SearchService | None = None) -> MainWindow:
    window = MainWindow(profile, secrets, training=training, settings=settings, cache=cache)
    window.start()
    return window


async def open_services(window: MainWindow, reader: OpeningCache, profile: StoreProfile,
                        secrets: SecretSource, paths: AppPaths, *,
                        interval_s: float = DEFAULT_INTERVAL_S) -> Services | None:
    """Open the store's cache off the GUI thread, then start searching and syncing."""
    path = cache_path(paths.data_dir, profile.store.id)
    try:
        cache = await asyncio.to_thread(Cache.open, path)
    except (OSError, sqlite3.Error) as exc:
        log.exception("cannot open the cache %s", path)
        window.cache_failed(f"The customer cache could not be opened ({exc}). Check that the "
                            f"folder {path.parent} exists and is writable, then restart.")
        return None
    service = SearchService(cache)
    reader.ready(service)
    window.show_notices(cache.notices)
    engine = SyncEngine(profile, secrets, cache)
    scheduler = SyncScheduler(engine, interval_s=interval_s,
                              on_progress=window.sync_bridge.progress,
                              on_report=window.sync_bridge.report)
    window.attach_sync(scheduler)
    scheduler.start()  # the first sync starts now: in training mode it fills the cache
    return Services(cache, service, scheduler)


async def type_into(panel: SearchPanel, text: str, delay_s: float = 0.05) -> None:
    """Type ``text`` key by key as a person would, then wait for its results."""
    panel.focus_search()
    for char in text:
        panel.box.insert(char)
        await asyncio.sleep(delay_s)
    await panel.search_done()


def run(*, profile: StoreProfile | None, paths: AppPaths, demo: bool,
        error_dialogs: bool = True, smoke: bool = False, screenshot: str | None = None,
        smoke_query: str = SMOKE_QUERY) -> int:
    """Open the window and run until it closes; returns the exit code.

    ``smoke`` (support and packaging checks) waits for the first vendor check and the first
    sync, types ``smoke_query`` into the search box, optionally saves a screenshot, closes the
    window, and returns 0 only if every vendor check and the sync passed.
    """
    import qasync

    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Clientdesk")
    app.setOrganizationName("Clientdesk")
    protect_singletons()  # PySide6 6.12 on Python 3.11: see ui/qtfix.py
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    ErrorFunnel(dialogs=error_dialogs, log_hint=str(paths.log_file)).install(loop)

    sandbox: ThreadedSandbox | None = None
    secrets: SecretSource
    if demo or profile is None:
        sandbox, profile, secrets = start_training_sandbox()
    else:
        secrets = KeyringSecrets(profile.store.id)
    settings = QSettings(str(paths.data_dir / "window.ini"), QSettings.Format.IniFormat)
    reader = OpeningCache()
    window = build_window(profile, secrets, training=sandbox is not None, settings=settings,
                          cache=reader)
    window.show()
    tune_gc()  # start-up is done: see app/gctune.py (no 150 ms freezes while a sync runs)
    opening = loop.create_task(open_services(window, reader, profile, secrets, paths))
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    outcome = 0

    async def smoke_run() -> None:
        nonlocal outcome
        services = await opening
        await window.checks_done()
        synced = False
        if services is not None:
            report = await asyncio.wait_for(window.sync_finished(), SMOKE_SYNC_TIMEOUT_S)
            synced = report.ok
            if window.search_panel is not None and smoke_query:
                await type_into(window.search_panel, smoke_query)
        await asyncio.sleep(0.3)  # let the freshness line and the view repaint
        if screenshot:
            window.grab().save(screenshot)
        outcome = 0 if window.all_ok() and synced else 1
        window.close()

    async def shutdown() -> None:
        if not opening.done():
            opening.cancel()
        services = await asyncio.gather(opening, return_exceptions=True)
        if isinstance(services[0], Services):
            await services[0].aclose()

    try:
        with loop:
            try:
                if smoke:
                    loop.run_until_complete(smoke_run())
                else:
                    loop.run_until_complete(closed.wait())
            finally:
                loop.run_until_complete(shutdown())
    finally:
        if sandbox is not None:
            sandbox.stop()
    return outcome
