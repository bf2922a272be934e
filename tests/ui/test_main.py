"""The GUI entry point's wiring, in process: cache opened off the GUI thread, real scheduler."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.cache import edits
from app.cache.db import Cache, cache_path
from app.domain.text import fold
from app.manager import ManagerLock
from app.paths import AppPaths
from app.profile import profile_from_dict
from app.sandbox.runner import ThreadedSandbox
from app.secrets import MemorySecrets
from app.sync.engine import SyncEngine
from app.vendors.reservations import ReservationsClient
from tests.ui.conftest import run, until
from ui.editing.service import EditService
from ui.main import OpeningCache, OpeningJobs, build_window, open_services
from ui.search.model import Column
from ui.training import type_into


def test_start_fills_the_cache_in_the_background_and_searches_it(
        qtbot: QtBot, qloop: qasync.QEventLoop, threaded_sandbox: ThreadedSandbox,
        tmp_path: Path) -> None:
    box = threaded_sandbox.sandbox
    profile = profile_from_dict(box.profile_dict())
    secrets = MemorySecrets(profile.store.id, box.secrets)

    async def scenario() -> None:
        # As in ui.main.run: everything happens while the qasync loop runs.
        reader = OpeningCache()
        window = build_window(profile, secrets, training=True, cache=reader)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        await until(window.isActiveWindow)
        panel = window.search_panel
        assert panel is not None
        qtbot.keyClicks(panel.box, "zo")  # typed before the cache is even open: waits for it
        assert panel.searching()
        services = await open_services(window, reader, profile, secrets, AppPaths(tmp_path))
        assert services is not None
        try:
            assert services.cache.path == cache_path(tmp_path, "ui-test")
            report = await window.sync_finished()
            assert report.ok, report
            await panel.search_done()
            panel.clear()
            await type_into(panel, "zoe", delay_s=0.01)
            names = [panel.model.index(r, Column.NAME).data(Qt.ItemDataRole.DisplayRole)
                     for r in range(panel.model.rowCount())]
            assert names and all(fold(str(n)).startswith("zoe") for n in names)
            freshness = window.findChild(QLabel, "syncFreshness")
            assert freshness is not None
            await until(lambda: freshness.text() == "reservations: just now  ·  LOKE: just now")
            qtbot.keyClick(panel.box, Qt.Key.Key_F5)  # sync now
            await until(lambda: window.last_report is not report, within=30)
            await window.checks_done()
        finally:
            await services.aclose()
            window.close()

    run(qloop, scenario(), timeout=60)


def test_edits_left_waiting_by_the_last_session_are_sent_at_start(
        qtbot: QtBot, qloop: qasync.QEventLoop, threaded_sandbox: ThreadedSandbox,
        tmp_path: Path, qapp: QApplication) -> None:
    box = threaded_sandbox.sandbox
    profile = profile_from_dict(box.profile_dict())
    secrets = MemorySecrets(profile.store.id, dict(box.secrets))
    cache = Cache.open(cache_path(tmp_path, profile.store.id))

    async def fill() -> bool:
        async with SyncEngine(profile, secrets, cache) as engine:
            return (await engine.run()).ok

    assert threaded_sandbox.call(fill())
    # The last session: a note typed with reservations down, then the app was closed.
    conn = cache.connect()
    try:
        rid = str(conn.execute("SELECT vendor_id FROM records WHERE vendor = 'reservations' "
                               "AND NOT is_dummy ORDER BY vendor_id").fetchone()[0])
        base = edits.current_note(conn, rid)
        edits.set_note(conn, rid, "Typed before the restart", base=base,
                       now=datetime.now(UTC), counter="till-1", mode="staff")
    finally:
        conn.close()
    table = profile.reservations
    assert table is not None

    async def note_upstream() -> str:
        async with ReservationsClient(table, box.secrets["reservations"]) as client:
            return (await client.customer(rid)).note or ""

    assert threaded_sandbox.call(note_upstream()) == base

    async def scenario() -> None:
        reader, jobs = OpeningCache(), OpeningJobs()
        service = EditService(jobs.run, ManagerLock(secrets, tmp_path / "lock.json"))
        window = build_window(profile, secrets, training=True, cache=reader, jobs=jobs,
                              edits=service)
        qtbot.addWidget(window)
        window.show()
        services = await open_services(window, reader, profile, secrets, AppPaths(tmp_path),
                                       jobs=jobs)
        assert services is not None
        try:
            await window.sync_finished()  # the first sync sends waiting edits, then pulls
            assert threaded_sandbox.call(note_upstream()) == "Typed before the restart"
            check = cache.connect(readonly=True)
            try:
                states = [r[0] for r in check.execute("SELECT state FROM outbox")]
            finally:
                check.close()
            assert states == ["done"]
            await service.settled()
            assert service.edits == []
            status = window.edits_status
            assert status is not None and status.isHidden()
        finally:
            window.close()
            await services.aclose()
            await jobs.aclose()

    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    try:
        run(qloop, scenario(), timeout=60)
    finally:
        qapp.setQuitOnLastWindowClosed(quits)
