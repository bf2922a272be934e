"""The main window: store header, the customer search, the vendor checks, and sync status.

It opens on the search panel with the cursor in the search box, because a customer is usually
standing at the counter. The Customers tab is a splitter: the search on the left and, once a
customer is opened (Enter or double-click on a result, or a Qudini booking link scanned into
the box), their profile on the right. Keys: Ctrl+F / F2 back to the search box; Esc returns
to the search box from anywhere, and clears it when already there; F5 syncs now, refreshes the
open profile from every vendor, and re-checks the vendors on the Vendors tab; F1 lists every
key (:mod:`ui.window.help_overlay` holds the one table the keys are bound from). Sync progress,
each vendor's freshness and sync errors live in the status bar; nothing here ever opens a
blocking dialog.

With editing (an :class:`~ui.editing.service.EditService` given), the header shows the mode —
"Staff" or "Manager (locks in 4 min)", Ctrl+M to switch (:mod:`ui.editing.manager_lock`) —
and three tabs join: the Blacklist (Ctrl+B; :mod:`ui.editing.blacklist_view`), the Edits not
sent yet (Ctrl+Shift+E; :mod:`ui.editing.edits_panel`, counted in the status bar) and, for
managers, the Audit log (:mod:`ui.editing.audit_view`). The profile edits the reservations
note in place (Ctrl+E, Ctrl+S; :mod:`ui.editing.note_editor`) and offers managers "Link
duplicates…" (:mod:`ui.editing.merge_dialog`); the selected queue ticket gets a labels editor
(Ctrl+L; :mod:`ui.editing.labels_editor`). Every edit is made on the cache thread and sent by
the edit service; none blocks the window.

When the store uses Qminder (and this PC has its key), the live queue is a dock
(``queueDock``) under the tabs: it can be undocked, moved or hidden (F12 or the header's
"Queue" button brings it back), and where it was is saved with the window's geometry. Its
action keys (F6–F11, Shift+Del) work from anywhere in the window, the search box included, so
the host can call the next visitor while a customer's profile is open. A blacklisted customer or
a ticket with an important label (profile ``[alerts]``) joining the queue flashes the taskbar
button and shows a tray notification, or a banner above the tabs where there is no tray
(:mod:`ui.window.alerts`).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.about import Install
from app.about import facts as about_facts
from app.cache import edits as cache_edits
from app.cache.outbox import Edit
from app.cache.own_thread import CacheClosed
from app.cache.state import SyncState, read_states
from app.customer.resolve import NotResolved, Resolved, resolve
from app.customer.service import CacheJob, ProfileService
from app.errors import ClientdeskError
from app.profile import StoreProfile
from app.queue.alerts import AlertRules
from app.secrets import SecretSource
from app.sync.events import SYNC_VENDORS, SyncProgress, SyncReport
from app.vendors.network import Network
from app.vendors.qudini.client import ShortLinkError, ShortLinkResolver
from app.vendors.qudini.links import BookingLinkError
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label
from ui.editing.audit_view import AuditView
from ui.editing.blacklist_view import BlacklistView
from ui.editing.complete_dialog import WalkInBox
from ui.editing.edits_panel import EditsPanel, EditsStatus
from ui.editing.labels_editor import LabelsEditor
from ui.editing.manager_lock import ManagerButton, ManagerGate
from ui.editing.merge_dialog import BookingCount, MergeDialog
from ui.editing.note_editor import NoteEditor
from ui.editing.service import EditService
from ui.profile.panel import ProfilePanel
from ui.queue.panel import QueuePanel, QueueParts
from ui.search.model import SearchResultsModel, SearchSource
from ui.search.online import LookupHooks
from ui.search.panel import SearchPanel
from ui.theme import set_size, set_surface
from ui.window.about import AboutDialog
from ui.window.alerts import QueueAlerts
from ui.window.command_palette import CommandPalette
from ui.window.help_overlay import HelpOverlay, bind, key_text
from ui.window.screen_fit import first_geometry, fits, is_short, layout_key, side_dock
from ui.window.sync_bridge import SyncBridge, SyncControl
from ui.window.sync_status import SyncStatusBar
from ui.window.vendor_status import VendorsPanel

log = logging.getLogger("clientdesk.ui.window")

T = TypeVar("T")
FRESHNESS_EVERY_MS = 30_000
#: While pages land, the results re-read at most this often (a first fill shows people arriving).
REFRESH_EVERY_S = 1.5
ACTIVATED_MESSAGE_MS = 8_000
NOTICE_MS = 30_000
#: Share of the Customers tab the profile takes when it first opens.
PROFILE_SHARE = 0.62
#: The narrowest the search side gets beside a profile (a name, the flag, a masked contact).
SEARCH_MIN_WIDTH = 300
#: …and on a short (so usually narrow) screen, where the queue docks beside the profile.
SEARCH_MIN_WIDTH_COMPACT = 240
#: The queue dock's first height (px), before staff resize it (then the saved state wins).
QUEUE_HEIGHT = 460
#: Its first width when docked at the side (its narrow layout fits 420 px).
QUEUE_SIDE_WIDTH = 460

__all__ = ["CacheReader", "MainWindow"]


class CacheReader(SearchSource, Protocol):
    """Searches plus other short reads, on the cache reader thread (``SearchService``)."""

    async def read(self, job: Callable[[sqlite3.Connection], T]) -> T: ...


class MainWindow(QMainWindow):
    def __init__(self, profile: StoreProfile, secrets: SecretSource, *, training: bool,
                 settings: QSettings | None = None, cache: CacheReader | None = None,
                 profiles: ProfileService | None = None, queue: QueueParts | None = None,
                 jobs: CacheJob[Any] | None = None, edits: EditService | None = None,
                 booking_count: BookingCount | None = None,
                 install: Install | None = None) -> None:
        """``queue``: the store's live queue (None: no Qminder, no queue dock); ``jobs``: the
        cache thread the queue matches tickets to saved customers on; ``edits``: editing
        (None: a read-only window, as before issue 6); ``booking_count``: reservations' live
        count of a record's bookings for the merge preview (the composition root's one
        ``BookingCounter``; None: the preview shows the count as last synced)."""
        super().__init__()
        self.profile = profile
        self.secrets = secrets
        self.training = training
        self.cache = cache
        self.profiles = profiles
        #: For the About box (Help menu); its keyring line is read when the box opens.
        self.install = install
        self.about_dialog: AboutDialog | None = None
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
        title = self.tr("Clientdesk — {store} (training)") if training else \
            self.tr("Clientdesk — {store}")
        self.setWindowTitle(title.format(store=profile.store.name))
        self.setAccessibleName(self.tr("Clientdesk"))

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 8)
        header = QHBoxLayout()
        store = plain_label(profile.store.name, "storeName")
        set_size(store, "title")
        header.addWidget(store)
        header.addStretch(1)
        self.edits = edits if cache is not None else None
        self.gate: ManagerGate | None = None
        self.manager_button: ManagerButton | None = None
        if self.edits is not None:
            self.gate = ManagerGate(self.edits.manager, self)
            self.manager_button = ManagerButton(self.gate, key_text("manager.toggle"), self)
            header.addWidget(self.manager_button)
        self.queue_toggle: QToolButton | None = None
        if queue is not None:
            self.queue_toggle = QToolButton(self)
            self.queue_toggle.setObjectName("queueToggle")
            self.queue_toggle.setAccessibleName(self.tr("Show or hide the queue"))
            header.addWidget(self.queue_toggle)
        if training:
            banner = plain_label(
                self.tr("TRAINING MODE — fake customers and vendors; nothing is sent anywhere"),
                "trainingBanner")
            set_surface(banner, "training")
            banner.setWordWrap(True)
            header.addWidget(banner)
        layout.addLayout(header)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName(self.tr("Parts of the window"))
        self.results: SearchResultsModel | None = None
        self.search_panel: SearchPanel | None = None
        self.profile_panel: ProfilePanel | None = None
        self.customers: QSplitter | None = None
        if cache is not None:
            self.results = SearchResultsModel(cache)
            hooks = LookupHooks(self.profile, profiles.look_up, profiles.adopt) \
                if profiles is not None else None
            self.search_panel = SearchPanel(self.results, self, lookup=hooks)
            self.search_panel.customerActivated.connect(self._on_customer)
            self.search_panel.referenceEntered.connect(self._on_reference)
            self.customers = QSplitter(Qt.Orientation.Horizontal, self)
            self.customers.setObjectName("customersSplit")
            self.customers.setChildrenCollapsible(False)
            self.customers.addWidget(self.search_panel)
            # Names must stay readable beside an open profile, whatever a saved layout says.
            self.search_panel.setMinimumWidth(SEARCH_MIN_WIDTH)
            if profiles is not None:
                self.profile_panel = ProfilePanel(profiles, self)
                self.profile_panel.close_button.clicked.connect(self.close_profile)
                self.customers.addWidget(self.profile_panel)
                self.profile_panel.hide()  # until a customer is opened
            self.tabs.addTab(self.customers, self.tr("&Customers"))
        self.blacklist_view: BlacklistView | None = None
        self.edits_panel: EditsPanel | None = None
        self.audit_view: AuditView | None = None
        if self.edits is not None and self.gate is not None and cache is not None:
            zone = ZoneInfo(profile.store.timezone)
            self.blacklist_view = BlacklistView(self.edits, self.gate, cache, zone, self)
            self.edits_panel = EditsPanel(self.edits, self.gate, zone, self)
            self.audit_view = AuditView(self.edits, self.gate, zone, self)
            self.tabs.addTab(self.blacklist_view, self.tr("&Blacklist"))
            self.tabs.addTab(self.edits_panel, self.tr("&Edits"))
            self.tabs.addTab(self.audit_view, self.tr("A&udit"))
        self.vendors_panel = VendorsPanel(profile, secrets, self)
        self.tabs.addTab(self.vendors_panel, self.tr("&Vendors"))
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

        self.queue_dock: QDockWidget | None = None
        self.queue_panel: QueuePanel | None = None
        #: Taskbar flash and tray notification for blacklisted / important tickets.
        self.queue_alerts: QueueAlerts | None = None
        self.walk_in_button: QPushButton | None = None  # "Add to queue…" on a profile
        if queue is not None:
            self._build_queue(queue, jobs)
        self.note_editor: NoteEditor | None = None
        self.complete_box: WalkInBox | None = None  # "Complete walk-in record…"
        self.labels_editor: LabelsEditor | None = None
        self.merge_button: QPushButton | None = None
        self.merge_dialog: MergeDialog | None = None
        self.edits_status: EditsStatus | None = None
        self.booking_count = booking_count
        if self.edits is not None:
            self._build_editing(self.edits)

        groups = ["Window", "Search"] if self.search_panel is not None else ["Window"]
        if self.profile_panel is not None:
            groups.append("Profile")
        if self.queue_panel is not None:
            groups.append("Queue")
        if self.edits is not None:
            groups.append("Edits")
        self.help = HelpOverlay(self, groups)
        self.palette_layer = CommandPalette(self)
        self.shortcuts: list[QShortcut] = [
            *bind("search.focus", self, self.focus_search),
            *bind("escape", self, self.escape),
            *bind("refresh", self, self.refresh_now),
            *bind("help", self, self.help.toggle),
            *bind("palette", self, self.palette_layer.toggle),
            *bind("about", self, self.show_about),
        ]
        if self.queue_panel is not None:
            self.shortcuts += bind("queue.focus", self, self.focus_queue)
        if self.gate is not None:
            self.shortcuts += [*bind("manager.toggle", self, self.gate.toggle),
                               *bind("note.edit", self, self.edit_note),
                               *bind("queue.label", self, self.edit_labels),
                               *bind("blacklist.show", self, self.show_blacklist),
                               *bind("edits.show", self, self.show_edits)]
        self._build_help_menu()
        self.compact = False
        self.screen_key = ""
        self._restore_state()

    def _build_help_menu(self) -> None:
        """Help: the key list (F1 shows it from anywhere; the menu only names the key, so
        nothing binds it twice) and About."""
        menu = self.menuBar().addMenu(self.tr("&Help"))
        menu.setObjectName("helpMenu")
        keys = menu.addAction(self.tr("&Keyboard help") + f"\t{key_text('help')}")
        keys.triggered.connect(self.help.toggle)
        commands = menu.addAction(self.tr("&Commands…") + f"\t{key_text('palette')}")
        commands.triggered.connect(self.palette_layer.toggle)
        about = menu.addAction(self.tr("&About Clientdesk"))
        about.setObjectName("aboutAction")
        about.triggered.connect(self.show_about)
        self.help_menu = menu

    def bring_to_front(self) -> None:
        """Another launch of Clientdesk asked for this window (:mod:`ui.single_instance`)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def show_about(self) -> None:
        self.tasks.start("about", self._about())

    async def _about(self) -> None:
        """The keyring is asked off the GUI thread (a locked one may take a moment)."""
        try:
            keyring = await asyncio.to_thread(self.secrets.describe)
        except ClientdeskError as exc:
            keyring = exc.message
        base = self.install or Install(None, "", Path(), "", training=self.training)
        rows = about_facts(self.profile, replace(base, keyring=keyring,
                                                 training=self.training))
        if self.about_dialog is not None:
            self.about_dialog.close()
        self.about_dialog = AboutDialog(rows, self)
        self.about_dialog.open()

    def _build_queue(self, queue: QueueParts, jobs: CacheJob[Any] | None) -> None:
        panel = QueuePanel(queue, jobs, self)
        panel.customerActivated.connect(self._on_queue_customer)
        dock = QDockWidget(self.tr("Queue (Qminder)"), self)
        dock.setObjectName("queueDock")
        dock.setAccessibleName(self.tr("Live queue"))
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)  # fit_screen moves it
        self.resizeDocks([dock], [QUEUE_HEIGHT], Qt.Orientation.Vertical)
        dock.dockLocationChanged.connect(self._queue_placed)
        self.queue_dock, self.queue_panel = dock, panel
        if self.profile_panel is not None:
            key = key_text("profile.queue")
            self.walk_in_button = QPushButton(self.tr("Add to queue…"))
            self.walk_in_button.setObjectName("profileAddToQueue")
            self.walk_in_button.setAccessibleName(self.tr("Add this customer to the queue"))
            self.walk_in_button.setToolTip(self.tr(
                "Put this customer in a line, name and contacts on file filled in — key {key}"
            ).format(key=key))
            self.walk_in_button.clicked.connect(lambda _checked=False: self.queue_profile())
            self.profile_panel.header_actions.addWidget(self.walk_in_button)
            bind("profile.queue", self, self.queue_profile)
        self.queue_alerts = QueueAlerts(self, panel, AlertRules.of(self.profile.alerts),
                                        started=queue.clock(), show_queue=self.focus_queue)
        body = self.centralWidget()
        central = body.layout() if body is not None else None
        if isinstance(central, QVBoxLayout):
            self.queue_alerts.place_banner(central, 1)  # under the header, above the tabs
        if self.queue_toggle is not None:
            toggle = dock.toggleViewAction()
            toggle.setText(self.tr("Queue ({key})").format(key=key_text("queue.focus")))
            toggle.setToolTip(self.tr("Show or hide the live queue"))
            self.queue_toggle.setDefaultAction(toggle)
            self.queue_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def queue_profile(self) -> None:
        """The walk-in dialog for the open customer: their name typed in, their contacts on
        file used without being shown (so it is no reveal, and nothing is audited)."""
        panel, queue = self.profile_panel, self.queue_panel
        profile = panel.profile if panel is not None and not panel.isHidden() else None
        head = profile.header if profile is not None else None
        if queue is None or head is None:
            self.statusBar().showMessage(self.tr(
                "Open a customer's profile first, then add them to the queue."),
                ACTIVATED_MESSAGE_MS)
            return
        first, _, last = head.name.strip().partition(" ")
        queue.open_walk_in(first_name=first, last_name=last.strip(),
                           phone_on_file=head.phones[0] if head.phones else "",
                           email_on_file=head.emails[0] if head.emails else "")

    def _build_editing(self, service: EditService) -> None:
        """The note editor, the labels editor, "Link duplicates…", the status bar count."""
        assert self.gate is not None
        self.edits_status = EditsStatus(service, self.statusBar())
        self.edits_status.clicked.connect(self.show_edits)
        if self.profile_panel is not None:
            self.note_editor = NoteEditor(service, self.profile_panel,
                                          zone=ZoneInfo(self.profile.store.timezone))
            self.profile_panel.attach_note_editor(self.note_editor)
            panel = self.profile_panel
            self.profile_panel.painted.connect(
                lambda: self.note_editor.show_profile(panel.profile)
                if self.note_editor is not None else None)
            # Above the note, in the reservations section, on a walk-in placeholder only.
            complete_box = WalkInBox(service, country=self.profile.store.country,
                                     zone=ZoneInfo(self.profile.store.timezone), parent=panel)
            complete_box.attach(panel)
            panel.painted.connect(lambda: complete_box.show_profile(panel.profile))
            # A new email or phone may link the record with others: open who it is now.
            complete_box.completed.connect(
                lambda _edit, customer: self._merged(customer) if customer > 0
                else self._cache_edited())
            self.complete_box = complete_box
            panel.revealed.connect(
                lambda customer_id: service.tasks.start(
                    f"reveal-{customer_id}", self._audit_reveal(service, customer_id)))
            self.merge_button = QPushButton(self.tr("Link duplicates…"))
            self.merge_button.setObjectName("mergeCustomers")
            self.merge_button.setAccessibleName(self.tr("Link this customer with a duplicate"))
            self.merge_button.setToolTip(self.tr(
                "Managers: link this customer with a duplicate; optionally move reservations "
                "bookings"))
            self.merge_button.clicked.connect(self.open_merge)
            self.profile_panel.header_actions.addWidget(self.merge_button)
        if self.queue_panel is not None:
            self.labels_editor = LabelsEditor(service, self.queue_panel.board, self)
            self.queue_panel.add_to_card(self.labels_editor)
            queue_panel = self.queue_panel
            queue_panel.cardPainted.connect(lambda: self._show_ticket_labels(queue_panel))
        if self.edits_panel is not None:
            self.edits_panel.editRequested.connect(self.go_to_edit)
        if self.blacklist_view is not None:
            self.blacklist_view.blacklistChanged.connect(self._cache_edited)
        service.sent.connect(self._cache_edited)

    def _show_ticket_labels(self, panel: QueuePanel) -> None:
        if self.labels_editor is not None:
            row = panel.selected()
            self.labels_editor.show_ticket(row.ticket if row is not None else None)

    # -- startup ---------------------------------------------------------------------------
    def start(self) -> None:
        """First search (all customers), vendor checks, freshness."""
        if self.search_panel is not None:
            self.search_panel.start()
            self.search_panel.focus_search()
            self.update_freshness()
            self.freshness_timer.start()
        self.refresh()

    def start_editing(self) -> None:
        """Read the open edits and the blacklist (once the window shows)."""
        if self.edits is not None:
            self.edits.refresh()
        if self.blacklist_view is not None:
            self.blacklist_view.refresh()

    def start_queue(self) -> None:
        """Load the queue and go live; called once the window shows."""
        if self.queue_panel is not None:
            self.queue_panel.start()

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
        if self.search_panel is not None and self.customers is not None:
            self.tabs.setCurrentWidget(self.customers)
            self.search_panel.focus_search()

    def clear_search(self) -> None:
        if self.search_panel is not None and self.customers is not None:
            self.tabs.setCurrentWidget(self.customers)
            self.search_panel.clear()

    def escape(self) -> None:
        """Esc: close the key list or drop the queue's open question first; otherwise back to
        the search box from anywhere, and in the box itself, empty it."""
        if self.help.isVisible():
            self.help.close_overlay()
            return
        if self.queue_panel is not None and self.queue_panel.escape():
            return
        if self.search_panel is not None and \
                QApplication.focusWidget() is not self.search_panel.box:
            self.focus_search()
        else:
            self.clear_search()

    def focus_queue(self) -> None:
        """F12: show the queue (wherever it was docked) and put the cursor in it."""
        if self.queue_dock is None or self.queue_panel is None:
            return
        self.queue_dock.show()
        if self.queue_dock.isFloating():
            self.queue_dock.raise_()  # its own window, maybe behind this one
        self.queue_panel.focus_queue()

    # -- editing ---------------------------------------------------------------------------
    def show_blacklist(self) -> None:
        """Ctrl+B: the Blacklist tab, cursor in its search box."""
        if self.blacklist_view is not None:
            self.tabs.setCurrentWidget(self.blacklist_view)
            self.blacklist_view.refresh()
            self.blacklist_view.focus_search()

    def show_edits(self) -> None:
        """Ctrl+Shift+E (or the status bar's count): the Edits tab."""
        if self.edits_panel is not None:
            self.tabs.setCurrentWidget(self.edits_panel)
            self.edits_panel.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def edit_note(self) -> None:
        """Ctrl+E: the open customer's reservations note, cursor in it."""
        editor = self.note_editor
        if editor is None or self.profile_panel is None or self.customers is None or \
                self.profile_panel.isHidden() or editor.reservations_id is None:
            self.statusBar().showMessage(self.tr(
                "Open a customer known to reservations first: the note lives there."),
                ACTIVATED_MESSAGE_MS)
            return
        self.tabs.setCurrentWidget(self.customers)
        editor.focus_note()

    def edit_labels(self) -> None:
        """Ctrl+L: the labels editor of the selected queue ticket."""
        if self.labels_editor is None or self.queue_panel is None or self.queue_dock is None:
            self.statusBar().showMessage(self.tr("This store has no queue in this window."),
                                         ACTIVATED_MESSAGE_MS)
            return
        self.queue_dock.show()
        if self.queue_panel.selected() is None:
            self.queue_panel.focus_queue()
        self.labels_editor.focus_input()

    async def _audit_reveal(self, service: EditService, customer_id: int) -> None:
        """Reveal on the profile: one audit line (which counter and mode, whom, when)."""
        who = service.who()
        try:
            await service.run(lambda conn: cache_edits.record_reveal(
                conn, customer_id, where="window", **who))
        except (CacheClosed, sqlite3.OperationalError) as exc:  # shutting down, or busy
            log.warning("the reveal of customer %s could not be audited: %s", customer_id, exc)

    def open_merge(self) -> None:
        """"Link duplicates…" on a profile: managers only (asks for the PIN first)."""
        if self.gate is not None:
            self.gate.require(self._open_merge)

    def _open_merge(self) -> None:
        panel = self.profile_panel
        head = panel.profile.header if panel is not None and panel.profile else None
        if self.edits is None or self.gate is None or self.cache is None or head is None:
            self.statusBar().showMessage(self.tr("Open a saved customer first."),
                                         ACTIVATED_MESSAGE_MS)
            return
        dialog = MergeDialog(self.edits, self.gate, self.cache, head,
                             booking_count=self.booking_count, parent=self)
        dialog.merged.connect(self._merged)
        dialog.finished.connect(lambda _result: self._merge_closed(dialog))
        self.merge_dialog = dialog
        dialog.open()

    def _merge_closed(self, dialog: MergeDialog) -> None:
        if self.merge_dialog is dialog:
            self.merge_dialog = None
        dialog.deleteLater()

    def _merged(self, customer_id: int) -> None:
        """Two customers became one (or one became two): search and the profile follow."""
        self._cache_edited()
        if self.profile_panel is not None and not self.profile_panel.isHidden():
            self.profile_panel.open_customer(customer_id)

    def _cache_edited(self) -> None:
        """An edit changed what the cache shows (a flag, a name): re-read what is on screen."""
        if self.search_panel is not None:
            self.search_panel.refresh()
        if self.blacklist_view is not None:
            self.blacklist_view.refresh()
        if self.queue_panel is not None:
            self.queue_panel.cache_changed()

    def go_to_edit(self, edit: Edit) -> None:
        """"Edit…" in the Edits tab: where the edit was made."""
        if edit.kind.startswith("blacklist."):
            self.show_blacklist()
            return
        if edit.kind.startswith("label."):
            ticket = str(edit.payload.get("ticket_id", ""))
            if self.queue_panel is not None and self.queue_panel.select_ticket(ticket):
                self.edit_labels()
            else:
                self.statusBar().showMessage(
                    self.tr("Ticket {ticket} is no longer in the queue.").format(ticket=ticket),
                    ACTIVATED_MESSAGE_MS)
            return
        self.tasks.start("goto", self._open_edit_customer(edit))

    async def _open_edit_customer(self, edit: Edit) -> None:
        if self.edits is None:
            return
        rid = str(edit.payload.get("customer_id") or edit.payload.get("from_id") or "")
        customer_id = await self.edits.run(
            lambda conn: cache_edits.customer_of(conn, "reservations", rid))
        if customer_id is None:
            self.statusBar().showMessage(
                self.tr("That customer is not in this PC's cache any more."),
                ACTIVATED_MESSAGE_MS)
            return
        self.open_customer(customer_id)
        if edit.kind == "note.set" and self.note_editor is not None:
            self.note_editor.focus_note()

    def open_customer(self, customer_id: int) -> None:
        """Show a cached customer's profile beside the search and refresh it."""
        if self.profile_panel is None:
            return
        self.tasks.cancel("resolve")  # a slower lookup typed earlier must not replace this one
        self._show_profile()
        self.profile_panel.open_customer(customer_id)
        if self.search_panel is not None:
            self.search_panel.select_customer(customer_id)

    def open_visit(self, identifier: str) -> None:
        """Show a Qudini booking (with its customer, when known) and refresh it."""
        if self.profile_panel is None:
            return
        self._show_profile()
        self.profile_panel.open_visit(identifier)

    def close_profile(self) -> None:
        if self.profile_panel is not None:
            self.profile_panel.clear()
            self.profile_panel.hide()
            self.focus_search()

    def _show_profile(self) -> None:
        panel, split = self.profile_panel, self.customers
        if panel is None or split is None or not panel.isHidden():
            return
        panel.show()
        state = self._settings.value("search/split") if self._settings is not None else None
        if not (isinstance(state, QByteArray) and split.restoreState(state)):
            total = max(split.width(), 800)
            split.setSizes([int(total * (1 - PROFILE_SHARE)), int(total * PROFILE_SHARE)])

    def refresh_now(self) -> None:
        """F5: sync now; refresh the open profile; on the Vendors tab, check every vendor."""
        if self.tabs.currentWidget() is self.vendors_panel:
            self.refresh()
        elif self.profile_panel is not None and self.profile_panel.has_profile() and \
                not self.profile_panel.isHidden():
            self.profile_panel.refresh(force=True)
        if self.sync is not None:
            # Progress and the outcome arrive through the bridge; the future is not needed.
            self.sync.sync_now().add_done_callback(_consume)
            self.statusBar().showMessage(self.tr("Syncing now…"), 5_000)

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
        self.show_notices(report.notices)
        if self.edits is not None:
            self.edits.refresh()  # the sync sent waiting edits before it pulled
        if self.blacklist_view is not None:
            self.blacklist_view.refresh()
        if self.queue_panel is not None:
            self.queue_panel.cache_changed()  # the cache may know who is waiting now

    def _on_queue_customer(self, customer_id: int) -> None:
        """Enter on a matched ticket: their profile, on the Customers tab."""
        if self.profile_panel is None or self.customers is None:
            self.statusBar().showMessage(self.tr("Profiles cannot be opened in this window."),
                                         ACTIVATED_MESSAGE_MS)
            return
        self.tabs.setCurrentWidget(self.customers)
        self.open_customer(customer_id)

    def _on_customer(self, customer_id: int) -> None:
        if self.profile_panel is not None:
            self.open_customer(customer_id)
            return
        hit = self.search_panel.current_hit() if self.search_panel is not None else None
        who = hit.name if hit is not None and hit.customer_id == customer_id else \
            self.tr("customer {number}").format(number=customer_id)
        self.statusBar().showMessage(
            self.tr("Selected {who}. Profiles cannot be opened in this window.").format(who=who),
            ACTIVATED_MESSAGE_MS)

    def _on_reference(self, text: str) -> None:
        """A link, Qudini identifier or exact reference + Enter: resolve it on the cache
        reader thread, then open what it names or say what shape was expected."""
        if self.search_panel is None or self.cache is None:
            return
        if self.profile_panel is None:
            self.search_panel.show_notice(self.tr("Profiles cannot be opened in this window."))
            return
        self.tasks.start("resolve", self._resolve(text))

    async def _follow_short_link(self, short_link: str) -> str | None:
        """The booking a Qudini short link points to, read on the loop (never blocking the
        window), or None after saying under the search box why it could not be read."""
        assert self.search_panel is not None
        status, reading = self.statusBar(), self.tr("Reading where the Qudini short link points…")
        status.showMessage(reading)
        try:
            async with ShortLinkResolver(self.profile.qudini,
                                         network=Network.of(self.profile.network)) as links:
                return await links.booking_identifier(short_link)
        except (ShortLinkError, BookingLinkError) as exc:
            self.search_panel.show_notice(exc.message)
            return None
        finally:
            if status.currentMessage() == reading:  # not a message shown since
                status.clearMessage()

    async def _resolve(self, text: str) -> None:
        assert self.cache is not None and self.search_panel is not None
        country = self.profile.store.country

        def job(conn: sqlite3.Connection) -> Resolved:
            return resolve(conn, text, country)

        try:
            found = await self.cache.read(job)
        except NotResolved as exc:
            self.search_panel.show_notice(exc.message)
            return
        except (CacheClosed, sqlite3.OperationalError) as exc:
            self.search_panel.show_notice(
                self.tr("The customer cache could not be read ({reason}).").format(reason=exc))
            return
        if self.search_panel.box.text() != text:
            return  # typed on meanwhile: the newer text decides
        if found.short_link is not None:
            identifier = await self._follow_short_link(found.short_link)
            if identifier is None or self.search_panel.box.text() != text:
                return
            found = replace(found, qudini_identifier=identifier)
        if found.qudini_identifier is not None:
            self.open_visit(found.qudini_identifier)
        elif found.customer_id is not None:
            self._show_profile()
            assert self.profile_panel is not None
            self.profile_panel.open_customer(found.customer_id)
            self.search_panel.select_customer(found.customer_id)

    # -- state -----------------------------------------------------------------------------
    def _restore_state(self) -> None:
        columns = self._settings.value("search/columns") if self._settings is not None else None
        if isinstance(columns, QByteArray) and self.search_panel is not None:
            self.search_panel.restore_state(columns)
        # The splitter's saved sizes are applied when a profile first opens (_show_profile).
        # Where the window goes, and its layout, depend on the screen: fit_screen.

    def fit_screen(self, available: QRect | None = None) -> None:
        """Open inside the screen's available area with the layout its size gets.

        ``available`` defaults to this window's screen; tests pass 1366×728 or 1920×1040.
        The geometry and dock state saved for this screen size come back when they still fit;
        otherwise the window takes :func:`~ui.window.screen_fit.first_geometry`, the queue
        docks at the right on any landscape screen (it costs the profile width, not the
        height its timeline needs) and, on a short screen, the profile's sections become tabs.
        """
        if available is None:
            screen = self.screen() or QApplication.primaryScreen()
            available = screen.availableGeometry()
        self.screen_key = layout_key(available)
        self.compact = is_short(available)
        if self.profile_panel is not None:
            self.profile_panel.set_compact(self.compact)
        if self.search_panel is not None:  # a short screen is a narrow one too
            self.search_panel.setMinimumWidth(
                SEARCH_MIN_WIDTH_COMPACT if self.compact else SEARCH_MIN_WIDTH)
        group = f"layouts/{self.screen_key}"
        settings = self._settings
        geometry = settings.value(f"{group}/geometry") if settings is not None else None
        state = settings.value(f"{group}/state") if settings is not None else None
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry) and \
            fits(self.frameGeometry(), available)
        if not restored:
            self.setGeometry(first_geometry(available))
            if self.compact:  # every pixel counts: maximised, the frame fits the screen too
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        dock = self.queue_dock
        if dock is None:
            return
        if not (isinstance(state, QByteArray) and self.restoreState(state)):
            # No layout saved for this screen: the queue beside the profile where it fits.
            area = Qt.DockWidgetArea.RightDockWidgetArea if side_dock(available) else \
                Qt.DockWidgetArea.BottomDockWidgetArea
            self.addDockWidget(area, dock)
            if area == Qt.DockWidgetArea.RightDockWidgetArea:
                width = min(QUEUE_SIDE_WIDTH, max(available.width() // 3, 320))
                self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
            else:
                self.resizeDocks([dock], [QUEUE_HEIGHT], Qt.Orientation.Vertical)
                if self.compact:
                    # Short and narrow (1366×768 at 125 % scaling is 1093×614): the queue
                    # under the profile would leave its timeline no row, so it starts hidden,
                    # one key away (F12 or the header's button; alerts still show above).
                    dock.hide()
        self._queue_placed(self.dockWidgetArea(dock))

    def _queue_placed(self, area: Qt.DockWidgetArea) -> None:
        """The queue's narrow layout at the side, its wide one under the tabs (wherever staff
        drag it)."""
        if self.queue_panel is not None:
            self.queue_panel.set_compact(area in (Qt.DockWidgetArea.LeftDockWidgetArea,
                                                  Qt.DockWidgetArea.RightDockWidgetArea))

    def save_layout(self) -> None:
        """Where the window and the queue dock are, saved for this screen size only."""
        if self._settings is None or not self.screen_key:
            return
        group = f"layouts/{self.screen_key}"
        self._settings.setValue(f"{group}/geometry", self.saveGeometry())
        if self.queue_dock is not None:
            self._settings.setValue(f"{group}/state", self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        if self._settings is not None:
            if self.search_panel is not None:
                self._settings.setValue("search/columns", self.search_panel.save_state())
            if self.customers is not None and self.profile_panel is not None and \
                    not self.profile_panel.isHidden():
                self._settings.setValue("search/split", self.customers.saveState())
        self.freshness_timer.stop()
        self.tasks.cancel_all()
        self.vendors_panel.tasks.cancel_all()
        if self.search_panel is not None:
            self.search_panel.tasks.cancel_all()
        if self.profile_panel is not None:
            # The ProfileService and its cache thread are closed by whoever made them
            # (ui.main), after this: nothing of the panel runs on them any more.
            self.profile_panel.close_tasks()
        if self.queue_panel is not None:
            # The feed and its client are stopped by whoever made them (ui.main), after this.
            self.queue_panel.close_tasks()
        if self.queue_alerts is not None:
            self.queue_alerts.close()  # and its tray icon with it
        for view in (self.blacklist_view, self.edits_panel, self.audit_view, self.note_editor,
                     self.labels_editor, self.complete_box):
            if view is not None:
                view.close_tasks()
        if self.merge_dialog is not None:
            self.merge_dialog.reject()
        if self.gate is not None:
            self.gate.close()
        # The EditService (sending, its timer) is closed by whoever made it (ui.main).
        if self.results is not None:
            self.results.close()
        super().closeEvent(event)


def _consume(future: asyncio.Future[SyncReport]) -> None:
    """Retrieve a sync-now outcome nobody awaits (asyncio warns about unretrieved errors)."""
    if not future.cancelled():
        future.exception()
