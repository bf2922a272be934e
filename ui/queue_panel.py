"""The live queue panel: who is waiting, for how long, who they are — and one key per action.

Why it looks like this:

* The queue lives in :mod:`app.queue` (board, feed, actions, match); this panel only shows it
  and forwards keys. :func:`build_queue` wires the core to a :class:`QueueBridge` whose Qt
  signals reach the panel, so the core never knows about widgets.
* Live state is always in words (``queueState``): live, reconnecting, polling, offline. Offline
  keeps the last known queue on screen, greyed, with its time — a queue host would rather see
  a two-minute-old queue marked as such than an empty table.
* Waits tick every second from the tickets' own times (:meth:`QueueModel.tick`); nothing is
  asked of Qminder or the cache per tick.
* Who is waiting: each ticket is matched to a saved customer on the cache thread
  (:func:`app.queue.match.match_all`; SQLite is never touched on the GUI thread), and only
  tickets whose id, phone, email or name changed are matched again (all of them after a sync,
  when the cache knows more). The blacklist warning is words and a sign — "⚠ Blacklisted:
  <reason>" — on this screen only: nothing the cache knows is ever sent to Qminder.
* Actions run on the selected ticket, from a button or its key (one table of keys:
  :mod:`ui.help_overlay`). The board changes at once; if Qminder refuses, the core puts the
  row back and the refusal is said in the message line — never a dialog, never a stuck row.
  Destructive actions (per :data:`app.queue.actions.ACTIONS`) ask first, inline, with "No"
  focused: Enter or Esc keeps the ticket, Y or the Yes button goes ahead.
* Vendor text is plain everywhere: plain-text labels, plain model strings, chips painted with
  the label's text always and its colour only when ``Label.hex_color`` says it is one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.customer.service import CacheJob
from app.errors import CredentialError, VendorError
from app.profile import StoreProfile
from app.queue.actions import ACTIONS, ActionRefused, Done, QueueActions
from app.queue.board import QueueBoard, Row, duration_text, wait_text
from app.queue.feed import QueueFeed
from app.queue.match import Match, match_all
from app.secrets import SecretSource
from app.vendors.qminder.client import QminderClient
from app.vendors.qminder.live import LiveTiming
from app.vendors.qminder.models import Ticket
from ui.help_overlay import QUEUE_KEYS, bind, key_text
from ui.profile_text import WARN, ordinal
from ui.queue_model import (
    Chip,
    Column,
    QueueModel,
    Role,
    blacklist_text,
    no_shows_text,
    one_line,
    source_text,
    status_text,
    ticket_name,
    who_text,
)
from ui.sync_status import clock as clock_text
from ui.tasks import TaskSlots
from ui.widgets import plain_label

log = logging.getLogger("clientdesk.ui.queue")

Index = QModelIndex | QPersistentModelIndex

TICK_MS = 1_000
#: How long a message (an action done or refused) stays in the message line.
MESSAGE_MS = 20_000
#: Initial column widths (px); the details column stretches.
WIDTHS = {Column.PLACE: 64, Column.NAME: 150, Column.WAITED: 108, Column.CUSTOMER: 250,
          Column.LABELS: 160, Column.SOURCE: 96}
CARD_WIDTH = 300
#: Short button words (the full words, from ACTIONS, are the tooltip and accessible name).
BUTTON_WORDS = {"call_next": "Call next", "call": "Call", "recall": "Recall",
                "served": "Served", "no-show": "No-show", "return": "Return to queue",
                "cancel": "Cancel ticket"}
#: "Could not <verb> <who>: <Qminder's reason>".
FAIL_WORDS = {"call_next": "call next on", "call": "call", "recall": "recall",
              "served": "mark served", "no-show": "mark as a no-show",
              "return": "return to the queue", "cancel": "cancel the ticket of"}
DONE_WORDS = {"call": "Called {who}.", "call_next": "Called {who}.",
              "recall": "Called {who} again.", "served": "{who}: marked served.",
              "no-show": "{who}: marked as a no-show.",
              "return": "{who}: back at the end of the queue.",
              "cancel": "{who}: removed from the queue."}
#: Yes-button words of the destructive actions.
CONFIRM_WORDS = {"no-show": "Yes, mark no-show", "cancel": "Yes, cancel the ticket"}
STATE_WORDS: dict[str, tuple[str, str]] = {
    # state: (sign + word, colour repeating it)
    "connecting": ("… Connecting to Qminder", "#455a64"),
    "live": ("● Live", "#1b5e20"),
    "reconnecting": ("↻ Reconnecting", "#8d4f00"),
    "polling": ("↻ Polling", "#8d4f00"),
    "offline": (f"{WARN} Offline", "#b71c1c"),
    "stopped": ("■ Stopped", "#455a64"),
}
NEUTRAL_CHIP = "#eceff1"
BANNER_STYLE = ("QLabel#ticketBlacklist { background:#b71c1c; color:#ffffff; font-weight:bold; "
                "padding:6px 10px; border-radius:4px; }")
MESSAGE_STYLE = "color:#263238;"
ALERT_STYLE = "color:#8a1c1c; font-weight:bold;"
CONFIRM_STYLE = ("QFrame#queueConfirm { background:#fff3e0; border:1px solid #ffb74d; "
                 "border-radius:4px; }")


def utc_now() -> datetime:
    return datetime.now(UTC)


# -- wiring the core ----------------------------------------------------------------------------


class QueueBridge(QObject):
    """The core's callbacks as Qt signals (same thread: delivered at once)."""

    changed = Signal()
    stateChanged = Signal(str)


