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
* In the store's language, in any theme, for any reader: every word goes through Qt's
  translations (the core's texts worded by :mod:`ui.queue.text`), every figure through
  :func:`ui.i18n.formats`; the state line and the message line say what they mean in words
  and signs and take their colour from a tone (:func:`ui.theme.set_tone`), the question from a
  surface; every control has an accessible name in words, and Tab goes from the queue to the
  question (when one is asked), the action buttons, the walk-in button and the card.
* On any counter screen: under the profile the panel is wide (buttons in a row, the card
  beside the table); docked at the right of a short screen (1366×768) the window calls
  :meth:`QueuePanel.set_compact` and it works at 420–460 px — buttons in a grid, the card
  under the list, the list down to place, name, wait and labels (the card says who; a
  blacklisted name carries the warning). Only layouts move, so nothing is lost on the way.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpacerItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.customer.service import CacheJob
from app.errors import CredentialError, VendorError
from app.marks import QT_TRANSLATE_NOOP
from app.profile import StoreProfile
from app.queue.actions import ACTIONS, ActionRefused, Done
from app.queue.board import Row
from app.queue.match import Match
from app.queue.service import QueueService, open_queue, queue_board, utc_now
from app.queue.walk_in import Added, WalkIn
from app.queue.words import WARN
from app.secrets import SecretSource
from app.vendors.qminder.live import LiveTiming
from app.vendors.qminder.models import Ticket
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label, plain_tip
from ui.i18n import formats
from ui.queue.card import TicketCard
from ui.queue.delegate import QueueDelegate
from ui.queue.matcher import TicketMatcher
from ui.queue.model import Column, QueueModel, one_line, widest_texts
from ui.queue.text import action_words, clock_text, status_text, ticket_name
from ui.queue.walk_in_dialog import WalkInDialog
from ui.theme import set_surface, set_tone
from ui.window.help_overlay import QUEUE_KEYS, bind, key_text

log = logging.getLogger("clientdesk.ui.queue")

TICK_MS = 1_000
#: How long a message (an action done or refused) stays in the message line.
MESSAGE_MS = 20_000
#: Initial column widths (px); the details column stretches.
WIDTHS = {Column.PLACE: 64, Column.NAME: 150, Column.WAITED: 108, Column.CUSTOMER: 250,
          Column.LABELS: 160, Column.SOURCE: 96}
CARD_WIDTH = 300
#: Room between the state line and the message line when they share a row (px).
STATE_GAP = 16
#: The narrowest dock the compact layout is made for (px): the window docks the queue at the
#: right of a 1366×768 screen at about 440 px.
COMPACT_WIDTH = 420
#: Compact: the list above the card in this proportion (the list gets most of the height).
COMPACT_SPLIT = (600, 400)
#: Compact: columns the card under the list says for the selected ticket (the customer —
#: a blacklisted name carries the warning itself —, the source, the details).
COMPACT_HIDDEN = (Column.CUSTOMER, Column.SOURCE, Column.DETAILS)
#: Compact: the name column's width in average characters, and a cell's padding (px).
NAME_CHARS = 18
CELL_PAD = 14
#: Compact: action buttons per row tried, the most first (the first that fits is taken).
BUTTONS_PER_ROW = (3, 2)
#: Short button words (the full words, from ACTIONS, are the tooltip and accessible name).
BUTTON_WORDS = {"call_next": QT_TRANSLATE_NOOP("QueuePanel", "Call next"),
                "call": QT_TRANSLATE_NOOP("QueuePanel", "Call"),
                "recall": QT_TRANSLATE_NOOP("QueuePanel", "Recall"),
                "served": QT_TRANSLATE_NOOP("QueuePanel", "Served"),
                "no-show": QT_TRANSLATE_NOOP("QueuePanel", "No-show"),
                "return": QT_TRANSLATE_NOOP("QueuePanel", "Return to queue"),
                "cancel": QT_TRANSLATE_NOOP("QueuePanel", "Cancel ticket")}
#: An action refused, whole sentences ("{who}": the visitor, or the line for call next).
FAIL_WORDS = {"call_next": QT_TRANSLATE_NOOP("QueuePanel", "Could not call next on {who}: "
                                             "{reason}"),
              "call": QT_TRANSLATE_NOOP("QueuePanel", "Could not call {who}: {reason}"),
              "recall": QT_TRANSLATE_NOOP("QueuePanel", "Could not recall {who}: {reason}"),
              "served": QT_TRANSLATE_NOOP("QueuePanel", "Could not mark served {who}: "
                                          "{reason}"),
              "no-show": QT_TRANSLATE_NOOP("QueuePanel", "Could not mark as a no-show {who}: "
                                           "{reason}"),
              "return": QT_TRANSLATE_NOOP("QueuePanel", "Could not return to the queue {who}: "
                                          "{reason}"),
              "cancel": QT_TRANSLATE_NOOP("QueuePanel", "Could not cancel the ticket of {who}: "
                                          "{reason}")}
DONE_WORDS = {"call": QT_TRANSLATE_NOOP("QueuePanel", "Called {who}."),
              "call_next": QT_TRANSLATE_NOOP("QueuePanel", "Called {who}."),
              "recall": QT_TRANSLATE_NOOP("QueuePanel", "Called {who} again."),
              "served": QT_TRANSLATE_NOOP("QueuePanel", "{who}: marked served."),
              "no-show": QT_TRANSLATE_NOOP("QueuePanel", "{who}: marked as a no-show."),
              "return": QT_TRANSLATE_NOOP("QueuePanel", "{who}: back at the end of the queue."),
              "cancel": QT_TRANSLATE_NOOP("QueuePanel", "{who}: removed from the queue.")}
#: Yes-button words of the destructive actions.
CONFIRM_WORDS = {"no-show": QT_TRANSLATE_NOOP("QueuePanel", "Yes, mark no-show"),
                 "cancel": QT_TRANSLATE_NOOP("QueuePanel", "Yes, cancel the ticket")}
#: The key that says yes to a question (the eventFilter's Qt.Key.Key_Y).
YES_KEY = "Y"
STATE_WORDS: dict[str, tuple[str, str, str]] = {
    # state: (sign, word, tone repeating them)
    "connecting": ("…", QT_TRANSLATE_NOOP("QueuePanel", "Connecting to Qminder"), "muted"),
    "live": ("●", QT_TRANSLATE_NOOP("QueuePanel", "Live"), "done"),
    "reconnecting": ("↻", QT_TRANSLATE_NOOP("QueuePanel", "Reconnecting"), "pending"),
    "polling": ("↻", QT_TRANSLATE_NOOP("QueuePanel", "Polling"), "pending"),
    "offline": (WARN, QT_TRANSLATE_NOOP("QueuePanel", "Offline"), "alert"),
    "stopped": ("■", QT_TRANSLATE_NOOP("QueuePanel", "Stopped"), "muted"),
    # The panel's own: no key to open the queue with (the feed never existed).
    "unavailable": (WARN, QT_TRANSLATE_NOOP("QueuePanel", "No queue"), "alert"),
}


def _t(text: str) -> str:
    """One of this module's marked words, in the window's language."""
    return QCoreApplication.translate("QueuePanel", text)


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


def state_word(state: str) -> str:
    """The state in words, with its sign: "● Live", "⚠ Offline"; a state this panel does not
    know is shown as the core named it."""
    known = STATE_WORDS.get(state)
    if known is None:
        return state
    sign, word, _tone = known
    return f"{sign} {_t(word)}"


def state_tone(state: str) -> str | None:
    known = STATE_WORDS.get(state)
    return known[2] if known is not None else None


def state_text(state: str, updated_at: datetime | None, now: datetime, zone: tzinfo, *,
               poll_s: float, error: str = "") -> str:
    """The state line: "● Live", "⚠ Offline — queue as of 10:42", "⚠ No queue: <why>"…"""
    word = state_word(state)
    if updated_at is not None:
        as_of = QCoreApplication.translate("QueuePanel", "queue as of {time}").format(
            time=clock_text(updated_at, now, zone))
    else:
        as_of = QCoreApplication.translate("QueuePanel", "no queue loaded yet")
    if state == "live":
        return QCoreApplication.translate(
            "QueuePanel", "{state} — changes appear as they happen").format(state=word)
    if state == "polling":
        return QCoreApplication.translate(
            "QueuePanel", "{state} every {seconds} s (live updates unavailable) — {as_of}"
        ).format(state=word, seconds=formats().number(round(poll_s)), as_of=as_of)
    if state in ("reconnecting", "offline"):
        return QCoreApplication.translate("QueuePanel", "{state} — {as_of}").format(
            state=word, as_of=as_of)
    if state == "unavailable" and error:
        return QCoreApplication.translate("QueuePanel", "{state}: {why}").format(
            state=word, why=error)
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
        return QCoreApplication.translate(
            "QueuePanel", "{name}: an action is still on its way to Qminder.").format(
            name=name)
    if action == "call" and not ticket.is_waiting:
        return QCoreApplication.translate(
            "QueuePanel", "{name} is not waiting ({status}): only a waiting ticket can be "
            "called.").format(name=name, status=status)
    if action in ("recall", "served", "no-show", "return") and not ticket.is_called:
        return QCoreApplication.translate(
            "QueuePanel", "{name} has not been called yet: “{action}” needs a called "
            "ticket.").format(name=name, action=action_words(action))
    if action == "cancel" and not (ticket.is_waiting or ticket.is_called):
        return QCoreApplication.translate(
            "QueuePanel", "{name} is {status}: it cannot be cancelled here.").format(
            name=name, status=status)
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
        self.setAccessibleName(self.tr("Queue"))
        self.setAccessibleDescription(self.tr(
            "Who is waiting on each line, the selected ticket, and the queue's actions"))
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
        # The state, then the message: side by side, or (compact) one under the other.
        top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.state_label = plain_label("", "queueState")
        self.state_label.setAccessibleDescription(self.tr(
            "Whether the queue is live, and how fresh"))
        top.addWidget(self.state_label)
        self._state_gap = QSpacerItem(STATE_GAP, 0, QSizePolicy.Policy.Fixed,
                                      QSizePolicy.Policy.Minimum)
        top.addItem(self._state_gap)
        self.message = plain_label("", "queueMessage", wrap=True)
        self.message.setAccessibleDescription(self.tr("The outcome of the last queue action"))
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        top.addWidget(self.message, 1)
        layout.addLayout(top)
        self._top = top

        self.confirm = QFrame(self)
        self.confirm.setObjectName("queueConfirm")
        self.confirm.setAccessibleName(self.tr("Question before a queue action"))
        set_surface(self.confirm, "caution")
        # The question, then Yes and No: in one row, or (compact) the buttons under it.
        self._confirm_grid = QGridLayout(self.confirm)
        self._confirm_grid.setContentsMargins(8, 4, 8, 4)
        self._confirm_grid.setHorizontalSpacing(6)
        self._confirm_grid.setVerticalSpacing(4)
        self.confirm_text = plain_label("", "queueConfirmText", wrap=True)
        self.confirm_yes = QPushButton(self.tr("Yes"), self.confirm)
        self.confirm_yes.setObjectName("queueConfirmYes")
        self.confirm_yes.setAccessibleName(self.tr("Yes"))
        self.confirm_yes.setAccessibleDescription(self.tr("Key {key}").format(key=YES_KEY))
        self.confirm_no = QPushButton(self.tr("No, keep it  (Enter / Esc)"), self.confirm)
        self.confirm_no.setObjectName("queueConfirmNo")
        self.confirm_no.setAccessibleName(self.tr("No, keep the ticket"))
        self.confirm_no.setAccessibleDescription(self.tr("Enter or Esc; the default"))
        for button in (self.confirm_yes, self.confirm_no):
            button.setAutoDefault(True)  # Enter presses the focused one
            button.installEventFilter(self)
        self.confirm_yes.clicked.connect(self._confirmed)
        self.confirm_no.clicked.connect(self._declined)
        self.confirm.hide()
        layout.addWidget(self.confirm)

        # The actions in key order, then adding a walk-in: one row, or (compact) a grid.
        self._button_grid = QGridLayout()
        self._button_grid.setSpacing(4)
        self.buttons: dict[str, QPushButton] = {}
        self.shortcuts: list[QShortcut] = []
        for action in QUEUE_KEYS:
            key = key_text(f"queue.{action}")
            button = QPushButton(self.tr("{action}  ({key})", "a queue button and its key")
                                 .format(action=_t(BUTTON_WORDS[action]), key=key), self)
            button.setObjectName(f"queueAction_{action.replace('-', '_')}")
            self._describe(button, action_words(action), key, asks=ACTIONS[action][1])
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click keeps the table's focus
            button.clicked.connect(lambda _checked=False, a=action: self.press(a))
            self.buttons[action] = button
            # Application-wide: the keys work from the search box and from a floating queue.
            self.shortcuts += bind(f"queue.{action}", self, partial(self.press, action),
                                   context=Qt.ShortcutContext.ApplicationShortcut)
        add_key = key_text("queue.add")
        self.add_button = QPushButton(self.tr("Add walk-in…  ({key})").format(key=add_key),
                                      self)
        self.add_button.setObjectName("queueAddWalkIn")
        self.add_button.setAccessibleName(self.tr("Add a walk-in"))
        self.add_button.setAccessibleDescription(self.tr(
            "Put a visitor in a line; key {key}").format(key=add_key))
        self.add_button.setToolTip(self.tr("Put a visitor in a line — key {key}").format(
            key=add_key))
        self.add_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.add_button.clicked.connect(lambda _checked=False: self.open_walk_in())
        self.shortcuts += bind("queue.add", self, self.open_walk_in,
                               context=Qt.ShortcutContext.ApplicationShortcut)
        self.walk_in_dialog: WalkInDialog | None = None
        self._select_when_seen: str | None = None
        layout.addLayout(self._button_grid)

        self.model = QueueModel(parts.board, parts.clock, parts.zone)
        self.view = QTableView(self)
        self.view.setObjectName("queueView")
        self.view.setAccessibleName(self.tr("Tickets in the queue"))
        self.view.setAccessibleDescription(self.tr(
            "Tickets per line: being served first, then waiting in order. Enter opens the "
            "matched customer's profile."))
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
        head.setAccessibleName(self.tr("Queue columns"))
        head.setHighlightSections(False)
        head.setStretchLastSection(True)
        head.setSectionsMovable(False)
        for column, width in WIDTHS.items():
            head.resizeSection(column, width)

        self.card = TicketCard(parts.zone)
        scroll = QScrollArea(self)
        scroll.setObjectName("ticketCardScroll")
        scroll.setAccessibleName(self.tr("Selected ticket"))
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

        self.card_scroll = scroll
        self._compact = False
        #: The wide layout's splitter sizes and column widths, put back when compact ends.
        self._wide_sizes: list[int] = []
        self._wide_widths: dict[Column, int] = {}
        self._share_pending = False
        self.split.installEventFilter(self)  # its first resize on screen: _share_split
        self._lay_out()
        self._order_tabs()

        self.tick = QTimer(self)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._on_tick)
        self._paint_state()
        self._paint_buttons()

    def _describe(self, button: QPushButton, words: str, key: str, *, asks: bool) -> None:
        """An action button's name (what it does), description and tooltip (its key)."""
        button.setAccessibleName(words)
        if asks:
            button.setAccessibleDescription(self.tr("Key {key}; asks first").format(key=key))
            button.setToolTip(self.tr("{action} — key {key} (asks first)").format(
                action=words, key=key))
        else:
            button.setAccessibleDescription(self.tr("Key {key}").format(key=key))
            button.setToolTip(self.tr("{action} — key {key}").format(action=words, key=key))

    def tab_order(self) -> list[QWidget]:
        """Tab's way through the panel: the queue first (where a host works), then the
        question when one is asked, the actions in key order, adding a walk-in, the card.

        The same in both layouts: compact lays the actions out in key order row by row, so
        Tab goes through the grid as it reads."""
        return [self.view, self.confirm_yes, self.confirm_no, *self.buttons.values(),
                self.add_button, self.card_scroll]

    def _order_tabs(self) -> None:
        order = self.tab_order()
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # -- the layout: wide (under the profile) or compact (a narrow dock at the right) ------------
    @property
    def compact(self) -> bool:
        """Whether the panel is laid out for a narrow dock (:meth:`set_compact`)."""
        return self._compact

    def set_compact(self, on: bool) -> None:
        """Lay the panel out for a narrow dock (``on``: 420–460 px at the right of a short
        screen) or the wide one under the profile (today's layout).

        Compact: the message goes under the state line and both wrap; the question's buttons
        go under it; the action buttons wrap into a grid, in key order row by row (Tab goes
        the same way); the card goes under the list, which keeps most of the height; the list
        shows the place, the name, the wait and the labels — the card says who the selected
        ticket is, and a blacklisted name carries the warning itself.

        Only layouts move: no widget changes parent or is rebuilt, so the selection, the live
        state, an open question and the focus stay as they are. Cheap; calling it again with
        the same value does nothing."""
        if on == self._compact:
            return
        self._compact = on
        self._lay_out()

    def _lay_out(self) -> None:
        self._place_top()
        self._place_confirm()
        self._place_buttons()
        self._place_columns()
        self._place_card()

    def _place_top(self) -> None:
        compact = self._compact
        self._top.setDirection(QBoxLayout.Direction.TopToBottom if compact
                               else QBoxLayout.Direction.LeftToRight)
        self._state_gap.changeSize(0 if compact else STATE_GAP, 0, QSizePolicy.Policy.Fixed,
                                   QSizePolicy.Policy.Minimum)
        self.state_label.setWordWrap(compact)  # "Polling every 30 s (…)" must not set the width
        self._top.invalidate()

    def _place_confirm(self) -> None:
        grid = self._confirm_grid
        parts: tuple[QWidget, ...] = (self.confirm_text, self.confirm_yes, self.confirm_no)
        for widget in parts:
            grid.removeWidget(widget)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        if self._compact:  # the question on its own lines, Yes and No under it
            grid.addWidget(self.confirm_text, 0, 0, 1, 2)
            grid.addWidget(self.confirm_yes, 1, 0)
            grid.addWidget(self.confirm_no, 1, 1)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
        else:
            for column, widget in enumerate(parts):
                grid.addWidget(widget, 0, column)
            grid.setColumnStretch(0, 1)

    def _action_widgets(self) -> list[QPushButton]:
        """The action buttons in key order, then adding a walk-in: the grid's order."""
        return [*self.buttons.values(), self.add_button]

    def _place_buttons(self) -> None:
        grid = self._button_grid
        widgets = self._action_widgets()
        for widget in widgets:
            grid.removeWidget(widget)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        if self._compact:  # row by row in key order, the columns sharing the width
            per_row = self._buttons_per_row(widgets)
            for place, widget in enumerate(widgets):
                grid.addWidget(widget, place // per_row, place % per_row)
            for column in range(per_row):
                grid.setColumnStretch(column, 1)
        else:  # one row, left to right, the rest of the row empty
            for place, widget in enumerate(widgets):
                grid.addWidget(widget, 0, place)
            grid.setColumnStretch(len(widgets), 1)

    def _buttons_per_row(self, widgets: list[QPushButton]) -> int:
        """The most buttons per row whose grid fits :data:`COMPACT_WIDTH` in the window's
        language and font (English: 2)."""
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        room = COMPACT_WIDTH - (margins.left() + margins.right() if margins else 0)
        spacing = max(self._button_grid.horizontalSpacing(), 0)
        for per_row in BUTTONS_PER_ROW:
            columns = [max(w.sizeHint().width() for w in widgets[c::per_row])
                       for c in range(per_row)]
            if sum(columns) + spacing * (per_row - 1) <= room:
                return per_row
        return 1

    def _place_columns(self) -> None:
        head = self.view.horizontalHeader()
        if self._compact:
            self._wide_widths = {c: head.sectionSize(c) for c in Column
                                 if not head.isSectionHidden(c)}
            for column in COMPACT_HIDDEN:
                self.view.setColumnHidden(column, True)
            for column, width in self._compact_widths().items():
                head.resizeSection(column, width)
            # The labels, now the last shown, take the rest (a stretched section never goes
            # below its width before, so that starts small).
            head.resizeSection(Column.LABELS, head.minimumSectionSize())
            self._stretch_last(head)
            current = self.view.currentIndex()
            if current.isValid() and head.isSectionHidden(current.column()):
                self.view.selectionModel().setCurrentIndex(  # same row, a shown cell
                    self.model.index(current.row(), Column.PLACE),
                    QItemSelectionModel.SelectionFlag.NoUpdate)
        else:
            for column in COMPACT_HIDDEN:
                self.view.setColumnHidden(column, False)
            self._stretch_last(head)  # the details again
            last = max(Column)
            for column, width in self._wide_widths.items():
                if column != last:  # the last column stretches
                    head.resizeSection(column, width)
        self.model.set_compact(self._compact)

    @staticmethod
    def _stretch_last(head: QHeaderView) -> None:
        """Have the header stretch its last shown section again: it keeps stretching the one
        it chose until told (hiding the columns after it does not move the stretch)."""
        head.setStretchLastSection(False)
        head.setStretchLastSection(True)

    def _compact_widths(self) -> dict[Column, int]:
        """Widths for the place, name and wait columns in the window's font and language, so
        "Called", a name and "⚠ 1 h 48 min" read whole without scrolling sideways."""
        bold = QFont(self.view.font())
        bold.setBold(True)  # a called place and a long wait are bold
        wide = QFontMetrics(bold)
        samples = widest_texts()
        return {
            Column.PLACE: max(wide.horizontalAdvance(samples[Column.PLACE]),
                              wide.horizontalAdvance("000")) + CELL_PAD,
            Column.NAME: self.view.fontMetrics().averageCharWidth() * NAME_CHARS + CELL_PAD,
            Column.WAITED: wide.horizontalAdvance(samples[Column.WAITED]) + CELL_PAD,
        }

    def _place_card(self) -> None:
        split = self.split
        if self._compact:
            self._wide_sizes = split.sizes()
            split.setOrientation(Qt.Orientation.Vertical)
            self._share_pending = True
            layout = self.layout()
            if self.isVisible() and layout is not None:  # else at its first resize
                layout.activate()  # the new heights now (the splitter's resize shares them)
                self._share_split()
        elif split.orientation() != Qt.Orientation.Horizontal:
            self._share_pending = False
            split.setOrientation(Qt.Orientation.Horizontal)
            split.setSizes(self._wide_sizes or [900, CARD_WIDTH])

    def _share_split(self) -> None:
        """Compact: give the list its share (:data:`COMPACT_SPLIT`) of the height, once the
        height is known — now when shown, else at the splitter's first resize (when the panel
        is laid out to be shown). After that the card keeps its height and the list takes what
        the dock gains or loses (or what the host drags)."""
        split = self.split
        room = split.height() - split.handleWidth()
        if not self._share_pending or room < split.minimumSizeHint().height():
            return
        self._share_pending = False
        top, bottom = COMPACT_SPLIT
        queue = round(room * top / (top + bottom))
        split.setSizes([queue, room - queue])

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
            self.show_message(self.tr("{name} left the queue meanwhile; nothing was done."
                                      ).format(name=name))
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
        set_tone(self.state_label, state_tone(self.state))
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
            self.show_message(self.tr("{name} is not a saved customer on this PC: there is no "
                                      "profile to open.").format(name=name))
        elif not self.matcher.available:
            self.show_message(self.tr("Saved customers are not available in this window."))
        else:
            self.show_message(self.tr("Still looking for {name} among the saved customers…"
                                      ).format(name=name))

    # -- actions --------------------------------------------------------------------------------
    def press(self, action: str) -> None:
        """A queue key or button: act on the selected ticket (or its line, for call next)."""
        if self._closed:
            return
        if self._confirming is not None:
            self._hide_confirm()  # another key: the question is dropped, nothing is done
        if self.parts.service is None:
            self.show_message(self.tr("{sign} No queue: {why}").format(
                sign=WARN, why=self.parts.error) if self.parts.error
                else self.tr("The queue is still loading."), alert=True)
            return
        row = self.selected()
        if action == "call_next":
            line = self._next_line(row)
            if line is None:
                self.show_message(self.tr("Select a ticket on the line to call next from."),
                                  alert=True)
                return
            nxt = self.board.next_waiting(line)
            self._run(action, line, who(nxt) if nxt is not None
                      else self.tr("the next visitor"))
            return
        if row is None:
            self.show_message(self.tr("Select a ticket in the queue first (arrow keys or a "
                                      "click)."), alert=True)
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
                    self.tr("line {id}").format(id=one_line(line_id, 20)))

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
            self.show_message(f"{WARN} " + _t(FAIL_WORDS[action]).format(
                who=line, reason=exc.message), alert=True)
            return
        except VendorError as exc:  # QueueActions turns these into refusals; never crash
            self.show_message(f"{WARN} " + _t(FAIL_WORDS[action]).format(
                who=name, reason=exc.one_line()), alert=True)
            return
        self.show_message(_t(DONE_WORDS[action]).format(who=name))
        if action in ("call", "call_next"):
            self.select_ticket(done.ticket_id)

    def _ask(self, action: str, ticket_id: str, name: str) -> None:
        self._confirming = (action, ticket_id, name)
        self.confirm_text.setText(self.tr("{action}: {name}? Qminder cannot undo this.").format(
            action=action_words(action), name=name))
        words = _t(CONFIRM_WORDS[action]) if action in CONFIRM_WORDS else self.tr("Yes")
        self.confirm_yes.setText(self.tr("{answer}  ({key})", "a yes button and its key").format(
            answer=words, key=YES_KEY))
        self.confirm_yes.setAccessibleName(words)
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
            self.show_message(self.tr("{name} left the queue meanwhile; nothing was done."
                                      ).format(name=name))
            return
        self._run(action, ticket_id, name)

    def _declined(self) -> None:
        if self._confirming is not None:
            self._hide_confirm()
            self.show_message(self.tr("Nothing was done."))

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
            self.show_message(self.tr("{sign} A walk-in cannot be added: {why}").format(
                sign=WARN, why=self.parts.error or self.tr("the queue is not connected yet.")),
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
        if added.recovered:
            self.show_message(self.tr("Added {name} to {line}. (Qminder's answer was lost; the "
                                      "ticket was found in the queue.)").format(
                name=walk_in.name, line=added.line_name))
        else:
            self.show_message(self.tr("Added {name} to {line}.").format(
                name=walk_in.name, line=added.line_name))
        if not self.select_ticket(added.ticket_id):
            self._select_when_seen = added.ticket_id  # selected when the feed brings it

    def show_message(self, text: str, *, alert: bool = False) -> None:
        """One line under the state, for a while; never a dialog."""
        self._message_generation += 1
        generation = self._message_generation
        self.message.setText(text)
        set_tone(self.message, "alert" if alert else None)
        QTimer.singleShot(MESSAGE_MS, self, lambda: self._clear_message(generation))

    def _clear_message(self, generation: int) -> None:
        if generation == self._message_generation:
            self.message.clear()

    # -- keys -----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.split and event.type() == QEvent.Type.Resize:
            self._share_split()
            return False
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
