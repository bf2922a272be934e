"""The main window around the search: focus keys, F5 sync, the sync status bar, settings."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import qasync
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QStatusBar
from pytestqt.qtbot import QtBot

from app.cache.db import Cache
from app.cache.search_service import SearchService
from app.cache.writer import CacheWriter
from app.profile import VENDORS, StoreProfile, profile_from_dict
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from app.sync.events import SyncProgress, SyncReport, VendorResult
from tests.ui.conftest import run, until
from tests.ui.search.a11y import tab_chain
from tests.ui.search.test_model import rendered
from ui.window.main_window import MainWindow
from ui.window.sync_status import clock


def _profile() -> StoreProfile:
    """The sandbox's profile, its vendors on a closed loopback port: checks fail at once."""
    box = Sandbox(10, store_id="ui-window")
    box.ports = dict.fromkeys(VENDORS, 1)
    return profile_from_dict(box.profile_dict())


PROFILE = _profile()


class FakeSync:
    """The scheduler's shape (start, sync_now, aclose) without any vendor."""

    def __init__(self) -> None:
        self.started = 0
        self.requests = 0

    def start(self) -> None:
        self.started += 1

    def sync_now(self) -> asyncio.Future[SyncReport]:
        self.requests += 1
        future: asyncio.Future[SyncReport] = asyncio.get_event_loop().create_future()
        future.set_result(SyncReport([VendorResult("loke", ok=True)]))
        return future

    async def aclose(self) -> None:
        return None


def open_window(qtbot: QtBot, loop: qasync.QEventLoop, search: SearchService,
                settings: QSettings | None = None) -> MainWindow:
    window = MainWindow(PROFILE, MemorySecrets("ui-window"), training=True, settings=settings,
                        cache=search)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.start()
    assert window.search_panel is not None
    panel = window.search_panel
    run(loop, until(lambda: panel.model.loaded and not panel.searching()))
    run(loop, window.checks_done())  # the sandbox profile's vendors are not running: fails
    return window


def status_label(window: MainWindow, name: str) -> QLabel:
    label = window.findChild(QLabel, name)
    assert label is not None
    return label


def test_opens_on_search_with_the_box_focused(qtbot: QtBot, qloop: qasync.QEventLoop,
                                              small_search: SearchService) -> None:
    window = open_window(qtbot, qloop, small_search)
    panel = window.search_panel
    assert panel is not None
    # The Customers tab is the search beside the (not yet opened) profile.
    assert window.customers is not None and window.customers.widget(0) is panel
    assert window.tabs.currentWidget() is window.customers
    assert QApplication.focusWidget() is panel.box
    assert panel.box.objectName() == "searchBox"
    assert panel.box.accessibleName() == "Search customers"  # words, not "searchBox"
    assert panel.view.objectName() == "searchResults"
    assert panel.view.accessibleName() == "Search results"
    assert window.statusBar().objectName() == "syncStatus"
    assert window.statusBar().accessibleName() == "Sync status"
    assert tab_chain(panel.box, panel) == ["searchBox", "searchResults"]  # no lookup offered
    assert panel.model.rowCount() == 5  # empty box: every customer, most recent first
    assert panel.model.hit(0) is not None and panel.model.hit(0).name == "Zoe Smith"  # type: ignore[union-attr]


def test_ctrl_f_and_f2_return_to_the_box_and_esc_clears(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                        small_search: SearchService) -> None:
    window = open_window(qtbot, qloop, small_search)
    panel = window.search_panel
    assert panel is not None
    qtbot.keyClicks(panel.box, "zo")
    run(qloop, until(lambda: panel.model.query == "zo" and not panel.searching()))
    for key, modifier in ((Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier),
                          (Qt.Key.Key_F2, Qt.KeyboardModifier.NoModifier)):
        window.tabs.setCurrentWidget(window.vendors_panel)
        window.recheck.setFocus()
        assert not panel.box.hasFocus()
        qtbot.keyClick(window.recheck, key, modifier)
        assert window.tabs.currentWidget() is window.customers and panel.box.hasFocus()
        assert panel.box.selectedText() == "zo"  # typing replaces the old query
        panel.view.setFocus()
        qtbot.keyClick(panel.view, key, modifier)
        assert panel.box.hasFocus()
    qtbot.keyClick(panel.box, Qt.Key.Key_Escape)
    assert panel.box.text() == "" and panel.box.hasFocus()
    run(qloop, until(lambda: panel.model.query == "" and not panel.searching()))
    assert panel.model.rowCount() == 5