@dataclass
class QueueParts:
    """One store location's queue: the client, the board and what keeps it current."""

    client: QminderClient
    board: QueueBoard
    feed: QueueFeed
    actions: QueueActions
    bridge: QueueBridge
    clock: Callable[[], datetime]
    zone: tzinfo
    country: str

    async def aclose(self) -> None:
        """Stop the feed (websocket, polls), then close the HTTP client."""
        try:
            await self.feed.stop()
        finally:
            await self.client.aclose()


def build_queue(profile: StoreProfile, secrets: SecretSource, *,
                clock: Callable[[], datetime] = utc_now, live_timing: LiveTiming | None = None,
                fallback_after_s: float = 15.0,
                poll_interval_s: float | None = None) -> QueueParts | None:
    """The queue of ``profile``'s Qminder location, or None when the store has no [qminder]
    table or no Qminder secret on this PC (the window then has no queue)."""
    table = profile.qminder
    if table is None:
        return None
    try:
        secret = secrets.get("qminder")
    except CredentialError as exc:
        log.warning("queue: no Qminder secret readable (%s)", exc.message)
        return None
    if not secret:
        return None
    zone = ZoneInfo(profile.store.timezone)
    client = QminderClient(table, secret)
    board = QueueBoard(zone, only_lines=frozenset(map(str, table.lines)))
    bridge = QueueBridge()
    feed = QueueFeed(client, board, on_change=bridge.changed.emit,
                     on_state=bridge.stateChanged.emit, clock=clock,
                     poll_interval_s=poll_interval_s, fallback_after_s=fallback_after_s,
                     live_timing=live_timing)
    actions = QueueActions(client, board, clock=clock, on_change=bridge.changed.emit,
                           user_id=table.user_id)
    return QueueParts(client, board, feed, actions, bridge, clock, zone, profile.store.country)


# -- words ----------------------------------------------------------------------------------------


def state_text(state: str, updated_at: datetime | None, now: datetime, zone: tzinfo, *,
               poll_s: float) -> str:
    """The state line: "● Live", "⚠ Offline — queue as of 10:42", …"""
    word = STATE_WORDS.get(state, (state, ""))[0]
    as_of = f"queue as of {clock_text(updated_at, now, zone)}" if updated_at is not None \
        else "no queue loaded yet"
    if state == "live":
        return f"{word} — changes appear as they happen"
    if state == "polling":
        return f"{word} every {poll_s:.0f} s (live updates unavailable) — {as_of}"
    if state in ("reconnecting", "offline"):
        return f"{word} — {as_of}"
    return word


def unavailable(action: str, row: Row) -> str:
    """Why ``action`` cannot be done on ``row`` here ("" when it can)."""
    ticket = row.ticket
    who = ticket_name(ticket)
    if row.pending is not None:
        return f"{who}: an action is still on its way to Qminder."
    if action == "call" and not ticket.is_waiting:
        return f"{who} is not waiting ({status_text(ticket).lower()}): only a waiting " \
            "ticket can be called."
    if action in ("recall", "served", "no-show", "return") and not ticket.is_called:
        return f"{who} has not been called yet: {ACTIONS[action][0].lower()} needs a " \
            "called ticket."
    if action == "cancel" and not (ticket.is_waiting or ticket.is_called):
        return f"{who} is {status_text(ticket)}: it cannot be cancelled here."
    return ""


