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
Editing (issue 6) is wired here too: one :class:`~ui.edit_service.EditService` makes edits on
the profiles' cache thread and, once the cache is open, sends them with the sync engine's
``replay_outbox`` on a thread of its own (:class:`~ui.edit_service.ThreadedReplay`), its writes
on the engine's one cache writer. Edits left waiting by the last session are sent by the first
sync (which replays before it pulls) and then by the service. Manager mode's PIN lives with the
other secrets (in memory in training mode), wrong guesses in the data folder.
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

from app.cache import edits as cache_edits
from app.cache import outbox
from app.cache.db import Cache, cache_path, write_transaction
from app.cache.search import SearchHit
from app.cache.thread import CacheThread
from app.customer import store as profile_store
from app.customer.resolve import resolve
from app.customer.service import ProfileService
from app.gctune import tune_gc
from app.logs import register_secret
from app.manager import ManagerLock
from app.paths import AppPaths
from app.profile import StoreProfile, profile_from_dict
from app.sandbox.faults import Faults
from app.sandbox.people import Population
from app.sandbox.qminder import QminderServer
from app.sandbox.runner import Sandbox, ThreadedSandbox
from app.secrets import KeyringSecrets, MemorySecrets, SecretSource
from app.sync.engine import SyncEngine
from app.sync.scheduler import DEFAULT_INTERVAL_S, SyncScheduler
from app.vendors.qminder.models import Ticket
from app.vendors.reservations import ReservationsClient
from ui.edit_service import EditService, ThreadedReplay
from ui.errors import ErrorFunnel
from ui.main_window import MainWindow
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
#: With --smoke in training mode: the Blacklist tab in manager mode, one entry added while
#: reservations is unreachable (so it shows "pending").
SMOKE_BLACKLIST_ENV = "CLIENTDESK_SMOKE_BLACKLIST"
#: With --smoke in training mode: the Edits tab with a note conflict (both versions shown)
#: and a note waiting for an unreachable reservations server.
SMOKE_EDITS_ENV = "CLIENTDESK_SMOKE_EDITS"
#: The manager PIN the training smoke runs set (training secrets live in memory only).
SMOKE_PIN = "2580"


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
                 jobs: OpeningJobs | None = None, edits: EditService | None = None
                 ) -> MainWindow:
    window = MainWindow(profile, secrets, training=training, settings=settings, cache=cache,
                        profiles=profiles, queue=queue,
                        jobs=jobs.run if jobs is not None else None, edits=edits)
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
    replay: ThreadedReplay | None = None
    if window.edits is not None:
        # After the scheduler started: the first sync sends waiting edits itself, and the
        # service's first try waits for it (no two replays at once).
        replay = ThreadedReplay(engine)
        window.edits.attach(replay=replay, writer=engine.worker.run,
                            busy=lambda: scheduler.running)
    window.start_editing()
    return Services(cache, service, scheduler, replay, window.edits)


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


async def replay_now(window: MainWindow) -> None:
    """Smoke runs: one replay, waiting for a background sync to end first."""
    service = window.edits
    assert service is not None
    async with asyncio.timeout(SMOKE_SYNC_TIMEOUT_S):
        while await service.send() is None:  # noqa: ASYNC110 - None: a sync was running
            await asyncio.sleep(0.2)


async def smoke_manager(window: MainWindow) -> None:
    """Smoke runs (training): set the demo PIN and unlock manager mode."""
    gate = window.gate
    assert gate is not None
    lock = gate.lock
    if await asyncio.to_thread(lock.has_pin):
        await asyncio.to_thread(lock.unlock, SMOKE_PIN)
    else:
        await asyncio.to_thread(lock.set_pin, SMOKE_PIN)
    gate.touch()
    gate.check()


