"""The main window: store header, the customer search, the vendor checks, and sync status.

It opens on the search panel with the cursor in the search box, because a customer is usually
standing at the counter. Keys: Ctrl+F / F2 back to the search box, Esc clears it, F5 syncs now
(and re-checks the vendors on the Vendors tab). Sync progress, each vendor's freshness and sync
errors live in the status bar; nothing here ever opens a blocking dialog.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from app.cache.state import SyncState, read_states
from app.profile import StoreProfile
from app.secrets import SecretSource
from app.sync.events import SYNC_VENDORS, SyncProgress, SyncReport
from ui.search_model import SearchResultsModel, SearchSource
from ui.search_panel import SearchPanel
from ui.sync_bridge import SyncBridge, SyncControl
from ui.sync_status import SyncStatusBar
from ui.tasks import TaskSlots
from ui.vendor_status import VendorsPanel, plain_label

T = TypeVar("T")
BANNER_STYLE = ("background:#ffd54f; color:#3e2723; font-weight:bold; padding:6px 10px; "
                "border-radius:4px;")
FRESHNESS_EVERY_MS = 30_000
#: While pages land, the results re-read at most this often (a first fill shows people arriving).
REFRESH_EVERY_S = 1.5
ACTIVATED_MESSAGE_MS = 8_000
NOTICE_MS = 30_000

__all__ = ["BANNER_STYLE", "CacheReader", "MainWindow", "plain_label"]


class CacheReader(SearchSource, Protocol):
    """Searches plus other short reads, on the cache reader thread (``SearchService``)."""

    async def read(self, job: Callable[[sqlite3.Connection], T]) -> T: ...


class MainWindow(QMainWindow):
    def __init__(self, profile: StoreProfile, secrets: SecretSource, *, training: bool,
                 settings: QSettings | None = None, cache: CacheReader | None = None) -> None:
        super().__init__()
        self.profile = profile
        self.secrets = secrets
        self.training = training
        self.cache = cache
        self.tasks = TaskSlots()
        self.sync: SyncControl | None = None
        self.sync_bridge = SyncBridge(self)
        self.sync_bridge.progressed.connect(self._on_sync_progress)
        self.sync_bridge.reported.connect(self._on_sync_report)
        self.last_report: SyncReport | None = None
        self._reported = asyncio.Event()
        self._settings = settings
        self._last_refresh = 0.0
        self.setObjectName("mainWindow")
        title = f"Clientdesk — {profile.store.name}" + (" (training)" if training else "")
        self.setWindowTitle(title)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 8)
        header = QHBoxLayout()
        store = plain_label(profile.store.name, "storeName")
        store.setStyleSheet("font-size:18px; font-weight:bold;")
        header.addWidget(store)
        header.addStretch(1)
        if training:
            banner = plain_label(
                "TRAINING MODE — fake customers and vendors; nothing is sent anywhere",
                "trainingBanner")
            banner.setStyleSheet(BANNER_STYLE)
            header.addWidget(banner)
        layout.addLayout(header)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.results: SearchResultsModel | None = None
        self.search_panel: SearchPanel | None = None
        if cache is not None:
            self.results = SearchResultsModel(cache)
            self.search_panel = SearchPanel(self.results, self)
            self.search_panel.customerActivated.connect(self._on_customer)
            self.tabs.addTab(self.search_panel, "&Customers")
        self.vendors_panel = VendorsPanel(profile, secrets, self)
        self.tabs.addTab(self.vendors_panel, "&Vendors")
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        # The vendor status table keeps its old names for tests and support scripts.
        self.model = self.vendors_panel.model
        self.table = self.vendors_panel.table
        self.checked_label = self.vendors_panel.checked_label
        self.recheck = self.vendors_panel.recheck

        self.sync_status = SyncStatusBar(
            self.statusBar(), [v for v in SYNC_VENDORS if v in profile.vendors()])
        self.freshness_timer = QTimer(self)
        self.freshness_timer.setInterval(FRESHNESS_EVERY_MS)
        self.freshness_timer.timeout.connect(self.update_freshness)

        self.shortcuts = [
            QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search),
            QShortcut(QKeySequence(Qt.Key.Key_F2), self, self.focus_search),
            QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.clear_search),
            QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh_now),
        ]
        self.resize(1100, 640)
        self._restore_state()

    # -- startup ---------------------------------------------------------------------------
    def start(self) -> None:
        """First search (all customers), vendor checks, freshness."""
        if self.search_panel is not None:
            self.search_panel.start()
            self.search_panel.focus_search()
            self.update_freshness()
            self.freshness_timer.start()
        self.refresh()

    def attach_sync(self, control: SyncControl) -> None:
        """Use ``control`` for F5; its callbacks must be :attr:`sync_bridge`'s."""
        self.sync = control

    def show_notices(self, notices: Iterable[str]) -> None:
        """Cache notices (e.g. a rebuilt cache), shown once without blocking."""
        for notice in notices:
            self.statusBar().showMessage(notice, NOTICE_MS)

    def cache_failed(self, message: str) -> None:
        """The cache could not be opened: say so where the results would be."""
        if self.search_panel is not None:
            self.search_panel.summary.setText(message)
        self.statusBar().showMessage(message)

    async def sync_finished(self) -> SyncReport:
        """Wait for the end of the first (or next, once one was seen) background sync."""
        await self._reported.wait()
        assert self.last_report is not None
        return self.last_report

    # -- actions ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        if self.search_panel is not None:
            self.tabs.setCurrentWidget(self.search_panel)
            self.search_panel.focus_search()

    def clear_search(self) -> None:
        if self.search_panel is not None:
            self.tabs.setCurrentWidget(self.search_panel)
            self.search_panel.clear()

    def refresh_now(self) -> None:
        """F5: sync now; on the Vendors tab, also check every vendor again."""
        if self.tabs.currentWidget() is self.vendors_panel:
            self.refresh()
        if self.sync is not None:
            # Progress and the outcome arrive through the bridge; the future is not needed.
            self.sync.sync_now().add_done_callback(_consume)
            self.statusBar().showMessage("Syncing now…", 5_000)

    def refresh(self) -> None:
        """Run the doctor checks for every vendor (the Vendors tab)."""
        self.vendors_panel.refresh()

    async def checks_done(self) -> None:
        await self.vendors_panel.checks_done()

    def all_ok(self) -> bool:
        return self.vendors_panel.all_ok()

    def update_freshness(self) -> None:
        if self.cache is not None and not self.tasks.running("freshness"):
            self.tasks.start("freshness", self._read_freshness())

    async def _read_freshness(self) -> None:
        assert self.cache is not None
        states: dict[str, SyncState] = await self.cache.read(read_states)
        self.sync_status.show_states(states, datetime.now(UTC))

    # -- events ----------------------------------------------------------------------------
    def _on_sync_progress(self, event: SyncProgress) -> None:
        self.sync_status.on_progress(event)
        now = time.monotonic()
        if event.done:
            self.update_freshness()
        if self.search_panel is not None and (
                event.done or now - self._last_refresh >= REFRESH_EVERY_S):
            self._last_refresh = now
            self.search_panel.refresh()

    def _on_sync_report(self, report: SyncReport) -> None:
        self.last_report = report
        self._reported.set()
        self.update_freshness()

    def _on_customer(self, customer_id: int) -> None:
        hit = self.search_panel.current_hit() if self.search_panel is not None else None
        who = hit.name if hit is not None and hit.customer_id == customer_id else \
            f"customer {customer_id}"
        self.statusBar().showMessage(
            f"Selected {who}. Customer profiles will open here in a coming update.",
            ACTIVATED_MESSAGE_MS)

    # -- state -----------------------------------------------------------------------------
    def _restore_state(self) -> None:
        if self._settings is None:
            return
        geometry = self._settings.value("mainWindow/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        columns = self._settings.value("search/columns")
        if isinstance(columns, QByteArray) and self.search_panel is not None:
            self.search_panel.restore_state(columns)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settings is not None:
            self._settings.setValue("mainWindow/geometry", self.saveGeometry())
            if self.search_panel is not None:
                self._settings.setValue("search/columns", self.search_panel.save_state())
        self.freshness_timer.stop()
        self.tasks.cancel_all()
        self.vendors_panel.tasks.cancel_all()
        if self.search_panel is not None:
            self.search_panel.tasks.cancel_all()
        if self.results is not None:
            self.results.close()
        super().closeEvent(event)


def _consume(future: asyncio.Future[SyncReport]) -> None:
    """Retrieve a sync-now outcome nobody awaits (asyncio warns about unretrieved errors)."""
    if not future.cancelled():
        future.exception()