def match_key(ticket: Ticket) -> tuple[str, str, str, str]:
    """What matching depends on: a ticket is matched again only when this changes."""
    return (ticket.id, ticket.phone_number or "", ticket.email or "", ticket.name)


# -- painting chips ----------------------------------------------------------------------------


def chip_colours(chip: Chip, stale: bool) -> tuple[QColor, QColor]:
    """Fill and text colour: the label's own colour (neutral when it has none or the queue is
    stale), with black or white text, whichever reads better on it."""
    fill = QColor(chip.color) if chip.color and not stale else QColor(NEUTRAL_CHIP)
    light = 0.299 * fill.red() + 0.587 * fill.green() + 0.114 * fill.blue()
    return fill, QColor("#000000" if light >= 150 else "#ffffff")


def chip_width(metrics: QFontMetrics, chip: Chip) -> int:
    return metrics.horizontalAdvance(chip.text) + 16


def paint_chips(painter: QPainter, rect: QRectF, chips: list[Chip], metrics: QFontMetrics,
                stale: bool) -> None:
    """Chips left to right in ``rect``; what does not fit becomes "+N"."""
    height = metrics.height() + 4
    y = rect.top() + (rect.height() - height) / 2
    x = rect.left()
    for k, chip in enumerate(chips):
        width = chip_width(metrics, chip)
        rest = len(chips) - k
        more = f"+{rest}"
        if x + width > rect.right() and k > 0:
            painter.setPen(QColor("#37474f"))
            painter.drawText(QRectF(x, y, metrics.horizontalAdvance(more) + 8, height),
                             int(Qt.AlignmentFlag.AlignVCenter), more)
            return
        fill, text = chip_colours(chip, stale)
        box = QRectF(x, y, width, height)
        painter.setPen(QPen(fill.darker(150), 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(text)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), chip.text)
        x += width + 4