def test_activating_a_customer_says_so_without_blocking(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                        small_search: SearchService) -> None:
    window = open_window(qtbot, qloop, small_search)
    panel = window.search_panel
    assert panel is not None
    qtbot.keyClicks(panel.box, "<b>")
    run(qloop, until(lambda: panel.model.query == "<b>" and not panel.searching()))
    with qtbot.waitSignal(panel.customerActivated, timeout=1000):
        qtbot.keyClick(panel.box, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage().startswith("Selected <b>Bob</b>.")


def test_f5_syncs_now_and_progress_shows_in_the_status_bar(
        qtbot: QtBot, qloop: qasync.QEventLoop, small_search: SearchService) -> None:
    window = open_window(qtbot, qloop, small_search)
    sync = FakeSync()
    window.attach_sync(sync)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert sync.requests == 1
    progress, bar = status_label(window, "syncProgress"), window.sync_status.progress_bar
    window.sync_bridge.progress(SyncProgress("loke", "writing", pages=3, records=300))
    window.sync_bridge.progress(SyncProgress("reservations", "writing", pages=1, records=40,
                                             total=90))
    run(qloop, until(lambda: progress.isVisible()))
    # English sources (no translator in tests); the English .qm says "customers".
    assert progress.text() == ("Syncing LOKE: 300 customer(s) · reservations: 40 of 90 "
                               "customer(s)")
    assert bar.isVisible() and bar.maximum() == 0  # two vendors, one total unknown: busy
    window.sync_bridge.progress(SyncProgress("loke", "done", 4, 350, done=True))
    run(qloop, until(lambda: bar.maximum() == 90))
    assert bar.value() == 40
    window.sync_bridge.progress(SyncProgress(
        "reservations", "failed", done=True,
        error="reservations: can't be reached (network or server down)"))
    error = status_label(window, "syncError")
    run(qloop, until(lambda: error.isVisible()))
    assert not progress.isVisible() and not bar.isVisible()
    assert error.text() == ("⚠ reservations: can't be reached (network or server down) — "
                            "showing saved data")
    assert error.textFormat() == Qt.TextFormat.PlainText
    assert error.property("tone") == "alert"  # and its words start with ⚠
    window.sync_bridge.progress(SyncProgress("reservations", "done", 1, 90, done=True))
    run(qloop, until(lambda: not error.isVisible()))


def test_freshness_comes_from_the_sync_state(qtbot: QtBot, qloop: qasync.QEventLoop,
                                             small_cache: Cache,
                                             small_search: SearchService) -> None:
    now = datetime.now(UTC)
    offline = now - timedelta(minutes=30)
    writer = CacheWriter(small_cache)
    writer.set_state("loke", last_success=(now - timedelta(minutes=2, seconds=5)).isoformat(),
                     last_attempt=(now - timedelta(minutes=2, seconds=5)).isoformat())
    writer.set_state("reservations", last_success=(now - timedelta(hours=3)).isoformat(),
                     last_attempt=offline.isoformat(), offline_since=offline.isoformat(),
                     last_error="reservations: can't be reached")
    writer.close()
    window = open_window(qtbot, qloop, small_search)
    freshness = status_label(window, "syncFreshness")
    run(qloop, until(lambda: bool(freshness.text())))
    assert freshness.text() == (f"⚠ reservations: offline since {clock(offline, now)}  ·  "
                                "LOKE: 2 min ago")
    assert "can't be reached" in rendered(freshness.toolTip())  # as Qt shows it
    assert freshness.property("tone") == "warn"  # offline stands out; the ⚠ words say so
    assert window.freshness_timer.isActive() and window.freshness_timer.interval() == 30_000


def test_sync_report_refreshes_freshness_and_results(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                     small_cache: Cache,
                                                     small_search: SearchService) -> None:
    window = open_window(qtbot, qloop, small_search)
    panel = window.search_panel
    assert panel is not None
    freshness = status_label(window, "syncFreshness")
    run(qloop, until(lambda: bool(freshness.text())))
    assert freshness.text() == "reservations: not synced yet  ·  LOKE: not synced yet"
    writer = CacheWriter(small_cache)
    writer.upsert("loke", [], state={"last_success": datetime.now(UTC).isoformat()})
    writer.close()
    window.sync_bridge.progress(SyncProgress("loke", "done", 1, 0, done=True))
    window.sync_bridge.report(SyncReport([VendorResult("loke", ok=True)]))
    report = run(qloop, window.sync_finished())
    assert report.ok
    run(qloop, until(lambda: "LOKE: just now" in freshness.text()))


def test_notices_and_geometry(qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path,
                              small_search: SearchService) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = open_window(qtbot, qloop, small_search, settings)
    window.show_notices(["The local cache was damaged; it was moved aside and is being "
                         "rebuilt from the vendors."])
    bar = window.findChild(QStatusBar, "syncStatus")
    assert bar is not None and bar.currentMessage().startswith("The local cache was damaged")
    window.fit_screen()  # as ui.main does: the layout is kept per screen size
    window.resize(760, 450)  # the offscreen screen is 800×600
    assert window.search_panel is not None
    window.search_panel.view.horizontalHeader().resizeSection(0, 321)
    window.close()
    again = MainWindow(PROFILE, MemorySecrets("ui-window"), training=True, settings=settings,
                       cache=small_search)
    qtbot.addWidget(again)
    again.fit_screen()
    assert again.size().width() == 760
    assert again.search_panel is not None
    assert again.search_panel.view.horizontalHeader().sectionSize(0) == 321
