"""The customer profile panel: who this is, what every vendor knows, one booking timeline.

Why it looks like this:

* Opening paints from the cache at once (:meth:`ProfileService.cached`), then refreshes every
  stale vendor in the background; each section repaints the moment its vendor answers. Every
  open (and every F5 or "Load older") takes a new generation number and runs in the panel's one
  task slot, which cancels the previous run: a late answer for an earlier customer is dropped
  twice over and can never paint over the one now on screen.
* Each vendor's section carries its own "as of" time, busy bar and message. A vendor that
  fails says so in its own section and keeps its older data visible; "not found in X" (the
  vendor does not know this person) reads differently from "X unreachable".
* Everything a vendor sent is plain text: every label here is ``Qt.TextFormat.PlainText`` and
  the timeline model returns plain strings, so a name like ``<b>Bob</b>`` or a note holding
  ``<a href=…>`` shows literally.
* Contacts are masked until "Reveal" is pressed (staff read them back to the customer, not
  out to the queue). The blacklist banner is words and a sign first, colour second.
* Money is integer cents formatted exactly (never a float); dates and times are on the
  store's wall clock (``store.timezone``), not the counter PC's.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cache.own_thread import CacheClosed
from app.customer import facts
from app.customer.model import (
    PROFILE_VENDORS,
    BooxiHistory,
    Header,
    Loyalty,
    Qudini,
    Reservations,
    Section,
    Status,
)
from app.customer.service import Profile, ProfileService
from app.customer.timeline import (
    DEFAULT_HISTORY,
    STATUSES,
    TimelineFilter,
    no_shows,
)
from app.domain.contacts import mask_email, safe_mask_phone, shown_contacts
from app.domain.money import format_minor
from app.profile import VENDOR_NAMES
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label
from ui.profile.text import (
    WARN,
    date_text,
    datetime_text,
    queue_text,
    section_status_text,
)
from ui.profile.timeline_model import STATUS_WORDS, Column, TimelineModel

log = logging.getLogger("clientdesk.ui.profile")

#: "Load older" widens the Booxi window by this much each time.
OLDER_STEP = timedelta(days=730)
#: The sections take at most this share of the height; the timeline gets the rest.
SECTIONS_SHARE = 0.62
TICK_MS = 30_000
TIMELINE_SOURCES = ("reservations", "booxi", "qudini", "qminder")
BANNER_STYLE = ("QLabel#blacklistBanner { background:#b71c1c; color:#ffffff; font-size:15px; "
                "font-weight:bold; padding:8px 12px; border-radius:4px; }")
CHIP_STYLE = ("QLabel { border:1px solid #546e7a; border-radius:9px; padding:1px 8px; "
              "background:#eceff1; color:#263238; }")
MESSAGE_STYLE = "color:#8a1c1c;"
WARN_BIRTHDAY = "★"  # in every UI font (an emoji cake is a box without one)
SECTION_NAMES = {"loke": "loyaltySection", "reservations": "reservationsSection",
                 "qudini": "qudiniSection", "booxi": "booxiSection"}
SECTION_TITLES = {"loke": "Loyalty (LOKE)", "reservations": "Reservations",
                  "qudini": "Qudini booking", "booxi": "Booxi"}


# -- widgets ----------------------------------------------------------------------------------


class SectionBox(QGroupBox):
    """One vendor's section: status line ("as of …"), busy bar, message, and its rows."""

    def __init__(self, vendor: str, parent: QWidget | None = None) -> None:
        super().__init__(SECTION_TITLES[vendor], parent)
        self.vendor = vendor
        name = SECTION_NAMES[vendor]
        self.setObjectName(name)
        self.setAccessibleName(name)
        self.setAccessibleDescription(f"What {VENDOR_NAMES[vendor]} knows about this customer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.status = plain_label("", f"{name}Status", wrap=True)
        self.status.setStyleSheet("color:#455a64;")
        top.addWidget(self.status, 1)
        self.busy = QProgressBar(self)
        self.busy.setObjectName(f"{name}Busy")
        self.busy.setAccessibleName(f"{VENDOR_NAMES[vendor]} refreshing")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedSize(64, 10)
        self.busy.hide()
        top.addWidget(self.busy)
        layout.addLayout(top)
        self.message = plain_label("", f"{name}Message", wrap=True)
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        self.body = QWidget(self)
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(2)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self._rows: list[tuple[str, str]] = []
        self._status_text = ""

    # -- state ---------------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self._show_status()

    def is_busy(self) -> bool:
        return not self.busy.isHidden()

    def set_status(self, status: str, message: str) -> None:
        self._status_text = status
        self._show_status()
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def _show_status(self) -> None:
        text = self._status_text
        if self.is_busy():
            text = f"{text} · refreshing…" if text else "refreshing…"
        self.status.setText(text)

    # -- rows ----------------------------------------------------------------------------
    def clear_rows(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self._rows = []

    def add_row(self, label: str, value: str, name: str = "") -> QLabel:
        field = plain_label(value, name, wrap=True, selectable=True)
        field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        caption = plain_label(label)
        caption.setStyleSheet("color:#546e7a;")
        caption.setBuddy(field)
        self.form.addRow(caption, field)
        self._rows.append((label, value))
        return field

    def add_text_block(self, caption: str, text: str, name: str) -> QPlainTextEdit:
        """Several lines of vendor text under a caption, full width, read-only and plain:
        a long note scrolls inside its box instead of being cut off."""
        self.form.addRow(plain_label(caption))
        block = QPlainTextEdit()
        block.setObjectName(name)
        block.setAccessibleName(name)
        block.setReadOnly(True)
        block.setPlainText(text)
        block.setTabChangesFocus(True)  # Tab moves on, as everywhere else
        block.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        lines = min(5, max(2, text.count("\n") + 1 + len(text) // 40))
        margins = block.contentsMargins()
        block.setFixedHeight(lines * block.fontMetrics().lineSpacing() + 2 * block.frameWidth()
                             + margins.top() + margins.bottom()
                             + 2 * int(block.document().documentMargin()))
        self.form.addRow(block)
        self._rows.append((caption, text))
        return block

    def add_heading(self, text: str, name: str = "") -> QLabel:
        heading = plain_label(text, name, wrap=True)
        heading.setStyleSheet("font-weight:bold; margin-top:4px;")
        self.form.addRow(heading)
        self._rows.append(("", text))
        return heading

    def rows(self) -> list[tuple[str, str]]:
        """(caption, value) of every row shown (headings have an empty caption)."""
        return list(self._rows)

    def value(self, caption: str) -> str | None:
        return next((v for c, v in self._rows if c == caption), None)


class ProfilePanel(QWidget):
    """Header, blacklist banner, one section per vendor, and the timeline."""

    #: The profile on screen changed (painted, or blanked for the next one): editors attached
    #: to the panel (the note editor) follow :attr:`profile`.
    painted = Signal()
    #: The full contacts of this customer were just shown (for the audit log).
    revealed = Signal(int)

    def __init__(self, service: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilePanel")
        self.setAccessibleName("profilePanel")
        self.service = service
        store = service.profile.store
        self.zone: tzinfo = ZoneInfo(store.timezone)
        self.currency = store.currency
        self.tasks = TaskSlots()
        self.profile: Profile | None = None
        self._generation = 0
        self._loader: Callable[[], Awaitable[Profile | None]] | None = None
        self._revealed = False
        self._badges: list[str] = []
        self.note_editor: QWidget | None = None  # set by attach_note_editor

        self.pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.addWidget(self.pages)

        self.placeholder = plain_label(
            "No customer open.\n\nPick one in the results (Enter or double-click), or scan or "
            "paste their Qudini booking link into the search box and press Enter.",
            "profilePlaceholder", wrap=True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color:#607d8b; padding:24px;")
        self.pages.addWidget(self.placeholder)

        content = QWidget(self)
        self.pages.addWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._build_header())
        self.banner = plain_label("", "blacklistBanner", wrap=True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setAccessibleDescription("This customer is on a blacklist")
        self.banner.hide()
        layout.addWidget(self.banner)
        self.problem = plain_label("", "profileProblem", wrap=True)
        self.problem.setStyleSheet(MESSAGE_STYLE)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.candidates = QFrame()
        self.candidates.setObjectName("possibleCustomers")
        self.candidates.setStyleSheet("QFrame#possibleCustomers { background:#e3f2fd; "
                                      "border-radius:4px; }")
        self.candidate_layout = QVBoxLayout(self.candidates)
        self.candidate_layout.setContentsMargins(8, 6, 8, 6)
        self.candidate_layout.setSpacing(4)
        self.candidates.hide()
        layout.addWidget(self.candidates)

        self.boxes = {vendor: SectionBox(vendor) for vendor in PROFILE_VENDORS}
        sections = QWidget()
        grid = QGridLayout(sections)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        # Three columns: loyalty over Booxi (both short), reservations, Qudini.
        grid.addWidget(self.boxes["loke"], 0, 0)
        grid.addWidget(self.boxes["booxi"], 1, 0)
        grid.addWidget(self.boxes["reservations"], 0, 1, 2, 1)
        grid.addWidget(self.boxes["qudini"], 0, 2, 2, 1)
        grid.setRowStretch(1, 1)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        self.sections = sections
        scroll = QScrollArea()
        self.section_scroll = scroll
        scroll.setObjectName("profileSections")
        scroll.setWidget(sections)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.split = QSplitter(Qt.Orientation.Vertical, content)
        self.split.setObjectName("profileSplit")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(scroll)
        self.split.addWidget(self._build_timeline())
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self._split_moved = False  # once staff drag the divider, their choice stays
        self.split.installEventFilter(self)
        self.split.splitterMoved.connect(self._on_split_moved)
        layout.addWidget(self.split, 1)

        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._paint_statuses)

    def _build_header(self) -> QVBoxLayout:
        header = QVBoxLayout()
        header.setSpacing(3)
        top = QHBoxLayout()
        self.name = plain_label("", "profileName", wrap=True, selectable=True)
        self.name.setStyleSheet("font-size:18px; font-weight:bold;")
        top.addWidget(self.name, 1)
        self.no_shows = plain_label("", "noShows")
        top.addWidget(self.no_shows)
        #: Buttons the window adds for managers ("Link duplicates…").
        self.header_actions = QHBoxLayout()
        top.addLayout(self.header_actions)
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("closeProfile")
        self.close_button.setAccessibleName("Close the profile")
        top.addWidget(self.close_button)
        header.addLayout(top)

        contacts = QHBoxLayout()
        self.contacts = plain_label("", "profileContacts", wrap=True, selectable=True)
        contacts.addWidget(self.contacts, 1)
        self.reveal = QPushButton("Reveal")
        self.reveal.setObjectName("revealContacts")
        self.reveal.setAccessibleName("revealContacts")
        self.reveal.setAccessibleDescription("Show the full email addresses and phone numbers")
        self.reveal.setCheckable(True)
        self.reveal.toggled.connect(self._on_reveal)
        contacts.addWidget(self.reveal)
        header.addLayout(contacts)
        # What staff ask about first (birthday, marketing consent) and where the linked
        # records disagree: plain text, contacts masked until "Reveal".
        self.facts = plain_label("", "profileFacts", wrap=True, selectable=True)
        self.facts.hide()
        header.addWidget(self.facts)
        self.differ = plain_label("", "recordsDiffer", wrap=True, selectable=True)
        self.differ.setStyleSheet("color:#8a4b00;")
        self.differ.setAccessibleDescription("Linked records of this customer disagree")
        self.differ.hide()
        header.addWidget(self.differ)

        badges = QHBoxLayout()
        badges.setSpacing(4)
        self.badge_row = QWidget()
        self.badge_row.setObjectName("vendorBadges")
        self.badge_layout = QHBoxLayout(self.badge_row)
        self.badge_layout.setContentsMargins(0, 0, 0, 0)
        self.badge_layout.setSpacing(4)
        badges.addWidget(self.badge_row)
        self.links = plain_label("", "linkReasons", wrap=True)
        self.links.setStyleSheet("color:#546e7a;")
        badges.addWidget(self.links, 1)
        header.addLayout(badges)
        return header

    def _build_timeline(self) -> QWidget:
        box = QGroupBox("Bookings, all vendors")
        box.setObjectName("timelineBox")
        self.timeline_box = box
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        controls = QHBoxLayout()
        self.source_filter = QComboBox()
        self.source_filter.setObjectName("timelineSource")
        self.source_filter.setAccessibleName("Show bookings from")
        self.source_filter.addItem("All sources", "")
        for source in TIMELINE_SOURCES:
            self.source_filter.addItem(VENDOR_NAMES[source], source)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("timelineStatus")
        self.status_filter.setAccessibleName("Show bookings with status")
        self.status_filter.addItem("All statuses", "")
        for status in STATUSES:
            self.status_filter.addItem(STATUS_WORDS[status], status)
        source_label = QLabel("&From:")
        source_label.setBuddy(self.source_filter)
        status_label = QLabel("S&tatus:")
        status_label.setBuddy(self.status_filter)
        controls.addWidget(source_label)
        controls.addWidget(self.source_filter)
        controls.addWidget(status_label)
        controls.addWidget(self.status_filter)
        self.count = plain_label("", "timelineCount")
        controls.addWidget(self.count, 1)
        self.window_label = plain_label("", "historyWindow")
        self.window_label.setStyleSheet("color:#546e7a;")
        controls.addWidget(self.window_label)
        self.load_older = QPushButton("Load older")
        self.load_older.setObjectName("loadOlder")
        self.load_older.setAccessibleName("loadOlder")
        self.load_older.setAccessibleDescription(
            "Ask Booxi for two more years of booking history")
        self.load_older.clicked.connect(self.older)
        controls.addWidget(self.load_older)
        layout.addLayout(controls)

        self.timeline = TimelineModel(self.zone)
        self.view = QTableView()
        self.view.setObjectName("timelineView")
        self.view.setAccessibleName("timelineView")
        self.view.setAccessibleDescription("Bookings from every vendor: upcoming first")
        self.view.setModel(self.timeline)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setTabKeyNavigation(False)
        self.view.setCornerButtonEnabled(False)
        rows = self.view.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        head = self.view.horizontalHeader()
        head.setHighlightSections(False)
        head.setStretchLastSection(False)
        for column, width in ((Column.WHEN, 170), (Column.STAFF, 110), (Column.STATUS, 100),
                              (Column.PRICE, 110), (Column.SOURCE, 100)):
            head.resizeSection(column, width)
        head.setSectionResizeMode(Column.SERVICE, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.source_filter.currentIndexChanged.connect(self._on_filter)
        self.status_filter.currentIndexChanged.connect(self._on_filter)
        return box

    def attach_note_editor(self, editor: QWidget) -> None:
        """Edit the reservations note in place (in the reservations section, under its rows):
        the section then leaves the note to the editor instead of showing it read-only."""
        box = self.boxes["reservations"]
        layout = box.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(box.body) + 1, editor)
        self.note_editor = editor
        editor.hide()

    # -- opening ---------------------------------------------------------------------------
    def open_customer(self, customer_id: int) -> None:
        """Show a cached customer at once, then refresh their vendors in the background."""
        self._start(lambda: self.service.cached(customer_id))

    def open_visit(self, identifier: str) -> None:
        """Show a Qudini booking (and its customer, when attached), then refresh it."""
        self._start(lambda: self.service.cached_visit(identifier))

    def attach(self, identifier: str, customer_id: int) -> None:
        """Staff confirmed this Qudini booking is this customer's: remember it, open them."""
        self._start(lambda: self.service.attach_visit(identifier, customer_id), force=True)
        self._loader = lambda: self.service.cached(customer_id)  # F5 re-reads, never re-links

    def candidate_buttons(self) -> list[QPushButton]:
        """The "possibly the same person" buttons shown for an unlinked booking (tests)."""
        return [b for b in self.candidates.findChildren(QPushButton)
                if b.objectName() == "attachCandidate" and not b.isHidden()]

    def refresh(self, *, force: bool = True) -> None:
        """F5: ask every vendor again (only the stale ones unless forced). The profile stays
        on screen meanwhile; one still opening is opened again."""
        if self.profile is not None:
            self._generation += 1
            self.tasks.start("profile", self._refresh(self._generation, self.profile,
                                                      force=force))
        elif self._loader is not None:
            self._start(self._loader, force=force)

    def older(self) -> None:
        """"Load older": ask Booxi again with two more years of history."""
        profile = self.profile
        if profile is None:
            return
        start = profile.history_from or self.service.clock() - DEFAULT_HISTORY
        self._generation += 1
        self.tasks.start("profile", self._refresh(self._generation, profile, force=False,
                                                  history_from=start - OLDER_STEP))

    def has_profile(self) -> bool:
        return self._loader is not None

    def busy(self) -> bool:
        return self.tasks.running("profile")

    async def idle(self) -> None:
        """Wait until the open or refresh under way (if any) has finished (tests, smoke)."""
        while (task := self.tasks.get("profile")) is not None and not task.done():
            await asyncio.wait({task})  # a newer open may replace it: then wait for that one

    def close_tasks(self) -> None:
        self.tasks.cancel_all()
        self.tick.stop()

    def clear(self) -> None:
        """Back to the empty page (the profile pane was closed)."""
        self._generation += 1
        self.tasks.cancel_all()
        self.tick.stop()
        self._loader = None
        self.profile = None
        self.pages.setCurrentWidget(self.placeholder)
        self.painted.emit()

    def _start(self, loader: Callable[[], Awaitable[Profile | None]], *,
               force: bool = False) -> None:
        self._generation += 1
        self._loader = loader
        self._blank()
        self.tasks.start("profile", self._open(self._generation, loader, force))

    def _blank(self) -> None:
        """Nothing of the previous customer may stay on screen while the next one loads."""
        self.profile = None
        self.pages.setCurrentIndex(1)
        self.name.setText("Opening…")
        self.contacts.clear()
        self.links.clear()
        self.facts.hide()
        self.differ.hide()
        self.no_shows.clear()
        self.banner.hide()
        self.problem.hide()
        self._show_candidates(None, [])
        self.reveal.setChecked(False)
        self.reveal.setEnabled(False)
        self._set_badges([])
        for box in self.boxes.values():
            box.clear_rows()
            box.set_status("", "")
            box.set_busy(False)
        self.timeline.set_rows([])
        self.count.clear()
        self.window_label.clear()
        self.load_older.setEnabled(False)
        self.painted.emit()

    async def _open(self, generation: int, loader: Callable[[], Awaitable[Profile | None]],
                    force: bool) -> None:
        try:
            profile = await loader()
        except (CacheClosed, sqlite3.OperationalError) as exc:
            if generation == self._generation:
                log.warning("profile: cache read failed: %s", exc)
                self._show_problem(f"This customer could not be read from the cache ({exc}).")
            return
        if generation != self._generation:
            return
        if profile is None:
            self._show_problem("This customer is no longer in this store's records (they may "
                               "have been merged or removed by the last sync). Search again.")
            return
        self.profile = profile
        self._paint()
        self.tick.start()
        await self._refresh(generation, profile, force=force)

    async def _refresh(self, generation: int, profile: Profile, *, force: bool,
                       history_from: datetime | None = None) -> None:
        now = self.service.clock()
        asked = self.service.to_ask(profile, force=force, widen=history_from is not None,
                                    now=now)
        for vendor in asked:
            self.boxes[vendor].set_busy(True)
        self.load_older.setEnabled(False)

        def landed(vendor: str, _section: Section[Any]) -> None:
            if generation != self._generation or self.profile is not profile:
                return  # a newer open or refresh owns the screen
            self.boxes[vendor].set_busy(False)
            self._paint(vendor)

        try:
            await self.service.refresh(profile, force=force, on_section=landed,
                                       history_from=history_from)
        finally:
            if generation == self._generation and self.profile is profile:
                for vendor in asked:
                    self.boxes[vendor].set_busy(False)
                self._paint()
        if profile.header is None and profile.qudini_identifiers:
            # A booking nobody linked: offer customers with the same name, never link alone.
            found = await self.service.possible_customers(profile)
            if generation == self._generation and self.profile is profile:
                self._show_candidates(profile, found)

    def _show_problem(self, message: str) -> None:
        self.name.setText("Customer not shown")
        self.problem.setText(message)
        self.problem.show()
        for box in self.boxes.values():
            box.set_busy(False)

    # -- painting --------------------------------------------------------------------------
    def _paint(self, only: str | None = None) -> None:
        """Paint the profile: every section, or ``only`` the one that just landed (the header,
        statuses and timeline always, as any section can change them)."""
        profile = self.profile
        if profile is None:
            return
        now = self.service.clock()
        self._paint_header(profile, now)
        self._paint_facts()
        sections = profile.sections
        if only in (None, "loke"):
            self._paint_loyalty(sections.loke)
        if only in (None, "reservations"):
            self._paint_reservations(sections.reservations)
        if only in (None, "qudini"):
            self._paint_qudini(sections.qudini)
        if only in (None, "booxi"):
            self._paint_booxi(sections.booxi)
        self._paint_statuses()
        rows = profile.timeline(now)
        self.timeline.set_rows(rows)
        self._paint_count()
        count = no_shows(rows)
        self.no_shows.setText(f"{WARN} {count} no-show{'s' if count != 1 else ''} "
                              "(all vendors)" if count else "No-shows: none")
        self.no_shows.setStyleSheet("color:#b71c1c; font-weight:bold;" if count else
                                    "color:#455a64;")
        uses_booxi = "booxi" in self.service.vendors() and profile.header is not None
        self.load_older.setEnabled(uses_booxi and not self.boxes["booxi"].is_busy())
        start = profile.history_from
        self.window_label.setText(f"Booxi history since {date_text(start, self.zone)}"
                                  if uses_booxi and start is not None else "")
        self.painted.emit()
        self._fit_sections()

    def _fit_sections(self) -> None:
        """Give the sections the height they need (up to a share), the timeline the rest —
        once the layout has settled (sizes are only right after it ran)."""
        if not self._split_moved:
            QTimer.singleShot(0, self, self._fit_now)  # dropped if the panel goes

    def _fit_now(self) -> None:
        if self._split_moved:
            return
        sizes = self.split.sizes()
        total = sum(sizes)
        if total <= 0 or len(sizes) != 2:
            return
        # Wrapped labels: the height the sections need at the width they actually have.
        width = self.section_scroll.viewport().width()
        fits = self.sections.heightForWidth(width) if width > 0 else -1
        chrome_top = max(0, self.section_scroll.height() - self.section_scroll.viewport().height())
        want = (fits if fits > 0 else self.sections.sizeHint().height()) + chrome_top + 2
        # The timeline keeps room for its rows (at least three), up to the rest of the share.
        rows = max(3, self.timeline.rowCount())
        chrome = self.timeline_box.sizeHint().height() - self.view.sizeHint().height()
        needed = chrome + self.view.horizontalHeader().sizeHint().height() + \
            rows * self.view.verticalHeader().defaultSectionSize() + 2 * self.view.frameWidth()
        top = min(want, total - min(needed, int(total * (1 - SECTIONS_SHARE))))
        if abs(sizes[0] - top) > 2:
            self.split.setSizes([top, total - top])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The split changes height with the panel and with the header (banner, candidates).
        if watched is self.split and event.type() == QEvent.Type.Resize:
            self._fit_sections()
        return super().eventFilter(watched, event)

    def _on_split_moved(self, _position: int, _index: int) -> None:
        self._split_moved = True

    def _paint_statuses(self) -> None:
        profile = self.profile
        if profile is None:
            return
        now = self.service.clock()
        for vendor, box in self.boxes.items():
            section = profile.sections.get(vendor)
            if vendor not in self.service.vendors() and section.status == Status.PENDING:
                section = type(section)(vendor=vendor, status=Status.NOT_USED)
            box.set_status(*section_status_text(vendor, section, now, self.zone))

    def _paint_header(self, profile: Profile, now: datetime) -> None:
        head = profile.header
        blacklisted, reason = profile.blacklisted()
        if head is None:
            visits = profile.sections.qudini.data.visits if profile.sections.qudini.data else []
            who = next((v.name for v in visits if v.name), "")
            self.name.setText(who or "Qudini booking")
            self.contacts.setText("Only this Qudini booking is known: it is not linked to a "
                                  "customer record of this store.")
            self.links.clear()
            self.reveal.setEnabled(False)
        else:
            self.name.setText(head.name or "(no name on file)")
            self.reveal.setEnabled(bool(head.emails or head.phones))
            self._paint_contacts()
        badges = list(head.vendor_ids) if head is not None else []
        for vendor in ("qudini", "booxi"):
            section = profile.sections.get(vendor)
            if section.data is not None and vendor not in badges and \
                    (vendor != "booxi" or bool(getattr(section.data, "client_ids", []))):
                badges.append(vendor)
        self._set_badges([v for v in (*PROFILE_VENDORS, "qminder") if v in badges])
        if blacklisted:
            self.banner.setText(f"{WARN} BLACKLISTED — {reason.strip() or 'no reason given'}")
            self.banner.setToolTip("")
            self.banner.show()
        else:
            self.banner.hide()

    def _paint_facts(self) -> None:
        """Birthday ("this week"), marketing consent and disagreements, from every section
        (the same core functions as ``clientdesk show``)."""
        profile = self.profile
        if profile is None:
            return
        birthday = facts.birthday_facts(profile.sections, self.service.clock(), self.zone)
        parts = []
        if birthday is not None:
            flag = f" — {WARN_BIRTHDAY} birthday {birthday.when}" if birthday.when else ""
            parts.append(f"Birthday: {birthday.text}{flag}")
        consent = facts.marketing_text(facts.marketing(profile.sections))
        if consent:
            parts.append(f"Marketing: {consent}")
        self.facts.setText("   ·   ".join(parts))
        self.facts.setStyleSheet("font-weight:bold; color:#1b5e20;"
                                 if birthday is not None and birthday.when else "")
        self.facts.setVisible(bool(parts))
        differ = facts.disagreements(facts.contacts_of(profile.header, profile.sections),
                                     self.service.profile.store.country)
        self.differ.setText("\n".join(f"{WARN} Records differ — "
                                      f"{facts.disagreement_text(d, revealed=self._revealed)}"
                                      for d in differ))
        self.differ.setVisible(bool(differ))

    def _paint_contacts(self) -> None:
        head = self.profile.header if self.profile is not None else None
        if head is None:
            return
        shown = self._revealed
        contacts = shown_contacts(head.emails, head.phones, head.link_reasons, revealed=shown)
        self.contacts.setText("  ·  ".join(contacts.emails + contacts.phones)
                              or "No email or phone on file")
        reasons = contacts.link_reasons
        self.links.setText(f"Linked by: {'; '.join(reasons)}" if reasons else "")
        self.reveal.setText("Hide" if shown else "Reveal")

    def _show_candidates(self, profile: Profile | None, found: list[Header]) -> None:
        while self.candidate_layout.count():
            item = self.candidate_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if profile is None or not profile.qudini_identifiers:
            self.candidates.hide()
            return
        identifier = profile.qudini_identifiers[0]
        if not found:
            self.candidate_layout.addWidget(plain_label(
                "No customer with this name is saved on this PC. Search for them by email or "
                "phone to see their other records.", "noCandidates", wrap=True))
        else:
            self.candidate_layout.addWidget(plain_label(
                "Possibly the same person (same name). Check with the customer, then link this "
                "booking to them:", "candidatesTitle", wrap=True))
        for head in found:
            contacts = [mask_email(e) for e in head.emails[:1]] + \
                [safe_mask_phone(p) for p in head.phones[:1]]
            vendors = ", ".join(VENDOR_NAMES.get(v, v) for v in head.vendor_ids)
            text = " · ".join(part for part in (head.name, *contacts, vendors) if part)
            if head.blacklisted:
                text += f" · {WARN} blacklisted"
            button = QPushButton(f"Link to {text}".replace("&", "&&"))  # & is a mnemonic
            button.setObjectName("attachCandidate")
            button.setAccessibleName(f"Link this booking to {head.name}")
            button.setStyleSheet("text-align:left; padding:3px 8px;")
            button.clicked.connect(
                lambda _checked=False, c=head.customer_id: self.attach(identifier, c))
            self.candidate_layout.addWidget(button)
        self.candidates.show()

    def _set_badges(self, vendors: list[str]) -> None:
        while self.badge_layout.count():
            item = self.badge_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._badges = [VENDOR_NAMES.get(v, v) for v in vendors]
        for vendor in vendors:
            chip = plain_label(VENDOR_NAMES.get(vendor, vendor), f"badge_{vendor}")
            chip.setStyleSheet(CHIP_STYLE)
            chip.setToolTip(f"Known to {VENDOR_NAMES.get(vendor, vendor)}")
            self.badge_layout.addWidget(chip)

    def badges(self) -> list[str]:
        """The vendor badges shown, as text (tests)."""
        return list(self._badges)

    def _paint_loyalty(self, section: Section[Loyalty]) -> None:
        box = self.boxes["loke"]
        box.clear_rows()
        data = section.data
        if data is None or section.status in (Status.NOT_FOUND, Status.NOT_USED):
            return
        box.add_row("Points", "—" if data.points is None else f"{data.points:,}", "points")
        box.add_row("Total spend", "—" if data.total_spend_cents is None
                    else format_minor(data.total_spend_cents, self.currency), "totalSpend")
        box.add_row("Last spend", date_text(data.last_spent_at, self.zone), "lastSpend")
        box.add_row("Last earn", date_text(data.last_earned_at, self.zone), "lastEarn")
        box.add_row("Last redeem", date_text(data.last_redeemed_at, self.zone), "lastRedeem")
        box.add_row("Lists", ", ".join(data.lists) if data.lists else "none", "customerLists")

    def _paint_reservations(self, section: Section[Reservations]) -> None:
        box = self.boxes["reservations"]
        box.clear_rows()
        data = section.data
        if data is None or section.status in (Status.NOT_FOUND, Status.NOT_USED):
            return
        if data.is_dummy:
            marker = box.add_heading("Walk-in placeholder record — not a real customer's "
                                     "profile", "walkInMarker")
            marker.setStyleSheet("font-weight:bold; color:#e65100;")
        box.add_row("Times booked", f"{data.times_booked:,}", "timesBooked")
        box.add_row("Cancelled by customer", f"{data.cancelled_by_customer:,}",
                    "cancelledByCustomer")
        box.add_row("Upcoming", f"{data.upcoming:,}", "upcoming")
        box.add_row("Completed", f"{data.completed:,}", "completed")
        if self.note_editor is not None:
            return  # the note editor shows (and edits) it
        if data.note.strip():
            note = box.add_text_block("Note", data.note, "reservationsNote")
            note.setAccessibleDescription("Staff note from reservations (read-only here)")
        else:
            box.add_row("Note", "no note", "reservationsNote")

    def _paint_qudini(self, section: Section[Qudini]) -> None:
        box = self.boxes["qudini"]
        box.clear_rows()
        data = section.data
        if data is None or section.status in (Status.NOT_FOUND, Status.NOT_USED):
            return
        for visit in data.visits:
            box.add_heading(f"Booking {visit.booking_ref or visit.identifier[:12] + '…'}")
            box.add_row("State", visit.state or "—")
            box.add_row("Queue", queue_text(visit))
            if visit.venue_name:
                box.add_row("Venue", visit.venue_name)
            box.add_row("Service", visit.service or "—")
            box.add_row("Starts", datetime_text(visit.starts_at, self.zone))
            if visit.language:
                box.add_row("Language", visit.language, "qudiniLanguage")
            if visit.group_size is not None:
                box.add_row("Group size", f"{visit.group_size:,}", "qudiniGroupSize")
            if visit.minutes_remaining:
                box.add_row("Wait", f"about {visit.minutes_remaining} min")
            for answer in visit.answers:
                box.add_row(f"Question {answer.question or '?'}", answer.value or "—")
            if not visit.answers:
                box.add_row("Answers", "none")

    def _paint_booxi(self, section: Section[BooxiHistory]) -> None:
        box = self.boxes["booxi"]
        box.clear_rows()
        data = section.data
        if data is None or section.status in (Status.NOT_FOUND, Status.NOT_USED):
            return
        count = len(data.bookings)
        box.add_row("Bookings found", f"{count:,}", "booxiBookings")
        if data.window_from is not None:
            box.add_row("Since", date_text(data.window_from, self.zone))
        if data.skipped:
            box.add_row("Unreadable", f"{data.skipped:,} booking(s) could not be read")
        for note in facts.booxi_notes(data):
            box.add_row("Quick note", note, "booxiQuickNote")
        for row in data.bookings:
            if row.request:
                box.add_row(f"Request {date_text(row.starts_at, self.zone)}", row.request,
                            "booxiRequest")

    def _paint_count(self) -> None:
        total, shown = self.timeline.total(), self.timeline.rowCount()
        noun = "booking" if total == 1 else "bookings"
        self.count.setText(f"{total:,} {noun}" if shown == total
                           else f"{shown:,} of {total:,} {noun} shown")

    # -- events ----------------------------------------------------------------------------
    def _on_reveal(self, shown: bool) -> None:
        self._revealed = shown
        self._paint_contacts()
        self._paint_facts()
        if shown and self.profile is not None and self.profile.header is not None:
            self.revealed.emit(self.profile.header.customer_id)

    def _on_filter(self) -> None:
        source = str(self.source_filter.currentData() or "")
        status = str(self.status_filter.currentData() or "")
        self.timeline.set_filter(TimelineFilter(
            sources=frozenset({source}) if source else frozenset(),
            statuses=frozenset({status}) if status else frozenset()))
        self._paint_count()