class QueueDelegate(QStyledItemDelegate):
    """Paints the labels column as chips; every other cell as the default (plain) delegate."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        found = index.data(Role.CHIPS)
        if not found:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        model = index.model()
        stale = bool(getattr(model, "stale", False))
        painter.save()
        rect = QRectF(option.rect).adjusted(4, 0, -4, 0)
        painter.setClipRect(rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_chips(painter, rect, list(found), QFontMetrics(opt.font),
                    stale)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        found = index.data(Role.CHIPS)
        if found:
            metrics = QFontMetrics(option.font)
            size.setWidth(sum(chip_width(metrics, c) + 4 for c in found) + 8)
        return size


class ChipRow(QWidget):
    """The selected ticket's labels as chips (the same painting as the table's)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketLabels")
        self.chips: list[Chip] = []
        self.stale = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_chips(self, chips: list[Chip], stale: bool) -> None:
        self.chips, self.stale = chips, stale
        self.setAccessibleName("Labels: " + (", ".join(c.text for c in chips) or "none"))
        self.setVisible(bool(chips))
        self.updateGeometry()
        self.update()

    def texts(self) -> list[str]:
        return [c.text for c in self.chips]

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(sum(chip_width(metrics, c) + 4 for c in self.chips),
                     metrics.height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_chips(painter, QRectF(self.rect()).adjusted(0, 0, -1, 0), self.chips,
                    self.fontMetrics(), self.stale)
        painter.end()


# -- the selected ticket ------------------------------------------------------------------------


class TicketCard(QFrame):
    """Everything about the selected ticket, and who the cache says they are."""

    def __init__(self, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketCard")
        self.zone = zone
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(5)
        self.name = plain_label("", "ticketName", wrap=True, selectable=True)
        self.name.setStyleSheet("font-size:16px; font-weight:bold;")
        layout.addWidget(self.name)
        self.meta = plain_label("", "ticketMeta", wrap=True)
        layout.addWidget(self.meta)
        self.blacklist = plain_label("", "ticketBlacklist", wrap=True)
        self.blacklist.setStyleSheet(BANNER_STYLE)
        self.blacklist.setToolTip("Private: shown on this screen only, never sent to Qminder")
        layout.addWidget(self.blacklist)
        self.match = plain_label("", "ticketMatch", wrap=True)
        layout.addWidget(self.match)
        self.hint = plain_label("", "ticketHint", wrap=True)
        self.hint.setStyleSheet("color:#546e7a;")
        layout.addWidget(self.hint)
        self.labels = ChipRow(self)
        layout.addWidget(self.labels)
        self.details_box = QWidget(self)
        self.details = QFormLayout(self.details_box)
        self.details.setContentsMargins(0, 0, 0, 0)
        self.details.setHorizontalSpacing(8)
        self.details.setVerticalSpacing(2)
        self.details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addWidget(self.details_box)
        self.number = plain_label("", "ticketNumber", wrap=True)
        self.number.setStyleSheet("color:#546e7a;")
        layout.addWidget(self.number)
        layout.addStretch(1)
        self._fields: list[tuple[str, str]] = []
        self.show_row(None, None, matched=False, now=utc_now(), stale=False)

    def fields(self) -> list[tuple[str, str]]:
        """(title, value) of the extra fields shown (tests)."""
        return list(self._fields)

    def show_row(self, row: Row | None, match: Match | None, *, matched: bool, now: datetime,
                 stale: bool, cache: bool = True) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        self._fields = []
        if row is None:
            self.name.setText("No ticket selected")
            self.meta.setText("Select a ticket (arrow keys or a click) to see who it is and "
                              "act on it.")
            for widget in (self.blacklist, self.match, self.hint, self.number):
                widget.hide()
            self.labels.set_chips([], stale)
            return
        ticket = row.ticket
        self.name.setText(ticket_name(ticket))
        self.update_wait(row, now)
        if match is not None and match.blacklisted:
            self.blacklist.setText(blacklist_text(match))
            self.blacklist.show()
        else:
            self.blacklist.hide()
        self.match.setText(card_match_text(match, matched, ticket, cache=cache))
        self.match.show()
        self.hint.setText("Enter opens their profile." if match is not None else "")
        self.hint.setVisible(match is not None)
        self.labels.set_chips(
            [Chip(one_line(lb.value, 40), lb.hex_color) for lb in ticket.labels
             if lb.value and lb.value.strip()], stale)
        for field in ticket.extra:
            title = one_line(field.title, 60) or "Field"
            value = (field.value or field.url or "").strip()
            link = field.link
            if link and link != value:
                value = f"{value}\n{link}" if value else link
            caption = plain_label(f"{title}:")
            caption.setStyleSheet("color:#546e7a;")
            shown = plain_label(value or "—", wrap=True, selectable=True)
            shown.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.details.addRow(caption, shown)
            self._fields.append((title, value or "—"))
        number = one_line(ticket.public_id, 20)
        parts = [f"Ticket {number}" if number else "", source_text(ticket.source)
                 if ticket.source else "", f"Qminder id {one_line(ticket.id, 40)}"]
        self.number.setText(" · ".join(p for p in parts if p))
        self.number.show()

    def update_wait(self, row: Row, now: datetime) -> None:
        ticket = row.ticket
        parts = [one_line(row.line_name, 60)]
        if row.pending is not None:
            parts.append("sending to Qminder…")
        if ticket.is_waiting:
            if row.position is not None:
                parts.append(f"{ordinal(row.position)} in line")
            parts.append(f"waiting {wait_text(row.waited)}")
        elif ticket.is_called:
            called = ticket.called.date if ticket.called else None
            when = f" at {clock_text(called, now, self.zone)}" if called else ""
            parts.append(f"called{when} after {duration_text(row.waited)}")
        else:
            parts.append(f"status {status_text(ticket)} (as Qminder says)")
        self.meta.setText(" · ".join(parts))


def card_match_text(match: Match | None, matched: bool, ticket: Ticket | None = None, *,
                    cache: bool = True) -> str:
    if not cache:
        return "Saved customers are not available in this window."
    if not matched:
        return "Looking for this person among the saved customers…"
    if match is None:
        return "Not a saved customer on this PC (no phone, email or name matches)."
    parts = [who_text(match, ticket)]
    if match.points is not None:
        parts.append(f"{match.points:,} loyalty points")
    shows = no_shows_text(match.no_shows)
    if shows:
        parts.append(shows)
    elif match.no_shows == 0:
        parts.append("no no-shows")
    text = " · ".join(parts)
    if not match.certain:
        text += " — check with the customer before relying on it."
    return text


# -- the panel ------------------------------------------------------------------------------------


class QueuePanel(QWidget):
    """State line, message line, action buttons, the queue table and the selected ticket."""

    #: Enter (or a double-click) on a ticket matched to a saved customer: their id.
    customerActivated = Signal(int)
    #: The selected ticket's card was painted (another ticket, or the same one changed).
    cardPainted = Signal()

    def __init__(self, parts: QueueParts, jobs: CacheJob[Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.setAccessibleName("queuePanel")
        self.parts = parts
        self.board = parts.board
        self.jobs = jobs
        self.tasks = TaskSlots()
        self._closed = False
        self._matches: dict[str, Match | None] = {}
        self._match_keys: dict[str, tuple[str, str, str, str]] = {}
        self._match_again = False
        self._actions: set[asyncio.Task[None]] = set()
        self._action_count = 0
        self._confirming: tuple[str, str, str] | None = None  # action, ticket id, who
        self._current_id: str | None = None
        self._current_row = -1
        self._scroll = 0
        self._message_generation = 0
        self.state: str = parts.feed.state

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.state_label = plain_label("", "queueState")
        self.state_label.setAccessibleDescription("Whether the queue is live, and how fresh")
        top.addWidget(self.state_label)
        top.addSpacing(16)
        self.message = plain_label("", "queueMessage", wrap=True)
        self.message.setAccessibleDescription("The outcome of the last queue action")
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        top.addWidget(self.message, 1)
        layout.addLayout(top)

        self.confirm = QFrame(self)
        self.confirm.setObjectName("queueConfirm")
        self.confirm.setStyleSheet(CONFIRM_STYLE)
        confirm_row = QHBoxLayout(self.confirm)
        confirm_row.setContentsMargins(8, 4, 8, 4)
        self.confirm_text = plain_label("", "queueConfirmText", wrap=True)
        confirm_row.addWidget(self.confirm_text, 1)
        self.confirm_yes = QPushButton("Yes", self.confirm)
        self.confirm_yes.setObjectName("queueConfirmYes")
        self.confirm_no = QPushButton("No, keep it  (Enter / Esc)", self.confirm)
        self.confirm_no.setObjectName("queueConfirmNo")
        self.confirm_no.setAccessibleName("No, keep the ticket")
        for button in (self.confirm_yes, self.confirm_no):
            button.setAutoDefault(True)  # Enter presses the focused one
            button.installEventFilter(self)
            confirm_row.addWidget(button)
        self.confirm_yes.clicked.connect(self._confirmed)
        self.confirm_no.clicked.connect(self._declined)
        self.confirm.hide()
        layout.addWidget(self.confirm)

        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        self.buttons: dict[str, QPushButton] = {}
        self.shortcuts: list[QShortcut] = []
        for action in QUEUE_KEYS:
            key = key_text(f"queue.{action}")
            button = QPushButton(f"{BUTTON_WORDS[action]}  ({key})", self)
            button.setObjectName(f"queueAction_{action.replace('-', '_')}")
            button.setAccessibleName(ACTIONS[action][0])
            button.setToolTip(f"{ACTIONS[action][0]} — key {key}"
                              + (" (asks first)" if ACTIONS[action][1] else ""))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click keeps the table's focus
            button.clicked.connect(lambda _checked=False, a=action: self.press(a))
            buttons.addWidget(button)
            self.buttons[action] = button
            # Application-wide: the keys work from the search box and from a floating queue.
            self.shortcuts += bind(f"queue.{action}", self, partial(self.press, action),
                                   context=Qt.ShortcutContext.ApplicationShortcut)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.model = QueueModel(parts.board, parts.clock, parts.zone)
        self.view = QTableView(self)
        self.view.setObjectName("queueView")
        self.view.setAccessibleName("queueView")
        self.view.setAccessibleDescription(
            "Tickets per line: being served first, then waiting in order. Enter opens the "
            "matched customer's profile.")
        self.view.setModel(self.model)
        self.view.setItemDelegate(QueueDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setCornerButtonEnabled(False)
        self.view.setTabKeyNavigation(False)
        self.view.setShowGrid(False)
        rows = self.view.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)  # chips fit
        head = self.view.horizontalHeader()
        head.setHighlightSections(False)
        head.setStretchLastSection(True)
        head.setSectionsMovable(False)
        for column, width in WIDTHS.items():
            head.resizeSection(column, width)

        self.card = TicketCard(parts.zone)
        scroll = QScrollArea(self)
        scroll.setObjectName("ticketCardScroll")
        scroll.setWidget(self.card)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(220)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setObjectName("queueSplit")
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.view)
        self.split.addWidget(scroll)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setSizes([900, CARD_WIDTH])
        layout.addWidget(self.split, 1)
        self.setFocusProxy(self.view)

        self.model.modelAboutToBeReset.connect(self._before_reset)
        self.model.modelReset.connect(self._after_reset)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(lambda index: self.activate(index.row()))
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(0)
        self._coalesce.timeout.connect(self._apply_changes)
        parts.bridge.changed.connect(self._on_change)
        parts.bridge.stateChanged.connect(self._on_state)

        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._on_tick)
        self._paint_state()
        self._paint_buttons()

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Load the queue and go live (after the window shows); the waits start ticking."""
        if self._closed:
            return
        self.tick.start()
        self.tasks.start("feed", self.parts.feed.start())

    def close_tasks(self) -> None:
        """The window closes: stop ticking and listening (the owner stops the feed)."""
        self._closed = True
        self.tick.stop()
        self._coalesce.stop()
        self.tasks.cancel_all()
        for task in list(self._actions):
            task.cancel()
        with contextlib.suppress(RuntimeError, TypeError):
            self.parts.bridge.changed.disconnect(self._on_change)
            self.parts.bridge.stateChanged.disconnect(self._on_state)

    async def idle(self) -> None:
        """Until no action is on its way, matching has caught up and the model shows every
        change so far (tests, smoke runs)."""
        while True:
            if self._coalesce.isActive():
                self._coalesce.stop()
                self._apply_changes()
            pending = [t for t in self._actions if not t.done()]
            match = self.tasks.get("match")
            if match is not None and not match.done():
                pending.append(match)
            if not pending:
                if self._match_again:
                    await asyncio.sleep(0)
                    continue
                return
            await asyncio.gather(*pending, return_exceptions=True)

    # -- reading (tests, the window) --------------------------------------------------------
    def selected(self) -> Row | None:
        index = self.view.currentIndex()
        return self.model.ticket_row(index.row()) if index.isValid() else None

    def select_ticket(self, ticket_id: str) -> bool:
        row = self.model.row_of(ticket_id)
        if row is None:
            return False
        self._set_row(row)
        return True

    def focus_queue(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid():
            rows = self.model.ticket_rows()
            if rows:
                self._set_row(rows[0])

    def confirming(self) -> bool:
        return self._confirming is not None

    def matches(self) -> dict[str, Match | None]:
        return dict(self._matches)

    # -- the core's signals -------------------------------------------------------------------
    def _on_change(self) -> None:
        """Changes come in bursts (a catch-up, a read-ahead of 500 tickets' details): the
        model is rebuilt once per turn of the event loop, not once per change."""
        if not self._closed and not self._coalesce.isActive():
            self._coalesce.start()

    def _apply_changes(self) -> None:
        if self._closed:
            return
        self.model.refresh()
        self._schedule_match()
        if self._confirming is not None and self._confirming[1] not in self.board.tickets:
            who = self._confirming[2]
            self._hide_confirm()
            self.show_message(f"{who} left the queue meanwhile; nothing was done.")

    def _on_state(self, state: str) -> None:
        if self._closed:
            return
        self.state = state
        self.model.set_stale(state == "offline")
        self._paint_state()
        self._paint_card()

    def _on_tick(self) -> None:
        self.model.tick()
        row = self.selected()
        if row is not None:
            self.card.update_wait(row, self.parts.clock())

    def _paint_state(self) -> None:
        feed = self.parts.feed
        text = state_text(self.state, self.board.updated_at, self.parts.clock(),
                          self.parts.zone, poll_s=feed.poll_interval_s)
        self.state_label.setText(text)
        colour = STATE_WORDS.get(self.state, ("", "#455a64"))[1]
        self.state_label.setStyleSheet(f"color:{colour}; font-weight:bold;")
        self.state_label.setToolTip(feed.error if self.state == "offline" and feed.error
                                    else "")

    # -- selection ----------------------------------------------------------------------------
    def _before_reset(self) -> None:
        self._current_row = self.view.currentIndex().row()
        self._scroll = self.view.verticalScrollBar().value()

    def _after_reset(self) -> None:
        self.view.clearSpans()
        for row in self.model.header_rows():
            self.view.setSpan(row, 0, 1, len(Column))
        self.view.verticalScrollBar().setValue(self._scroll)
        target = self.model.row_of(self._current_id) if self._current_id is not None else None
        if target is None:
            rows = self.model.ticket_rows()
            later = [r for r in rows if r >= self._current_row]
            target = later[0] if later else (rows[-1] if rows else None)
        if target is not None:
            self._set_row(target, scroll=False)
        else:
            self._current_id = None
            self._paint_card()
            self._paint_buttons()
        # Keep the selected ticket in sight, not the top of the table.
        if target is not None:
            self.view.scrollTo(self.model.index(target, 0),
                               QAbstractItemView.ScrollHint.EnsureVisible)

    def _set_row(self, row: int, *, scroll: bool = True) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        if scroll:
            self.view.scrollTo(index)
        self._remember(row)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._remember(current.row() if current.isValid() else -1)

    def _remember(self, row: int) -> None:
        found = self.model.ticket_row(row)
        self._current_id = found.ticket.id if found is not None else None
        self._paint_card()
        self._paint_buttons()

    def _paint_card(self) -> None:
        row = self.selected()
        ticket_id = row.ticket.id if row is not None else ""
        self.card.show_row(row, self._matches.get(ticket_id),
                           matched=ticket_id in self._matches, now=self.parts.clock(),
                           stale=self.model.stale, cache=self.jobs is not None)
        self.cardPainted.emit()

    def add_to_card(self, widget: QWidget) -> None:
        """Put ``widget`` (the labels editor) on the selected ticket's card, under its rows."""
        layout = self.card.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, widget)  # before the closing stretch

    def _paint_buttons(self) -> None:
        row = self.selected()
        for action, button in self.buttons.items():
            if action == "call_next":
                button.setEnabled(self._next_line(row) is not None)
            else:
                button.setEnabled(row is not None and not unavailable(action, row))


    # -- who is waiting -------------------------------------------------------------------------
    def cache_changed(self) -> None:
        """The cache learned more (a sync finished): match every ticket again."""
        self._match_keys.clear()
        self._schedule_match()

    def _schedule_match(self) -> None:
        if self.jobs is None or self._closed:
            return
        if self.tasks.running("match"):
            self._match_again = True
            return
        tickets = list(self.board.tickets.values())
        keys = {t.id: match_key(t) for t in tickets}
        for gone in set(self._match_keys) - set(keys):
            self._match_keys.pop(gone, None)
            self._matches.pop(gone, None)
        todo = [t for t in tickets if self._match_keys.get(t.id) != keys[t.id]]
        if todo:
            self.tasks.start("match", self._match(todo, keys))

    async def _match(self, todo: list[Ticket], keys: dict[str, tuple[str, str, str, str]]
                     ) -> None:
        assert self.jobs is not None
        country = self.parts.country

        def job(conn: sqlite3.Connection) -> dict[str, Match | None]:
            return match_all(conn, todo, country)

        try:
            found: dict[str, Match | None] = await self.jobs(job)
        except (sqlite3.Error, RuntimeError) as exc:
            log.warning("queue: matching tickets to saved customers failed (%s)", exc)
            found = {}
        finally:
            if self._match_again:
                self._match_again = False
                asyncio.get_running_loop().call_soon(self._schedule_match)
        for ticket in todo:
            if ticket.id in found:
                self._match_keys[ticket.id] = keys[ticket.id]
                self._matches[ticket.id] = found[ticket.id]
        self.model.set_matches(self._matches)
        self._paint_card()

    def activate(self, row: int) -> None:
        """Enter or a double-click: open the matched customer's profile."""
        found = self.model.ticket_row(row)
        if found is None:
            return
        who = ticket_name(found.ticket)
        match = self._matches.get(found.ticket.id)
        if match is not None:
            self.customerActivated.emit(match.customer_id)
        elif found.ticket.id in self._matches:
            self.show_message(f"{who} is not a saved customer on this PC: there is no "
                              "profile to open.")
        elif self.jobs is None:
            self.show_message("Saved customers are not available in this window.")
        else:
            self.show_message(f"Still looking for {who} among the saved customers…")

    # -- actions --------------------------------------------------------------------------------
    def press(self, action: str) -> None:
        """A queue key or button: act on the selected ticket (or its line, for call next)."""
        if self._closed:
            return
        if self._confirming is not None:
            self._hide_confirm()  # another key: the question is dropped, nothing is done
        row = self.selected()
        if action == "call_next":
            line = self._next_line(row)
            if line is None:
                self.show_message("Select a ticket on the line to call next from.", alert=True)
                return
            nxt = self.board.next_waiting(line)
            who = ticket_name(nxt) if nxt is not None else "the next visitor"
            self._run(action, line, who)
            return
        if row is None:
            self.show_message("Select a ticket in the queue first (arrow keys or a click).",
                              alert=True)
            return
        problem = unavailable(action, row)
        if problem:
            self.show_message(problem, alert=True)
            return
        who = ticket_name(row.ticket)
        if ACTIONS[action][1]:
            self._ask(action, row.ticket.id, who)
            return
        self._run(action, row.ticket.id, who)

    def _next_line(self, row: Row | None) -> str | None:
        """The line "call next" works on: the selected ticket's, or the only one waiting."""
        if row is not None:
            return row.line_id
        waiting = {t.line or "" for t in self.board.tickets.values() if t.is_waiting}
        return waiting.pop() if len(waiting) == 1 else None

    def _line_name(self, line_id: str) -> str:
        stats = self.board.stats(self.parts.clock())
        return next((one_line(s.name, 60) for s in stats if s.line_id == line_id),
                    f"line {one_line(line_id, 20)}")

    def _run(self, action: str, target: str, who: str) -> None:
        self._action_count += 1
        task = self.tasks.start(f"action{self._action_count}", self._act(action, target, who))
        self._actions.add(task)
        task.add_done_callback(self._actions.discard)

    async def _act(self, action: str, target: str, who: str) -> None:
        actions = self.parts.actions
        try:
            if action == "call_next":
                done: Done = await actions.call_next(target)
                who = ticket_name(self.board.tickets[done.ticket_id]) \
                    if done.ticket_id in self.board.tickets else who
            else:
                done = await actions.run(action, target)
        except ActionRefused as exc:
            line = self._line_name(target) if action == "call_next" else who
            self.show_message(f"{WARN} Could not {FAIL_WORDS[action]} {line}: {exc.message}",
                              alert=True)
            return
        except VendorError as exc:  # QueueActions turns these into refusals; never crash
            self.show_message(f"{WARN} Could not {FAIL_WORDS[action]} {who}: {exc.one_line()}",
                              alert=True)
            return
        self.show_message(DONE_WORDS[action].format(who=who))
        if action in ("call", "call_next"):
            self.select_ticket(done.ticket_id)

    def _ask(self, action: str, ticket_id: str, who: str) -> None:
        self._confirming = (action, ticket_id, who)
        self.confirm_text.setText(f"{ACTIONS[action][0]}: {who}? Qminder cannot undo this.")
        key = "Y"
        self.confirm_yes.setText(f"{CONFIRM_WORDS.get(action, 'Yes')}  ({key})")
        self.confirm_yes.setAccessibleName(CONFIRM_WORDS.get(action, "Yes"))
        self.confirm.show()
        self.confirm_no.setFocus(Qt.FocusReason.OtherFocusReason)  # the default is No

    def _confirmed(self) -> None:
        asked = self._confirming
        self._hide_confirm()
        if asked is None:
            return
        action, ticket_id, who = asked
        row = self.model.row_of(ticket_id)
        found = self.model.ticket_row(row) if row is not None else None
        if found is None:
            self.show_message(f"{who} left the queue meanwhile; nothing was done.")
            return
        self._run(action, ticket_id, who)

    def _declined(self) -> None:
        if self._confirming is not None:
            self._hide_confirm()
            self.show_message("Nothing was done.")

    def _hide_confirm(self) -> None:
        self._confirming = None
        focus = QApplication.focusWidget()
        had_focus = focus is not None and self.confirm.isAncestorOf(focus)
        self.confirm.hide()
        if had_focus:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def escape(self) -> bool:
        """Esc from the window: drop an open question (True when there was one)."""
        if self._confirming is None:
            return False
        self._declined()
        return True

    # -- messages -------------------------------------------------------------------------------
    def show_message(self, text: str, *, alert: bool = False) -> None:
        """One line under the state, for a while; never a dialog."""
        self._message_generation += 1
        generation = self._message_generation
        self.message.setText(text)
        self.message.setStyleSheet(ALERT_STYLE if alert else MESSAGE_STYLE)
        QTimer.singleShot(MESSAGE_MS, self, lambda: self._clear_message(generation))

    def _clear_message(self, generation: int) -> None:
        if generation == self._message_generation:
            self.message.clear()

    # -- keys -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.view and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activate(self.view.currentIndex().row())
            return True
        if watched in (self.confirm_yes, self.confirm_no):
            if key == Qt.Key.Key_Y:
                self.confirm_yes.click()
                return True
            if key in (Qt.Key.Key_N, Qt.Key.Key_Escape):
                self.confirm_no.click()
                return True
        return super().eventFilter(watched, event)
