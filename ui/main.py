"""GUI entry point: one QApplication on a qasync event loop.

The window shows at once; the store's cache opens in a worker thread behind it (a large or
damaged cache can take a moment to check), then searches run on the cache reader thread and the
sync scheduler starts — its first sync right away, later ones on its interval and on F5.
Customer profiles read and write the cache on their own thread (one
:class:`~app.cache.thread.CacheThread`, opened with the cache); their :class:`ProfileService`
exists from the start, and a profile opened before the cache is ready waits for it.
Training mode starts the fake vendors on loopback in a background thread (their own event
loop, so serving them never stalls the window) with credentials in memory only; the first sync
fills the training cache from them.
The live queue (when the profile has a [qminder] table and this PC its key) is built here
(:func:`ui.queue_panel.build_queue`), starts once the window shows, matches tickets to saved
customers on the profiles' cache thread, and is stopped — websocket, polls, HTTP client —
after the window closes.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.cache.db import Cache, cache_path, write_transaction
from app.cache.search import SearchHit
from app.cache.thread import CacheThread
from app.customer import store as profile_store
from app.customer.resolve import resolve
from app.customer.service import ProfileService
from app.gctune import tune_gc
from app.logs import register_secret
from app.paths import AppPaths
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.people import Population
from app.sandbox.qminder import QminderServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets, MemorySecrets, SecretSource
from app.sync.engine import SyncEngine
from app.sync.scheduler import DEFAULT_INTERVAL_S, SyncScheduler
from app.vendors.qminder.models import Ticket
from ui.errors import ErrorFunnel
from ui.main_window import MainWindow
from ui.qtfix import protect_singletons
from ui.queue_panel import QueueParts, build_queue
from ui.search_panel import SearchPanel
from ui.search_service import SearchService

log = logging.getLogger("clientdesk.ui")

T = TypeVar("T")
DEMO_CUSTOMERS = 2000
SMOKE_QUERY = "zoe s"  # in the demo data this shows a blacklisted customer too
SMOKE_SYNC_TIMEOUT_S = 120.0
#: With --smoke, a non-empty value opens a demo customer's profile before the screenshot.
SMOKE_PROFILE_ENV = "CLIENTDESK_SMOKE_PROFILE"
#: With --smoke in training mode, a non-empty value puts a blacklisted demo customer in the
#: queue (and selects their ticket) before the screenshot.
SMOKE_QUEUE_ENV = "CLIENTDESK_SMOKE_QUEUE"
SMOKE_QUEUE_TIMEOUT_S = 30.0


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


class OpeningJobs:
    """The profile service's cache jobs, on a :class:`CacheThread` once the cache is open.

    Jobs submitted earlier wait for it; if the cache cannot be opened they fail with
    ``RuntimeError`` (the profile panel says so) instead of waiting forever.
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
            raise RuntimeError(self._message)
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

    async def aclose(self) -> None:
        await self.scheduler.aclose()
        await asyncio.to_thread(self.search.close)


def build_window(profile: StoreProfile, secrets: SecretSource, *, training: bool,
                 settings: QSettings | None = None,
                 cache: OpeningCache | SearchService | None = None,
                 profiles: ProfileService | None = None, queue: QueueParts | None = None,
                 jobs: OpeningJobs | None = None) -> MainWindow:
    window = MainWindow(profile, secrets, training=training, settings=settings, cache=cache,
                        profiles=profiles, queue=queue,
                        jobs=jobs.run if jobs is not None else None)
    window.start()
    return window


async def open_services(window: MainWindow, reader: OpeningCache, profile: StoreProfile,
                        secrets: SecretSource, paths: AppPaths, *,
                        interval_s: float = DEFAULT_INTERVAL_S,
                        jobs: OpeningJobs | None = None) -> Services | None:
    """Open the store's cache off the GUI thread, then start searching and syncing (and the
    profiles' cache thread, when ``jobs`` is given)."""
    path = cache_path(paths.data_dir, profile.store.id)
    try:
        cache = await asyncio.to_thread(Cache.open, path)
    except (OSError, sqlite3.Error) as exc:
        log.exception("cannot open the cache %s", path)
        message = (f"The customer cache could not be opened ({exc}). Check that the "
                   f"folder {path.parent} exists and is writable, then restart.")
        window.cache_failed(message)
        if jobs is not None:
            jobs.failed(message)
        return None
    service = SearchService(cache)
    reader.ready(service)
    if jobs is not None:
        jobs.ready(CacheThread(cache))
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


