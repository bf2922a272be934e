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
  store's wall clock (``store.timezone``), not the counter PC's; every value is written the
  store's way (:func:`ui.i18n.formats`) and every word is translated (``self.tr``).
* No colour is written here: widgets say what they are (:func:`ui.theme.set_tone`,
  ``set_surface``, ``set_size``) and the application style sheet says how that looks in the
  palette in use.
* On a short screen (1366×768 with the queue open) the window calls :meth:`set_compact`: the
  header, the banner and a loyalty points line stay at the top, and the timeline and each
  vendor's section become tabs, so the timeline gets the whole remaining height. Switching
  moves the same widgets between the two layouts; nothing is painted again.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, tzinfo
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.cache.own_thread import CacheClosed
from app.customer import facts
from app.customer.birthday import When
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
from app.marks import QT_TRANSLATE_NOOP
from app.profile import VENDOR_NAMES
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label, plain_tip
from ui.i18n import formats
from ui.profile.text import (
    WARN,
    date_text,
    datetime_text,
    queue_text,
    section_status_text,
)
from ui.profile.timeline_model import Column, TimelineModel, status_word
from ui.theme import set_size, set_surface, set_tone

log = logging.getLogger("clientdesk.ui.profile")

# "Load older" widens the Booxi window by this much each time.
OLDER_STEP = timedelta(days=730)
# The sections take at most this share of the height; the timeline gets the rest.
SECTIONS_SHARE = 0.62
TICK_MS = 30_000
TIMELINE_SOURCES = ("reservations", "booxi", "qudini", "qminder")
WARN_BIRTHDAY = "★"  # in every UI font (an emoji cake is a box without one)
SECTION_NAMES = {"loke": "loyaltySection", "reservations": "reservationsSection",
                 "qudini": "qudiniSection", "booxi": "booxiSection"}
SECTION_TITLES = {"loke": QT_TRANSLATE_NOOP("SectionBox", "Loyalty (LOKE)"),
                  "reservations": QT_TRANSLATE_NOOP("SectionBox", "Reservations"),
                  "qudini": QT_TRANSLATE_NOOP("SectionBox", "Qudini booking"),
                  "booxi": QT_TRANSLATE_NOOP("SectionBox", "Booxi")}
# Where each section sits in the wide layout's grid: (row, column, rows, columns). Three
# columns: loyalty over Booxi (both short), reservations, Qudini.
GRID = {"loke": (0, 0, 1, 1), "booxi": (1, 0, 1, 1), "reservations": (0, 1, 2, 1),
        "qudini": (0, 2, 2, 1)}
# The compact layout's tabs, in order. Their Alt keys stay clear of the window's own
# (C, B, E, V, H: its tabs and menu; F, T: the timeline's filters).
TAB_TITLES = {"timeline": QT_TRANSLATE_NOOP("ProfilePanel", "Boo&kings"),
              "loke": QT_TRANSLATE_NOOP("ProfilePanel", "&Loyalty"),
              "reservations": QT_TRANSLATE_NOOP("ProfilePanel", "&Reservations"),
              "qudini": QT_TRANSLATE_NOOP("ProfilePanel", "&Qudini"),
              "booxi": QT_TRANSLATE_NOOP("ProfilePanel", "Boo&xi")}


def section_title(vendor: str) -> str:
    """A section's title in the window's language ("Loyalty (LOKE)")."""
    return QCoreApplication.translate("SectionBox", SECTION_TITLES[vendor])


# -- widgets ----------------------------------------------------------------------------------


