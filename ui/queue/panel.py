"""The live queue panel (the window's queue dock): who is waiting, for how long, who they are —
and one key per action.

Why it looks like this:

* The queue lives in :mod:`app.queue` (board, feed, actions, match, words, and the service
  that builds them); this panel only shows it and forwards keys. :func:`build_queue` gives the
  window its :class:`QueueParts` at once — the board, and a :class:`QueueBridge` whose Qt
  signals carry the core's callbacks to the panel — without reading anything: the panel's
  :meth:`QueuePanel.start` awaits :meth:`QueueParts.open`, which has the core read the key on
  a worker thread (a locked keyring may prompt; the window keeps painting meanwhile). Without
  a key the state line says so, in the core's words; nothing crashes and nothing is asked of
  Qminder.
* Live state is always in words (``queueState``): live, reconnecting, polling, offline. Offline
  keeps the last known queue on screen, greyed, with its time — a queue host would rather see
  a two-minute-old queue marked as such than an empty table.
* Waits tick every second from the tickets' own times (:meth:`QueueModel.tick`); nothing is
  asked of Qminder or the cache per tick.
* Who is waiting: each ticket is matched to a saved customer on the cache thread, only again
  when what matching reads of it changed (:mod:`ui.queue.matcher`). The blacklist warning is
  words and a sign — "⚠ BLACKLISTED: <reason>" — on this screen only: nothing the cache knows
  is ever sent to Qminder.
* Actions run on the selected ticket, from a button or its key (one table of keys:
  :mod:`ui.window.help_overlay`). The board changes at once; if Qminder refuses, the core puts the
  row back and the refusal is said in the message line — never a dialog, never a stuck row.
  Destructive actions (per :data:`app.queue.actions.ACTIONS`) ask first, inline, with "No"
  focused: Enter or Esc keeps the ticket, Y or the Yes button goes ahead.
* Vendor text is plain everywhere: plain-text labels, plain model strings, chips painted
  (:mod:`ui.queue.chips`) with the label's text always and its colour only when
  ``Label.hex_color`` says it is one. The table's cells are :mod:`ui.queue.model` and
  :mod:`ui.queue.delegate`, the selected ticket's card :mod:`ui.queue.card`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.customer.service import CacheJob
from app.errors import CredentialError, VendorError
from app.profile import StoreProfile
from app.queue.actions import ACTIONS, ActionRefused, Done
from app.queue.board import Row
from app.queue.match import Match
from app.queue.service import QueueService, open_queue, queue_board, utc_now
from app.queue.walk_in import Added, WalkIn
from app.queue.words import WARN, status_text, ticket_name
from app.secrets import SecretSource
from app.vendors.qminder.live import LiveTiming
from app.vendors.qminder.models import Ticket
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label, plain_tip
from ui.queue.card import TicketCard
from ui.queue.delegate import QueueDelegate
from ui.queue.matcher import TicketMatcher
from ui.queue.model import Column, QueueModel, one_line
from ui.queue.walk_in_dialog import WalkInDialog
from ui.window.help_overlay import QUEUE_KEYS, bind, key_text
from ui.window.sync_status import clock as clock_text

log = logging.getLogger("clientdesk.ui.queue")

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
    # The panel's own: no key to open the queue with (the feed never existed).
    "unavailable": (f"{WARN} No queue", "#b71c1c"),
}
MESSAGE_STYLE = "color:#263238;"
ALERT_STYLE = "color:#8a1c1c; font-weight:bold;"
CONFIRM_STYLE = ("QFrame#queueConfirm { background:#fff3e0; border:1px solid #ffb74d; "
                 "border-radius:4px; }")


# -- wiring the core ----------------------------------------------------------------------------


class QueueBridge(QObject):
    """The core's callbacks as Qt signals (same thread: delivered at once)."""

    changed = Signal()
    stateChanged = Signal(str)