def _some_customers(conn: sqlite3.Connection, count: int) -> list[tuple[str, str]]:
    """(reservations id, name) of real, not blacklisted demo customers with an email."""
    rows = conn.execute(
        "SELECT vendor_id, name FROM records WHERE vendor = 'reservations' AND NOT blacklisted "
        "AND NOT is_dummy AND emails != '[]' AND name != '' ORDER BY vendor_id LIMIT ?",
        (count,)).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


async def show_demo_blacklist(window: MainWindow, sandbox: ThreadedSandbox) -> bool:
    """Smoke runs (``CLIENTDESK_SMOKE_BLACKLIST=1``): manager mode, one blacklist entry added
    while reservations is unreachable (pending), the Blacklist tab on screen."""
    view, service = window.blacklist_view, window.edits
    if view is None or service is None:
        return False
    await smoke_manager(window)
    server = sandbox.sandbox.servers["reservations"]
    server.faults = Faults(drop=1.0)
    rid, _name = (await service.run(lambda conn: _some_customers(conn, 1)))[0]
    who = service.who()
    await service.edit(lambda conn: cache_edits.blacklist(
        conn, rid, "Threatened staff at the counter <b>twice</b>", **who))
    await replay_now(window)
    if window.queue_dock is not None:
        window.queue_dock.hide()  # the shot is of the blacklist: give it the whole window
    window.show_blacklist()
    await view.load()
    return any(e.get("state") == "pending" for e in view.model.entries)


async def show_demo_edits(window: MainWindow, sandbox: ThreadedSandbox,
                          profile: StoreProfile) -> bool:
    """Smoke runs (``CLIENTDESK_SMOKE_EDITS=1``): a note edit that conflicts with a change
    made on reservations meanwhile, and one waiting for an unreachable server; the Edits tab
    shows the conflict with both versions."""
    panel, service, table = window.edits_panel, window.edits, profile.reservations
    if panel is None or service is None or table is None:
        return False
    (first, _n1), (second, _n2) = await service.run(lambda conn: _some_customers(conn, 2))
    base = await service.run(lambda conn: cache_edits.current_note(conn, first))
    secret = sandbox.sandbox.secrets["reservations"]

    async def elsewhere() -> None:
        async with ReservationsClient(table, secret) as client:
            await client.update_note(first, "Prefers the window table. Allergic to nuts.")

    sandbox.call(elsewhere())  # another counter changes the note after we began
    who = service.who()
    await service.edit(lambda conn: cache_edits.set_note(
        conn, first, "Prefers the window table.\nBirthday dinner booked for Friday.",
        base=base, **who))
    await replay_now(window)
    sandbox.sandbox.servers["reservations"].faults = Faults(drop=1.0)
    base = await service.run(lambda conn: cache_edits.current_note(conn, second))
    await service.edit(lambda conn: cache_edits.set_note(
        conn, second, "Called about a late delivery — call back after 3 pm.", base=base,
        **service.who()))
    await replay_now(window)
    if window.queue_dock is not None:
        window.queue_dock.hide()  # the shot is of the edits: give them the whole window
    window.show_edits()
    open_edits = await service.run(outbox.open_edits)
    conflict = next((e for e in open_edits if e.upstream is not None), None)
    if conflict is not None:
        panel.select_edit(conflict.id)
    return conflict is not None and any(e.state == "pending" for e in open_edits)


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
    manager = ManagerLock(secrets, paths.manager_lock_file(profile.store.id))  # as the CLI
    edits = EditService(jobs.run, manager)
    window = build_window(profile, secrets, training=sandbox is not None, settings=settings,
                          cache=reader, profiles=profiles, queue=queue, jobs=jobs, edits=edits)
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
            if sandbox is not None and os.environ.get(SMOKE_EDITS_ENV):
                shown = await show_demo_edits(window, sandbox, profile)
                synced = synced and shown
            if sandbox is not None and os.environ.get(SMOKE_BLACKLIST_ENV):
                shown = await show_demo_blacklist(window, sandbox)
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
        else:
            await edits.aclose()
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