class SectionBox(QGroupBox):
    """One vendor's section: status line ("as of …"), busy bar, message, and its rows."""

    def __init__(self, vendor: str, parent: QWidget | None = None) -> None:
        super().__init__(section_title(vendor), parent)
        self.vendor = vendor
        name = SECTION_NAMES[vendor]
        self.setObjectName(name)
        self.setAccessibleName(self.tr("{section} section").format(section=self.title()))
        self.setAccessibleDescription(self.tr("What {vendor} knows about this customer").format(
            vendor=VENDOR_NAMES[vendor]))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.status = plain_label("", f"{name}Status", wrap=True)
        set_tone(self.status, "muted")
        top.addWidget(self.status, 1)
        self.busy = QProgressBar(self)
        self.busy.setObjectName(f"{name}Busy")
        self.busy.setAccessibleName(self.tr("{vendor} refreshing").format(
            vendor=VENDOR_NAMES[vendor]))
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedSize(64, 10)
        self.busy.hide()
        top.addWidget(self.busy)
        layout.addLayout(top)
        self.message = plain_label("", f"{name}Message", wrap=True)
        set_tone(self.message, "alert")  # its words start with ⚠ and say what went wrong
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

    def status_text(self) -> str:
        """The status line as shown ("as of 3 min ago · refreshing…")."""
        return self.status.text()

    def message_text(self) -> str:
        """The problem line ("⚠ Booxi unreachable…"), empty when there is none."""
        return self.message.text()

    def _show_status(self) -> None:
        text = self._status_text
        if self.is_busy():
            text = self.tr("{status} · refreshing…").format(status=text) if text else \
                self.tr("refreshing…")
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
        set_tone(caption, "muted")
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
        block.setAccessibleName(caption)  # the caller may say more
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
        set_size(heading, "heading")
        heading.setContentsMargins(0, 4, 0, 0)
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

    # The profile on screen changed (painted, or blanked for the next one): editors attached
    # to the panel (the note editor) follow :attr:`profile`.
    painted = Signal()
    # The full contacts of this customer were just shown (for the audit log).
    revealed = Signal(int)

    def __init__(self, service: ProfileService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilePanel")
        self.setAccessibleName(self.tr("Customer profile"))
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
        self._compact = False
        self._split_state: QByteArray | None = None  # the divider staff set, while compact
        self.note_editor: QWidget | None = None  # set by attach_note_editor

        self.pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.addWidget(self.pages)

        self.placeholder = plain_label(
            self.tr("No customer open.\n\nPick one in the results (Enter or double-click), or "
                    "scan or paste their Qudini booking link into the search box and press "
                    "Enter."),
            "profilePlaceholder", wrap=True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMargin(24)
        set_tone(self.placeholder, "muted")
        self.pages.addWidget(self.placeholder)

        content = QWidget(self)
        self.content = content
        self.pages.addWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._build_header())
        self.banner = plain_label("", "blacklistBanner", wrap=True)
        set_surface(self.banner, "danger")
        self.banner.setAccessibleDescription(self.tr("This customer is on a blacklist"))
        self.banner.hide()
        layout.addWidget(self.banner)
        # The compact layout's one line of loyalty: what staff quote at the till.
        self.points_line = plain_label("", "profilePoints", wrap=True, selectable=True)
        set_size(self.points_line, "heading")
        self.points_line.hide()
        layout.addWidget(self.points_line)
        self.problem = plain_label("", "profileProblem", wrap=True)
        set_tone(self.problem, "alert")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.candidates = QFrame()
        self.candidates.setObjectName("possibleCustomers")
        set_surface(self.candidates, "info")
        self.candidates.setAccessibleName(self.tr("Possibly the same person"))
        self.candidate_layout = QVBoxLayout(self.candidates)
        self.candidate_layout.setContentsMargins(8, 6, 8, 6)
        self.candidate_layout.setSpacing(4)
        self.candidates.hide()
        layout.addWidget(self.candidates)

        self.boxes = {vendor: SectionBox(vendor) for vendor in PROFILE_VENDORS}
        sections = QWidget()
        grid = QGridLayout(sections)
        self.grid = grid
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for vendor, place in GRID.items():
            grid.addWidget(self.boxes[vendor], *place)
        grid.setRowStretch(1, 1)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        self.sections = sections
        scroll = QScrollArea()
        self.section_scroll = scroll
        scroll.setObjectName("profileSections")
        scroll.setAccessibleName(self.tr("Vendor sections"))
        scroll.setAccessibleDescription(self.tr("What each vendor knows about this customer; "
                                                "arrow keys scroll"))
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
        self.tabs = self._build_tabs(content)
        layout.addWidget(self.tabs, 1)
        self._order_tabs()

        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._paint_statuses)

    def _build_header(self) -> QVBoxLayout:
        header = QVBoxLayout()
        header.setSpacing(3)
        top = QHBoxLayout()
        self.name = plain_label("", "profileName", wrap=True, selectable=True)
        set_size(self.name, "title")
        top.addWidget(self.name, 1)
        self.no_shows = plain_label("", "noShows", wrap=True)  # long in some languages
        top.addWidget(self.no_shows)
        # Buttons the window adds for managers ("Link duplicates…").
        self.header_actions = QHBoxLayout()
        top.addLayout(self.header_actions)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeProfile")
        self.close_button.setAccessibleName(self.tr("Close the profile"))
        top.addWidget(self.close_button)
        header.addLayout(top)

        contacts = QHBoxLayout()
        self.contacts = plain_label("", "profileContacts", wrap=True, selectable=True)
        contacts.addWidget(self.contacts, 1)
        self.reveal = QPushButton(self.tr("Reveal"))
        self.reveal.setObjectName("revealContacts")
        self.reveal.setAccessibleName(self.tr("Reveal the contacts"))
        self.reveal.setAccessibleDescription(
            self.tr("Show the full email addresses and phone numbers"))
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
        set_tone(self.differ, "warn")  # its words start with "⚠ Records differ"
        self.differ.setAccessibleDescription(self.tr("Linked records of this customer disagree"))
        self.differ.hide()
        header.addWidget(self.differ)

        badges = QHBoxLayout()
        badges.setSpacing(4)
        self.badge_row = QWidget()
        self.badge_row.setObjectName("vendorBadges")
        self.badge_row.setAccessibleName(self.tr("Vendors that know this customer"))
        self.badge_layout = QHBoxLayout(self.badge_row)
        self.badge_layout.setContentsMargins(0, 0, 0, 0)
        self.badge_layout.setSpacing(4)
        badges.addWidget(self.badge_row)
        self.links = plain_label("", "linkReasons", wrap=True)
        set_tone(self.links, "muted")
        badges.addWidget(self.links, 1)
        header.addLayout(badges)
        return header

    def _build_timeline(self) -> QWidget:
        box = QGroupBox(self.tr("Bookings, all vendors"))
        box.setObjectName("timelineBox")
        box.setAccessibleName(self.tr("Bookings, all vendors"))
        self.timeline_box = box
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        controls = QHBoxLayout()
        self.source_filter = QComboBox()
        self.source_filter.setObjectName("timelineSource")
        self.source_filter.setAccessibleName(self.tr("Show bookings from"))
        self.source_filter.addItem(self.tr("All sources"), "")
        for source in TIMELINE_SOURCES:
            self.source_filter.addItem(VENDOR_NAMES[source], source)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("timelineStatus")
        self.status_filter.setAccessibleName(self.tr("Show bookings with status"))
        self.status_filter.addItem(self.tr("All statuses"), "")
        for status in STATUSES:
            self.status_filter.addItem(status_word(status), status)
        source_label = QLabel(self.tr("&From:"))
        source_label.setBuddy(self.source_filter)
        status_label = QLabel(self.tr("S&tatus:"))
        status_label.setBuddy(self.status_filter)
        controls.addWidget(source_label)
        controls.addWidget(self.source_filter)
        controls.addWidget(status_label)
        controls.addWidget(self.status_filter)
        # Both may wrap, so a narrow panel (a short screen with the queue open) never has to
        # be wider than the filters and the button.
        self.count = plain_label("", "timelineCount", wrap=True)
        controls.addWidget(self.count, 1)
        self.window_label = plain_label("", "historyWindow", wrap=True)
        set_tone(self.window_label, "muted")
        self.window_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        controls.addWidget(self.window_label, 1)  # a share of the room: one line when wide
        self.load_older = QPushButton(self.tr("Load older"))
        self.load_older.setObjectName("loadOlder")
        self.load_older.setAccessibleName(self.tr("Load older bookings"))
        self.load_older.setAccessibleDescription(
            self.tr("Ask Booxi for two more years of booking history"))
        self.load_older.clicked.connect(self.older)
        controls.addWidget(self.load_older)
        layout.addLayout(controls)

        self.timeline = TimelineModel(self.zone)
        self.view = QTableView()
        self.view.setObjectName("timelineView")
        self.view.setAccessibleName(self.tr("Bookings timeline"))
        self.view.setAccessibleDescription(
            self.tr("Bookings from every vendor: upcoming first, soonest at the top"))
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
        rows.setAccessibleName(self.tr("Booking rows"))
        head = self.view.horizontalHeader()
        head.setAccessibleName(self.tr("Booking columns"))
        head.setHighlightSections(False)
        head.setStretchLastSection(False)
        # The most a fitted column may take (a long staff name elides; its tooltip has it).
        self._column_caps = self._column_widths()
        self._fitting = False
        self._columns_moved = False  # once staff drag a column, the widths are theirs
        for column, width in self._column_caps.items():
            head.resizeSection(column, width)
        head.setSectionResizeMode(Column.SERVICE, QHeaderView.ResizeMode.Stretch)
        head.sectionResized.connect(self._on_column_resized)
        layout.addWidget(self.view, 1)
        self.source_filter.currentIndexChanged.connect(self._on_filter)
        self.status_filter.currentIndexChanged.connect(self._on_filter)
        return box

    def _column_widths(self) -> dict[Column, int]:
        """Widths that fit this locale's longest date, and its status words and vendor
        names (a French weekday or a 12-hour clock is wider than "Mon 9 Jun 2025, 15:15"),
        and no more, so the service keeps what is left of a narrow panel."""
        metrics = self.view.fontMetrics()
        bold = self.view.font()
        bold.setBold(True)  # upcoming and no-show statuses are bold
        strong = QFontMetrics(bold)
        pad = 14
        longest = datetime(2026, 9, 30, 23, 59)  # a Wednesday in September: long words
        model = self.timeline

        def header(column: Column) -> int:
            return strong.horizontalAdvance(str(model.headerData(
                column, Qt.Orientation.Horizontal)))

        wanted = {
            Column.WHEN: metrics.horizontalAdvance(formats().datetime(longest)),
            Column.STAFF: metrics.horizontalAdvance("M" * 8),
            Column.STATUS: max(strong.horizontalAdvance(status_word(s)) for s in STATUSES),
            # Vendors write their prices themselves ("from $120.00", "35.50 AUD").
            Column.PRICE: max(metrics.horizontalAdvance(formats().money(12000, self.currency)),
                              metrics.horizontalAdvance("from $120.00")),
            Column.SOURCE: max(metrics.horizontalAdvance(VENDOR_NAMES[s])
                               for s in TIMELINE_SOURCES),
        }
        return {column: max(width, header(column)) + pad for column, width in wanted.items()}

    def _fit_columns(self) -> None:
        """Staff and price as wide as this customer's rows need (up to their caps), so the
        service gets the rest: on a narrow panel an empty staff column gives it its room."""
        if self._columns_moved:
            return
        head = self.view.horizontalHeader()
        self._fitting = True
        try:
            for column in (Column.STAFF, Column.PRICE):
                want = max(self.view.sizeHintForColumn(column), head.sectionSizeHint(column))
                head.resizeSection(column, min(want, self._column_caps[column]))
        finally:
            self._fitting = False

    def _on_column_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != Column.SERVICE:  # the stretched one follows
            self._columns_moved = True

    def _build_tabs(self, parent: QWidget) -> QTabWidget:
        """The compact layout's pages, empty until :meth:`set_compact` moves the timeline and
        the sections in (built once, so switching only moves widgets)."""
        tabs = QTabWidget(parent)
        tabs.setObjectName("profileTabs")
        tabs.setAccessibleName(self.tr("Bookings and vendor sections"))
        tabs.setAccessibleDescription(
            self.tr("One page for the bookings of every vendor, then one per vendor"))
        tabs.setDocumentMode(True)  # no frame around the page: the height is the point
        bar = tabs.tabBar()
        bar.setObjectName("profileTabBar")
        bar.setAccessibleName(self.tr("Profile pages"))
        bar.setAccessibleDescription(
            self.tr("Bookings, then each vendor's section; Alt and the underlined letter "
                    "opens one"))
        self.timeline_page = QWidget()
        self.timeline_page.setObjectName("timelinePage")
        page_layout = QVBoxLayout(self.timeline_page)
        page_layout.setContentsMargins(0, 4, 0, 0)
        # Where each moved widget goes in the compact layout.
        self._page_layouts: dict[str, QVBoxLayout] = {"timeline": page_layout}
        tabs.addTab(self.timeline_page,
                    QCoreApplication.translate("ProfilePanel", TAB_TITLES["timeline"]))
        self.section_pages: dict[str, QScrollArea] = {}
        for vendor in PROFILE_VENDORS:
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 4, 0, 0)
            self._page_layouts[vendor] = holder_layout
            page = QScrollArea()
            page.setObjectName(f"{SECTION_NAMES[vendor]}Page")
            page.setAccessibleName(section_title(vendor))
            page.setAccessibleDescription(self.tr("Arrow keys scroll"))
            page.setWidget(holder)
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.section_pages[vendor] = page
            tabs.addTab(page, QCoreApplication.translate("ProfilePanel", TAB_TITLES[vendor]))
        tabs.hide()
        return tabs

    # -- layout ----------------------------------------------------------------------------
    @property
    def compact(self) -> bool:
        """Whether the short-screen layout (tabs under a fixed top) is in use."""
        return self._compact

    def set_compact(self, on: bool) -> None:
        """The short-screen layout on or off: the same widgets move between the wide layout
        (sections over the timeline) and the tabs; the customer, their data, the filters and
        the selected booking stay. Cheap, and nothing happens when already so."""
        on = bool(on)
        if on == self._compact:
            return
        focused = QApplication.focusWidget()
        keep = focused if focused is not None and self.isAncestorOf(focused) else None
        self._compact = on
        self.setUpdatesEnabled(False)
        try:
            if on:
                self._to_tabs()
            else:
                self._to_split()
            self.points_line.setVisible(on)
            self._order_tabs()
        finally:
            self.setUpdatesEnabled(True)
        if keep is not None and keep.isVisibleTo(self):
            keep.setFocus(Qt.FocusReason.OtherFocusReason)
        self._fit_sections()

    def _to_tabs(self) -> None:
        self._split_state = self.split.saveState() if self._split_moved else None
        self.split.hide()
        self.timeline_box.setTitle("")  # the tab says it
        self._page_layouts["timeline"].addWidget(self.timeline_box)
        for vendor, box in self.boxes.items():
            self._page_layouts[vendor].addWidget(box)
        self._show_moved()
        self.tabs.show()

    def _to_split(self) -> None:
        self.tabs.hide()
        self.timeline_box.setTitle(self.tr("Bookings, all vendors"))
        for vendor, place in GRID.items():
            self.grid.addWidget(self.boxes[vendor], *place)
        self.split.insertWidget(1, self.timeline_box)
        if self._split_state is not None:
            self.split.restoreState(self._split_state)
        self._show_moved()
        self.split.show()

    def _show_moved(self) -> None:
        """A widget given a new parent is hidden until shown again."""
        self.timeline_box.show()
        for box in self.boxes.values():
            box.show()

    def _order_tabs(self) -> None:
        """Tab goes the way staff work through a profile: reveal the contacts, the "same
        person?" offers, then the sections (or, compact, the page tabs), the timeline's
        filters, its "Load older" and rows, the window's header buttons, and Close last.
        Run again whenever buttons come or go (every paint), so the order holds."""
        chain: list[QWidget] = [self.reveal, *self.candidate_buttons()]
        timeline: list[QWidget] = [self.source_filter, self.status_filter, self.load_older,
                                   self.view]
        notes = [w for w in self.boxes["reservations"].findChildren(QPlainTextEdit)
                 if w.objectName() == "reservationsNote"]
        if self._compact:
            chain += [self.tabs.tabBar(), *timeline]
            for vendor, page in self.section_pages.items():
                chain.append(page)
                if vendor == "reservations":
                    chain += notes
        else:
            chain += [self.section_scroll, *notes, *timeline]
        # The window's own header buttons ("Add to queue", "Link duplicates…"), then Close.
        actions = (self.header_actions.itemAt(i) for i in range(self.header_actions.count()))
        chain += [w for item in actions if item is not None and (w := item.widget()) is not None
                  and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        chain.append(self.close_button)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

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
        self.name.setText(self.tr("Opening…"))
        self.contacts.clear()
        self.links.clear()
        self.facts.hide()
        self.differ.hide()
        self.no_shows.clear()
        self.banner.hide()
        self.points_line.clear()
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
        self._paint_tabs()
        self.painted.emit()

    async def _open(self, generation: int, loader: Callable[[], Awaitable[Profile | None]],
                    force: bool) -> None:
        try:
            profile = await loader()
        except (CacheClosed, sqlite3.OperationalError) as exc:
            if generation == self._generation:
                log.warning("profile: cache read failed: %s", exc)
                self._show_problem(self.tr(
                    "This customer could not be read from the cache ({problem}).").format(
                    problem=exc))
            return
        if generation != self._generation:
            return
        if profile is None:
            self._show_problem(self.tr(
                "This customer is no longer in this store's records (they may have been "
                "merged or removed by the last sync). Search again."))
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
        self.name.setText(self.tr("Customer not shown"))
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
        self._fit_columns()
        self._paint_count()
        count = no_shows(rows)
        self.no_shows.setText(self.tr("⚠ %Ln no-show(s) (all vendors)", "", count) if count
                              else self.tr("No-shows: none"))
        set_tone(self.no_shows, "alert" if count else "muted")
        uses_booxi = "booxi" in self.service.vendors() and profile.header is not None
        self.load_older.setEnabled(uses_booxi and not self.boxes["booxi"].is_busy())
        start = profile.history_from
        self.window_label.setText(
            self.tr("Booxi history since {date}").format(date=date_text(start, self.zone))
            if uses_booxi and start is not None else "")
        self._order_tabs()  # a note block may have come or gone
        self.painted.emit()
        self._fit_sections()

    def _fit_sections(self) -> None:
        """Give the sections the height they need (up to a share), the timeline the rest —
        once the layout has settled (sizes are only right after it ran)."""
        if not self._split_moved and not self._compact:
            QTimer.singleShot(0, self, self._fit_now)  # dropped if the panel goes

    def _fit_now(self) -> None:
        if self._split_moved or self._compact:
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
        self._paint_points()
        self._paint_tabs()

    def _loke_section(self, profile: Profile) -> Section[Loyalty]:
        """The loyalty section as the panel reads it: "not used" when the store has no LOKE."""
        section = profile.sections.loke
        if "loke" not in self.service.vendors() and section.status == Status.PENDING:
            return Section[Loyalty](vendor="loke", status=Status.NOT_USED)
        return section

    def _paint_points(self) -> None:
        """The compact layout's loyalty line: the points, "—" when LOKE has none on file, or
        what the section says instead (not found, unreachable…)."""
        profile = self.profile
        if profile is None:
            self.points_line.clear()
            return
        section = self._loke_section(profile)
        status, message = section_status_text("loke", section, self.service.clock(),
                                              self.zone)
        problem = message.splitlines()[0] if message else ""
        data = section.data
        if data is not None and section.status not in (Status.NOT_FOUND, Status.NOT_USED):
            value = "—" if data.points is None else formats().points(data.points)
            if problem:
                value = self.tr("{points} · {problem}", "points, then a problem").format(
                    points=value, problem=problem)
        else:
            value = problem or status
        self.points_line.setText(self.tr("Loyalty (LOKE): {points}").format(points=value))
        set_tone(self.points_line, "alert" if problem else None)

    def _paint_tabs(self) -> None:
        """Tab titles say when a vendor's section has a problem (⚠), so it is not missed on a
        page not open; the tooltip says what."""
        for index, vendor in enumerate(PROFILE_VENDORS, start=1):
            box = self.boxes[vendor]
            title = QCoreApplication.translate("ProfilePanel", TAB_TITLES[vendor])
            problem = box.message_text()
            self.tabs.setTabText(index, f"{title} {WARN}" if problem else title)
            tip = "\n".join(t for t in (box.status_text(), problem) if t)
            self.tabs.setTabToolTip(index, plain_tip(tip))

    def _paint_header(self, profile: Profile, now: datetime) -> None:
        head = profile.header
        blacklisted, reason = profile.blacklisted()
        if head is None:
            visits = profile.sections.qudini.data.visits if profile.sections.qudini.data else []
            who = next((v.name for v in visits if v.name), "")
            self.name.setText(who or self.tr("Qudini booking"))
            self.contacts.setText(self.tr("Only this Qudini booking is known: it is not linked "
                                          "to a customer record of this store."))
            self.links.clear()
            self.reveal.setEnabled(False)
        else:
            self.name.setText(head.name or self.tr("(no name on file)"))
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
            why = reason.strip() or self.tr("no reason given")
            self.banner.setText(self.tr("⚠ BLACKLISTED — {reason}").format(reason=why))
            self.banner.setAccessibleName(self.tr("Blacklisted: {reason}").format(reason=why))
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
            parts.append(self._birthday_text(birthday.text, birthday.when))
        consent = facts.marketing_text(facts.marketing(profile.sections))
        if consent:
            parts.append(self.tr("Marketing: {consent}").format(consent=consent))
        self.facts.setText("   ·   ".join(parts))
        soon = birthday is not None and birthday.when is not None
        set_tone(self.facts, "done" if soon else None)  # the words say "birthday today"
        set_size(self.facts, "heading" if soon else None)
        self.facts.setVisible(bool(parts))
        differ = facts.disagreements(facts.contacts_of(profile.header, profile.sections),
                                     self.service.profile.store.country)
        self.differ.setText("\n".join(self.tr("⚠ Records differ — {details}").format(
            details=facts.disagreement_text(d, revealed=self._revealed)) for d in differ))
        self.differ.setVisible(bool(differ))

    def _birthday_text(self, day: str, when: When | None) -> str:
        """"Birthday: 20 November 1990", with "— ★ birthday today" (or "this week")."""
        if when == When.TODAY:
            return self.tr("Birthday: {date} — ★ birthday today").format(date=day)
        if when == When.THIS_WEEK:
            return self.tr("Birthday: {date} — ★ birthday this week").format(date=day)
        return self.tr("Birthday: {date}").format(date=day)

    def _paint_contacts(self) -> None:
        head = self.profile.header if self.profile is not None else None
        if head is None:
            return
        shown = self._revealed
        contacts = shown_contacts(head.emails, head.phones, head.link_reasons, revealed=shown)
        self.contacts.setText("  ·  ".join(contacts.emails + contacts.phones)
                              or self.tr("No email or phone on file"))
        reasons = contacts.link_reasons
        self.links.setText(self.tr("Linked by: {reasons}").format(reasons="; ".join(reasons))
                           if reasons else "")
        self.reveal.setText(self.tr("Hide") if shown else self.tr("Reveal"))
        self.reveal.setAccessibleName(self.tr("Hide the contacts") if shown
                                      else self.tr("Reveal the contacts"))

    def _show_candidates(self, profile: Profile | None, found: list[Header]) -> None:
        while self.candidate_layout.count():
            item = self.candidate_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if profile is None or not profile.qudini_identifiers:
            self.candidates.hide()
            self._order_tabs()
            return
        identifier = profile.qudini_identifiers[0]
        if not found:
            self.candidate_layout.addWidget(plain_label(
                self.tr("No customer with this name is saved on this PC. Search for them by "
                        "email or phone to see their other records."), "noCandidates",
                wrap=True))
        else:
            self.candidate_layout.addWidget(plain_label(
                self.tr("Possibly the same person (same name). Check with the customer, then "
                        "link this booking to them:"), "candidatesTitle", wrap=True))
        for head in found:
            contacts = [mask_email(e) for e in head.emails[:1]] + \
                [safe_mask_phone(p) for p in head.phones[:1]]
            vendors = ", ".join(VENDOR_NAMES.get(v, v) for v in head.vendor_ids)
            parts = [part for part in (head.name, *contacts, vendors) if part]
            if head.blacklisted:
                parts.append(self.tr("⚠ blacklisted"))
            details = " · ".join(parts)
            text = self.tr("Link to {customer}").format(customer=details)
            button = QPushButton(text.replace("&", "&&"))  # & is a mnemonic
            button.setObjectName("attachCandidate")
            button.setAccessibleName(self.tr("Link this booking to {name}").format(
                name=head.name))
            button.setAccessibleDescription(details)
            button.clicked.connect(
                lambda _checked=False, c=head.customer_id: self.attach(identifier, c))
            self.candidate_layout.addWidget(button)
        self.candidates.show()
        self._order_tabs()

    def _set_badges(self, vendors: list[str]) -> None:
        while self.badge_layout.count():
            item = self.badge_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._badges = [VENDOR_NAMES.get(v, v) for v in vendors]
        for vendor in vendors:
            chip = plain_label(VENDOR_NAMES.get(vendor, vendor), f"badge_{vendor}")
            set_surface(chip, "chip")
            chip.setToolTip(self.tr("Known to {vendor}").format(
                vendor=VENDOR_NAMES.get(vendor, vendor)))
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
        shown = formats()
        box.add_row(self.tr("Points"), "—" if data.points is None
                    else shown.points(data.points), "points")
        box.add_row(self.tr("Total spend"), "—" if data.total_spend_cents is None
                    else shown.money(data.total_spend_cents, self.currency), "totalSpend")
        box.add_row(self.tr("Last spend"), date_text(data.last_spent_at, self.zone), "lastSpend")
        box.add_row(self.tr("Last earn"), date_text(data.last_earned_at, self.zone), "lastEarn")
        box.add_row(self.tr("Last redeem"), date_text(data.last_redeemed_at, self.zone),
                    "lastRedeem")
        box.add_row(self.tr("Lists"), ", ".join(data.lists) if data.lists
                    else self.tr("none", "no lists"), "customerLists")

    def _paint_reservations(self, section: Section[Reservations]) -> None:
        box = self.boxes["reservations"]
        box.clear_rows()
        data = section.data
        if data is None or section.status in (Status.NOT_FOUND, Status.NOT_USED):
            return
        if data.is_dummy:
            marker = box.add_heading(self.tr("Walk-in placeholder record — not a real "
                                             "customer's profile"), "walkInMarker")
            set_tone(marker, "warn")
        count = formats().count
        box.add_row(self.tr("Times booked"), count(data.times_booked), "timesBooked")
        box.add_row(self.tr("Cancelled by customer"), count(data.cancelled_by_customer),
                    "cancelledByCustomer")
        box.add_row(self.tr("Upcoming"), count(data.upcoming), "upcoming")
        box.add_row(self.tr("Completed"), count(data.completed), "completed")
        if self.note_editor is not None:
            return  # the note editor shows (and edits) it
        if data.note.strip():
            note = box.add_text_block(self.tr("Note"), data.note, "reservationsNote")
            note.setAccessibleName(self.tr("Reservations note"))
            note.setAccessibleDescription(
                self.tr("Staff note from reservations (read-only here)"))
        else:
            box.add_row(self.tr("Note"), self.tr("no note"), "reservationsNote")

    def _paint_qudini(self, section: Section[Qudini]) -> None:
        box = self.boxes["qudini"]
        box.clear_rows()
        data = section.data
        if data is None or section.status in (Status.NOT_FOUND, Status.NOT_USED):
            return
        for visit in data.visits:
            box.add_heading(self.tr("Booking {reference}").format(
                reference=visit.booking_ref or visit.identifier[:12] + "…"))
            box.add_row(self.tr("State"), visit.state or "—")
            box.add_row(self.tr("Queue"), queue_text(visit))
            if visit.venue_name:
                box.add_row(self.tr("Venue"), visit.venue_name)
            box.add_row(self.tr("Service"), visit.service or "—")
            box.add_row(self.tr("Starts"), datetime_text(visit.starts_at, self.zone))
            if visit.language:
                box.add_row(self.tr("Language"), visit.language, "qudiniLanguage")
            if visit.group_size is not None:
                box.add_row(self.tr("Group size"), formats().number(visit.group_size),
                            "qudiniGroupSize")
            if visit.minutes_remaining:
                box.add_row(self.tr("Wait"), self.tr("about %Ln min", "minutes left to wait",
                                                     visit.minutes_remaining))
            for answer in visit.answers:
                box.add_row(self.tr("Question {number}").format(number=answer.question or "?"),
                            answer.value or "—")
            if not visit.answers:
                box.add_row(self.tr("Answers"), self.tr("none", "no answers"))

    def _paint_booxi(self, section: Section[BooxiHistory]) -> None:
        box = self.boxes["booxi"]
        box.clear_rows()
        data = section.data
        if data is None or section.status in (Status.NOT_FOUND, Status.NOT_USED):
            return
        box.add_row(self.tr("Bookings found"), formats().count(len(data.bookings)),
                    "booxiBookings")
        if data.window_from is not None:
            box.add_row(self.tr("Since"), date_text(data.window_from, self.zone))
        if data.skipped:
            box.add_row(self.tr("Unreadable"),
                        self.tr("%Ln booking(s) could not be read", "", data.skipped))
        for note in facts.booxi_notes(data):
            box.add_row(self.tr("Quick note"), note, "booxiQuickNote")
        for row in data.bookings:
            if row.request:
                box.add_row(self.tr("Request {date}").format(
                    date=date_text(row.starts_at, self.zone)), row.request, "booxiRequest")

    def _paint_count(self) -> None:
        total, shown = self.timeline.total(), self.timeline.rowCount()
        if shown == total:
            self.count.setText(self.tr("%Ln booking(s)", "", total))
        else:
            self.count.setText(self.tr("{shown} of %Ln booking(s) shown", "", total).format(
                shown=formats().count(shown)))

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