class QueueParts:
    """One store location's queue, as the window holds it.

    At once: the board (the table and the labels editor are laid out on it), the bridge, the
    store's clock, zone and country. After :meth:`open`: the core's :class:`QueueService`
    (client, feed, actions) — or, when no key could be read, :attr:`error`, the sentence the
    panel shows instead. Whoever made it closes it with :meth:`aclose` after the window.
    """

    def __init__(self, profile: StoreProfile, secrets: SecretSource, *,
                 clock: Callable[[], datetime] = utc_now, live_timing: LiveTiming | None = None,
                 fallback_after_s: float = 15.0, poll_interval_s: float | None = None) -> None:
        self.profile = profile
        self.secrets = secrets
        self.board = queue_board(profile)
        self.bridge = QueueBridge()
        self.clock = clock
        self.zone: tzinfo = ZoneInfo(profile.store.timezone)
        self.country = profile.store.country
        self.live_timing = live_timing
        self.fallback_after_s = fallback_after_s
        self.poll_interval_s = poll_interval_s
        self.service: QueueService | None = None
        #: Why there is no service (no key, no usable keyring); "" until :meth:`open` fails.
        self.error = ""
        self._opening = asyncio.Lock()
        self._closed = False

    async def open(self) -> QueueService | None:
        """The core's queue service, built once; the key is read off this (the GUI) thread.
        None when it cannot be had (:attr:`error` says why) or the window closed meanwhile."""
        async with self._opening:
            if self.service is not None or self._closed:
                return self.service
            try:
                service = await open_queue(
                    self.profile, self.secrets, board=self.board,
                    on_change=self.bridge.changed.emit, on_state=self.bridge.stateChanged.emit,
                    clock=self.clock, live_timing=self.live_timing,
                    fallback_after_s=self.fallback_after_s,
                    poll_interval_s=self.poll_interval_s)
            except CredentialError as exc:
                log.warning("queue: no Qminder key readable (%s)", exc.message)
                self.error = exc.message
                return None
            if self._closed:  # the window closed while the key was being read
                await service.aclose()
                return None
            self.service = service
            return service

    async def aclose(self) -> None:
        """Stop the feed (websocket, polls), then close the HTTP client — if it was opened."""
        self._closed = True
        if self.service is not None:
            await self.service.aclose()


def build_queue(profile: StoreProfile, secrets: SecretSource, *,
                clock: Callable[[], datetime] = utc_now, live_timing: LiveTiming | None = None,
                fallback_after_s: float = 15.0,
                poll_interval_s: float | None = None) -> QueueParts | None:
    """The window's queue of ``profile``'s Qminder location, or None when the store has no
    [qminder] table (the window then has no queue dock). Reads no secret and asks nobody:
    that happens when the panel starts (:meth:`QueueParts.open`)."""
    if profile.qminder is None:
        return None
    return QueueParts(profile, secrets, clock=clock, live_timing=live_timing,
                      fallback_after_s=fallback_after_s, poll_interval_s=poll_interval_s)


# -- words only the panel says --------------------------------------------------------------------


def state_text(state: str, updated_at: datetime | None, now: datetime, zone: tzinfo, *,
               poll_s: float, error: str = "") -> str:
    """The state line: "● Live", "⚠ Offline — queue as of 10:42", "⚠ No queue: <why>"…"""
    word = STATE_WORDS.get(state, (state, ""))[0]
    as_of = f"queue as of {clock_text(updated_at, now, zone)}" if updated_at is not None \
        else "no queue loaded yet"
    if state == "live":
        return f"{word} — changes appear as they happen"
    if state == "polling":
        return f"{word} every {poll_s:.0f} s (live updates unavailable) — {as_of}"
    if state in ("reconnecting", "offline"):
        return f"{word} — {as_of}"
    if state == "unavailable" and error:
        return f"{word}: {error}"
    return word


def who(ticket: Ticket) -> str:
    """The visitor as a message names them (the core's name, on one line)."""
    return one_line(ticket_name(ticket), 80)


def unavailable(action: str, row: Row) -> str:
    """Why ``action`` cannot be done on ``row`` here ("" when it can)."""
    ticket = row.ticket
    name = who(ticket)
    status = one_line(status_text(ticket.status), 40)
    if row.pending is not None:
        return f"{name}: an action is still on its way to Qminder."
    if action == "call" and not ticket.is_waiting:
        return f"{name} is not waiting ({status}): only a waiting ticket can be called."
    if action in ("recall", "served", "no-show", "return") and not ticket.is_called:
        return f"{name} has not been called yet: {ACTIONS[action][0].lower()} needs a " \
            "called ticket."
    if action == "cancel" and not (ticket.is_waiting or ticket.is_called):
        return f"{name} is {status}: it cannot be cancelled here."
    return ""


# -- the panel ------------------------------------------------------------------------------------


