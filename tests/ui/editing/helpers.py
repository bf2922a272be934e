"""A window with editing over a real loopback sandbox, for the issue-6 UI tests.

Each scenario runs as ONE coroutine on the qasync loop (``run(qloop, scenario())``), the
window opened and closed inside it with :func:`edit_desk` — qasync's ``run_until_complete``
steps pending callbacks once more after it stops, outside the running loop, so nothing may be
left in flight between two ``run`` calls (see tests/ui/profile/test_panel.py).

The sandbox is a 200-person population (seed 9, bookings around ANCHOR) synced into a fresh
cache by the real engine. Edits are made on a real :class:`CacheThread` and sent by the real
``SyncEngine.replay_outbox`` on its own thread (:class:`ThreadedReplay`), as in the app. The
manager lock and the edit service share one clock the tests move (the idle lock); vendors and
the outbox's backoff run on real time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.cache import outbox
from app.cache.db import Cache
from app.cache.outbox import Edit
from app.cache.search_service import SearchService
from app.cache.thread import CacheThread
from app.customer.service import ProfileService
from app.manager import ManagerLock
from app.profile import StoreProfile
from app.sandbox.people import Person
from app.sandbox.runner import ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.vendors.reservations import ReservationsClient
from tests.ui.conftest import until
from ui.editing.manager_lock import PinDialog
from ui.editing.service import EditService, ThreadedReplay
from ui.queue.panel import QueueParts
from ui.window.main_window import MainWindow

T = TypeVar("T")
PIN = "482613"
#: Population indexes (seed 9): 65 Priya Hernández is blacklisted ("Shoplifting, police report
#: filed"); 86 Mateo Ahmed and 12 are ordinary customers known to reservations.
BLACKLISTED, OTHER = 65, 86


class Clock:
    """The window's clock (edits' times, the idle lock); starts at the real now."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class EditDesk:
    qtbot: QtBot
    window: MainWindow
    service: EditService
    vendors: ThreadedSandbox
    cache: Cache
    profile: StoreProfile
    secrets: MemorySecrets
    clock: Clock
    engine: SyncEngine

    def person(self, index: int) -> Person:
        return self.vendors.sandbox.population.person(index)

    def query(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        conn = self.cache.connect(readonly=True)
        try:
            return list(conn.execute(sql, args))
        finally:
            conn.close()

    def customer_id(self, person: Person) -> int:
        rows = self.query("SELECT customer_id FROM records WHERE vendor = 'reservations' AND "
                          "vendor_id = ?", person.reservations_id)
        assert rows, person
        return int(rows[0][0])

    def on_reservations(self, work: Callable[[ReservationsClient], Any]) -> Any:
        """``await work(client)`` on the sandbox's loop, as another counter would."""
        table = self.profile.reservations
        assert table is not None
        secret = self.vendors.sandbox.secrets["reservations"]

        async def job() -> Any:
            async with ReservationsClient(table, secret) as client:
                return await work(client)

        return self.vendors.call(job())

    def note_on_server(self, reservations_id: str) -> str:
        async def read(client: ReservationsClient) -> str:
            return (await client.customer(reservations_id)).note or ""

        return str(self.on_reservations(read))

    def set_note_on_server(self, reservations_id: str, text: str) -> None:
        async def write(client: ReservationsClient) -> None:
            await client.update_note(reservations_id, text)

        self.on_reservations(write)

    async def open_edits(self) -> list[Edit]:
        return await self.service.run(outbox.open_edits)

    async def audit_actions(self) -> list[str]:
        def read(conn: sqlite3.Connection) -> list[str]:
            return [r[0] for r in conn.execute("SELECT action FROM audit ORDER BY id")]

        return await self.service.run(read)

    async def settled(self) -> None:
        """Until no edit is being sent or read (the replay kicked by the last edit)."""
        await self.service.settled()

    async def unlock(self, pin: str = PIN) -> None:
        """Manager mode through the PIN dialog (setting the PIN on first use)."""
        gate = self.window.gate
        assert gate is not None
        gate.ask()
        await until(lambda: gate.dialog is not None and gate.dialog.isVisible())
        dialog = gate.dialog
        assert isinstance(dialog, PinDialog)
        dialog.pin.setText(pin)
        dialog.again.setText(pin)
        dialog.ok.click()
        await until(lambda: gate.mode == "manager", within=10)

    async def open_profile(self, person: Person) -> None:
        panel = self.window.profile_panel
        assert panel is not None
        self.window.open_customer(self.customer_id(person))
        await until(lambda: panel.has_profile() and panel.profile is not None)
        await panel.idle()
        editor = self.window.note_editor
        assert editor is not None
        await until(lambda: editor.reservations_id == person.reservations_id)
        await editor.idle()


@asynccontextmanager
async def edit_desk(qtbot: QtBot, vendors: ThreadedSandbox, synced: tuple[StoreProfile,
                    MemorySecrets, Cache], tmp_path: Path, *, queue: QueueParts | None = None,
                    every_ms: int = 60_000,
                    booking_count: Callable[[str], Any] | None = None
                    ) -> AsyncIterator[EditDesk]:
    """The window with search, profiles, editing (and ``queue`` when given), started."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # Closing the window inside the scenario must not quit the app (and stop the loop)
    # while the services are still being shut down after it.
    quits = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    profile, secrets, cache = synced
    reader, jobs, clock = SearchService(cache), CacheThread(cache), Clock()
    manager = ManagerLock(secrets, tmp_path / "manager-lock.json", clock=clock)
    service = EditService(jobs.run, manager, clock=clock, counter="till-test",
                          every_ms=every_ms)
    profiles = ProfileService(profile, secrets, jobs.run)
    engine = SyncEngine(profile, secrets, cache)
    replay = ThreadedReplay(engine)
    window = MainWindow(profile, secrets, training=True, cache=reader, profiles=profiles,
                        queue=queue, jobs=jobs.run, edits=service, booking_count=booking_count)
    qtbot.addWidget(window)
    try:
        window.show()
        window.activateWindow()
        await until(window.isActiveWindow)
        window.start()
        window.start_editing()
        if queue is not None:
            window.start_queue()
            panel = window.queue_panel
            assert panel is not None
            await until(lambda: panel.state == "live" and panel.model.rowCount() > 0,
                        within=20)
        service.attach(replay=replay, writer=engine.worker.run)
        await window.checks_done()
        await service.settled()
        yield EditDesk(qtbot, window, service, vendors, cache, profile, secrets, clock, engine)
    finally:
        window.close()
        await service.aclose()
        await replay.aclose()
        if queue is not None:
            await queue.aclose()
        await profiles.aclose()
        await engine.aclose()
        jobs.close()
        reader.close()
        app.setQuitOnLastWindowClosed(quits)