async def open_demo_profile(window: MainWindow, population: Population, jobs: OpeningJobs,
                            profile: StoreProfile) -> bool:
    """Smoke runs (``CLIENTDESK_SMOKE_PROFILE=1``): open the first blacklisted demo customer
    known to LOKE, reservations and Booxi whose Qudini bookings have answers — as if staff
    had scanned those bookings' links for them before — and wait for every vendor's section."""
    panel, search = window.profile_panel, window.search_panel
    people = [p for p in population.people() if p.blacklist_reason and p.email
              and p.in_loke and p.in_reservations and p.in_booxi and p.qudini_bookings]
    # Prefer those with reservations bookings too: a timeline from three vendors.
    people.sort(key=lambda p: not p.bookings("reservations", population.anchor))
    if panel is None or search is None:
        return False
    for person in people[:10]:  # the first whose bookings have answers to their questions
        email = person.email or ""
        identifiers = [person.qudini_identifier(k) for k in range(person.qudini_bookings)]

        def attach(conn: sqlite3.Connection, email: str = email,
                   identifiers: list[str] = identifiers) -> int | None:
            found = resolve(conn, email, profile.store.country)
            with write_transaction(conn):
                for identifier in identifiers:
                    profile_store.attach_qudini(conn, identifier, found.customer_id,
                                                datetime.now(UTC))
            return found.customer_id

        customer_id = await jobs.run(attach)
        if customer_id is None:
            continue
        search.clear()
        await type_into(search, person.full_name, delay_s=0.01)
        window.open_customer(customer_id)
        await panel.idle()
        qudini = panel.profile.sections.qudini.data if panel.profile else None
        if qudini is not None and any(v.answers for v in qudini.visits):
            break
    return panel.profile is not None


async def show_demo_queue(window: MainWindow, sandbox: ThreadedSandbox) -> bool:
    """Smoke runs (``CLIENTDESK_SMOKE_QUEUE=1``): a blacklisted demo customer takes a ticket
    (with labels and a note) on the training Qminder; wait until the queue shows them with the
    warning, and select their ticket. True when the warning showed."""
    panel = window.queue_panel
    if panel is None or not await queue_live(window):
        return False
    box = sandbox.sandbox
    person = next(p for p in box.population.people()
                  if p.blacklist_reason and p.mobile_e164 and p.in_loke)
    server = box.servers["qminder"]
    assert isinstance(server, QminderServer)
    line = server.lines[0]["id"]  # the first line: at the top of the queue

    async def arrive() -> dict[str, Any]:
        return server.create_ticket(
            line, person.first_name, last_name=person.last_name, phone=person.mobile_e164,
            labels=["VIP", "Needs help"],
            extra=[{"title": "Notes", "value": "Asked for the manager about a refund"}])

    ticket = Ticket.model_validate(sandbox.call(arrive()))
    try:
        await until_true(lambda: (m := panel.matches().get(ticket.id)) is not None
                         and m.blacklisted and (t := panel.board.tickets.get(ticket.id))
                         is not None and bool(t.extra),
                         SMOKE_QUEUE_TIMEOUT_S)
    except TimeoutError:
        return False
    panel.select_ticket(ticket.id)
    return True


async def queue_live(window: MainWindow) -> bool:
    """Smoke runs: True once the queue is live (True too when this store has no queue)."""
    panel = window.queue_panel
    if panel is None:
        return True
    try:
        await until_true(lambda: panel.state == "live", SMOKE_QUEUE_TIMEOUT_S)
    except TimeoutError:
        return False
    return True


async def until_true(condition: Callable[[], bool], within: float) -> None:
    """Let the loop run until ``condition()`` holds (smoke runs: widget state)."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.05)


def run(*, profile: StoreProfile | None, paths: AppPaths, demo: bool,
        error_dialogs: bool = True, smoke: bool = False, screenshot: str | None = None,
        smoke_query: str = SMOKE_QUERY) -> int:
    """Open the window and run until it closes; returns the exit code.

    ``smoke`` (support and packaging checks) waits for the first vendor check and the first
    sync, types ``smoke_query`` into the search box, optionally saves a screenshot, closes the
    window, and returns 0 only if every vendor check and the sync passed and the queue (when
    the store has one) went live. In training mode with ``CLIENTDESK_SMOKE_PROFILE`` set, it
    also opens a demo customer's profile (blacklisted, with loyalty, Qudini and a mixed
    timeline: :func:`open_demo_profile`) before the shot; with ``CLIENTDESK_SMOKE_QUEUE`` set,
    a blacklisted demo customer joins the queue and their ticket is selected
    (:func:`show_demo_queue`).
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
    jobs = OpeningJobs()
    profiles = ProfileService(profile, secrets, jobs.run)
    queue = build_queue(profile, secrets)  # None: no [qminder] table or no key on this PC
    window = build_window(profile, secrets, training=sandbox is not None, settings=settings,
                          cache=reader, profiles=profiles, queue=queue, jobs=jobs)
    window.show()
    window.start_queue()
    tune_gc()  # start-up is done: see app/gctune.py (no 150 ms freezes while a sync runs)
    opening = loop.create_task(open_services(window, reader, profile, secrets, paths,
                                             jobs=jobs))
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
            if sandbox is not None and os.environ.get(SMOKE_PROFILE_ENV):
                opened = await open_demo_profile(window, sandbox.sandbox.population, jobs,
                                                 profile)
                synced = synced and opened
            if sandbox is not None and os.environ.get(SMOKE_QUEUE_ENV):
                shown = await show_demo_queue(window, sandbox)
                synced = synced and shown
        synced = synced and await queue_live(window)
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
        # After the window's tasks stopped: the queue and the vendor clients, then the cache
        # thread.
        if queue is not None:
            await queue.aclose()
        await profiles.aclose()
        await jobs.aclose()

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