class QueuePanel(QWidget):
    """State line, message line, action buttons, the queue table and the selected ticket."""

    #: Enter (or a double-click) on a ticket matched to a saved customer: their id.
    customerActivated = Signal(int)
    #: The selected ticket's card was painted (another ticket, or the same one changed).
    cardPainted = Signal()
    #: The table shows a new state of the board, or new matches (the window's alerts,
    #: :mod:`ui.window.alerts`, look for tickets to call attention to).
    queueSeen = Signal()

    def __init__(self, parts: QueueParts, jobs: CacheJob[Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuePanel")
        self.setAccessibleName("queuePanel")
        self.parts = parts
        self.board = parts.board
        self.tasks = TaskSlots()
        self._closed = False
        self.matcher = TicketMatcher(parts.board, jobs, parts.country,
                                     on_matched=self._on_matched)
        self._actions: set[asyncio.Task[None]] = set()
        self._action_count = 0
        self._confirming: tuple[str, str, str] | None = None  # action, ticket id, who
        self._current_id: str | None = None
        self._current_row = -1
        self._scroll = 0
        self._message_generation = 0
        self.state: str = parts.service.feed.state if parts.service is not None else "stopped"

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
        add_key = key_text("queue.add")
        self.add_button = QPushButton(f"Add walk-in…  ({add_key})", self)
        self.add_button.setObjectName("queueAddWalkIn")
        self.add_button.setToolTip(f"Put a visitor in a line — key {add_key}")
        self.add_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.add_button.clicked.connect(lambda _checked=False: self.open_walk_in())
        buttons.addWidget(self.add_button)
        self.shortcuts += bind("queue.add", self, self.open_walk_in,
                               context=Qt.ShortcutContext.ApplicationShortcut)
        self.walk_in_dialog: WalkInDialog | None = None
        self._select_when_seen: str | None = None
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
        self.tasks.start("feed", self._go_live())

    async def _go_live(self) -> None:
        """Have the core read the key off the GUI thread and build the queue, then load it and
        go live. Without a key the state line says why (in the core's words) and that is all."""
        if self.parts.service is None:
            self._on_state("connecting")
        service = await self.parts.open()
        if service is None:
            self._on_state("unavailable")
            return
        await service.feed.start()

    def close_tasks(self) -> None:
        """The window closes: stop ticking and listening (the owner stops the feed)."""
        self._closed = True
        self.tick.stop()
        self._coalesce.stop()
        self.tasks.cancel_all()
        self.matcher.close()
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
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            elif not self.matcher.settled():
                await self.matcher.idle()
            elif not self._coalesce.isActive():
                return

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
        return dict(self.matcher.matches)

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
        self.matcher.schedule()
        if self._select_when_seen is not None and self.select_ticket(self._select_when_seen):
            self._select_when_seen = None  # the walk-in just added, now on the board
        if self._confirming is not None and self._confirming[1] not in self.board.tickets:
            name = self._confirming[2]
            self._hide_confirm()
            self.show_message(f"{name} left the queue meanwhile; nothing was done.")
        self.queueSeen.emit()

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
        feed = self.parts.service.feed if self.parts.service is not None else None
        text = state_text(self.state, self.board.updated_at, self.parts.clock(),
                          self.parts.zone, poll_s=feed.poll_interval_s if feed else 0.0,
                          error=self.parts.error)
        self.state_label.setText(one_line(text, 300))
        colour = STATE_WORDS.get(self.state, ("", "#455a64"))[1]
        self.state_label.setStyleSheet(f"color:{colour}; font-weight:bold;")
        self.state_label.setToolTip(plain_tip(feed.error) if feed is not None
                                    and self.state == "offline" and feed.error else "")

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
        matches = self.matcher.matches
        self.card.show_row(row, matches.get(ticket_id), matched=ticket_id in matches,
                           now=self.parts.clock(), stale=self.model.stale,
                           cache=self.matcher.available)
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
        if not self._closed:
            self.matcher.match_all_again()

    def _on_matched(self) -> None:
        self.model.set_matches(self.matcher.matches)
        self._paint_card()
        if not self._closed:
            self.queueSeen.emit()

    def activate(self, row: int) -> None:
        """Enter or a double-click: open the matched customer's profile."""
        found = self.model.ticket_row(row)
        if found is None:
            return
        name = who(found.ticket)
        match = self.matcher.matches.get(found.ticket.id)
        if match is not None:
            self.customerActivated.emit(match.customer_id)
        elif found.ticket.id in self.matcher.matches:
            self.show_message(f"{name} is not a saved customer on this PC: there is no "
                              "profile to open.")
        elif not self.matcher.available:
            self.show_message("Saved customers are not available in this window.")
        else:
            self.show_message(f"Still looking for {name} among the saved customers…")

    # -- actions --------------------------------------------------------------------------------
    def press(self, action: str) -> None:
        """A queue key or button: act on the selected ticket (or its line, for call next)."""
        if self._closed:
            return
        if self._confirming is not None:
            self._hide_confirm()  # another key: the question is dropped, nothing is done
        if self.parts.service is None:
            self.show_message(f"{WARN} No queue: {self.parts.error}" if self.parts.error
                              else "The queue is still loading.", alert=True)
            return
        row = self.selected()
        if action == "call_next":
            line = self._next_line(row)
            if line is None:
                self.show_message("Select a ticket on the line to call next from.", alert=True)
                return
            nxt = self.board.next_waiting(line)
            self._run(action, line, who(nxt) if nxt is not None else "the next visitor")
            return
        if row is None:
            self.show_message("Select a ticket in the queue first (arrow keys or a click).",
                              alert=True)
            return
        problem = unavailable(action, row)
        if problem:
            self.show_message(problem, alert=True)
            return
        name = who(row.ticket)
        if ACTIONS[action][1]:
            self._ask(action, row.ticket.id, name)
            return
        self._run(action, row.ticket.id, name)

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

    def _run(self, action: str, target: str, name: str) -> None:
        self._action_count += 1
        task = self.tasks.start(f"action{self._action_count}", self._act(action, target, name))
        self._actions.add(task)
        task.add_done_callback(self._actions.discard)

    async def _act(self, action: str, target: str, name: str) -> None:
        service = self.parts.service
        assert service is not None  # press() acts only on an open queue
        actions = service.actions
        try:
            if action == "call_next":
                done: Done = await actions.call_next(target)
                name = who(self.board.tickets[done.ticket_id]) \
                    if done.ticket_id in self.board.tickets else name
            else:
                done = await actions.run(action, target)
        except ActionRefused as exc:
            line = self._line_name(target) if action == "call_next" else name
            self.show_message(f"{WARN} Could not {FAIL_WORDS[action]} {line}: {exc.message}",
                              alert=True)
            return
        except VendorError as exc:  # QueueActions turns these into refusals; never crash
            self.show_message(f"{WARN} Could not {FAIL_WORDS[action]} {name}: "
                              f"{exc.one_line()}", alert=True)
            return
        self.show_message(DONE_WORDS[action].format(who=name))
        if action in ("call", "call_next"):
            self.select_ticket(done.ticket_id)

    def _ask(self, action: str, ticket_id: str, name: str) -> None:
        self._confirming = (action, ticket_id, name)
        self.confirm_text.setText(f"{ACTIONS[action][0]}: {name}? Qminder cannot undo this.")
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
        action, ticket_id, name = asked
        row = self.model.row_of(ticket_id)
        found = self.model.ticket_row(row) if row is not None else None
        if found is None:
            self.show_message(f"{name} left the queue meanwhile; nothing was done.")
            return
        self._run(action, ticket_id, name)

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
    def open_walk_in(self, *, first_name: str = "", last_name: str = "", phone: str = "",
                     email: str = "", phone_on_file: str = "",
                     email_on_file: str = "") -> WalkInDialog | None:
        """The walk-in dialog (prefilled from an open profile when given); None, with the
        reason in the message line, while the queue is not open."""
        service = self.parts.service
        if service is None:
            self.show_message(f"{WARN} A walk-in cannot be added: "
                              + (self.parts.error or "the queue is not connected yet."),
                              alert=True)
            return None
        if self.walk_in_dialog is not None and self.walk_in_dialog.isVisible():
            self.walk_in_dialog.raise_()
            return self.walk_in_dialog
        dialog = WalkInDialog(self.board, self.parts.country, service.add_walk_in, self,
                              first_name=first_name, last_name=last_name, phone=phone,
                              email=email, phone_on_file=phone_on_file,
                              email_on_file=email_on_file)
        dialog.added.connect(self._walk_in_added)
        self.walk_in_dialog = dialog
        dialog.open()
        dialog.activateWindow()
        dialog.first.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # typing starts there
        return dialog

    def _walk_in_added(self, done: tuple[Added, WalkIn]) -> None:
        added, walk_in = done
        self.show_message(f"Added {walk_in.name} to {added.line_name}."
                          + (" (Qminder's answer was lost; the ticket was found in the queue.)"
                             if added.recovered else ""))
        if not self.select_ticket(added.ticket_id):
            self._select_when_seen = added.ticket_id  # selected when the feed brings it

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
