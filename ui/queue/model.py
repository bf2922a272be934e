"""The live queue as a Qt table model: one header row per line, then its tickets.

Why it looks like this:

* Rows come from :meth:`QueueBoard.rows` (called tickets first, then waiting in queue order,
  per line) with a header row before each line carrying :class:`LineStats` — how many wait,
  the longest wait, the average wait today. Header rows are not selectable, so the arrow keys
  move from ticket to ticket.
* A change of the board (an event, a catch-up, an action) is a model reset: a queue is tens of
  tickets, and the panel puts the selection back on the same ticket afterwards. The clock's
  tick is not a change: :meth:`QueueModel.tick` recomputes the waits from the tickets' own
  times and emits ``dataChanged`` for the wait column (and the line headers) only — nothing is
  asked of Qminder or the cache per tick.
* Every text is the core's (:mod:`app.queue.words`), worded in the store's language by
  :mod:`ui.queue.text`, so the window says what ``clientdesk queue`` says; this module only
  adds what a table needs — roles, fonts, colours, tooltips — and the few words that exist
  only here (an action on its way, the place column, the headers), all translated.
* Everything Qminder sent is display text, plain (the default delegate never interprets
  markup), on one line (:func:`one_line`). Meaning is in words and signs first — "⚠ 23 min",
  "⚠ BLACKLISTED: …" — and colour only repeats it. Colours are the theme's
  (:func:`ui.theme.colour`) and the palette's, asked for at :meth:`QueueModel.data` time, so
  a dark palette (or a switch to one) is honoured. Label colours go through
  ``Label.hex_color`` (``#rrggbb`` or None) and are painted by
  :class:`ui.queue.delegate.QueueDelegate`, never put in a style sheet.
* The customer column is what the cache knows about the person (:class:`app.queue.match.Match`),
  shown on this counter's screen only — nothing of it is ever sent to Qminder.
* On a narrow dock (:meth:`QueueModel.set_compact`) the panel hides the customer column — the
  card under the list says who the selected ticket is — so the blacklist warning moves into
  the name: "⚠ Renée Singh", bold, in the alert colour, read aloud as words. Nobody on the
  blacklist is called because a column was hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QGuiApplication, QPalette

from app.marks import QT_TRANSLATE_NOOP
from app.queue.board import LONG_WAIT, LineStats, QueueBoard, Row, overdue
from app.queue.match import Match
from app.queue.words import NONE, WARN, row_overdue, shown_labels
from app.vendors.qminder.models import Ticket
from ui.common.widgets import plain_tip
from ui.i18n import formats
from ui.queue.text import (
    blacklist_text,
    details_text,
    duration_text,
    line_text,
    match_text,
    row_wait_text,
    source_text,
    status_text,
    ticket_name,
)
from ui.theme import colour

Index = QModelIndex | QPersistentModelIndex

#: Words for an action on its way to Qminder (the row already shows its outcome).
PENDING_WORDS = {"call": QT_TRANSLATE_NOOP("QueueModel", "Calling…"),
                 "recall": QT_TRANSLATE_NOOP("QueueModel", "Recalling…"),
                 "served": QT_TRANSLATE_NOOP("QueueModel", "Serving…"),
                 "no-show": QT_TRANSLATE_NOOP("QueueModel", "Marking no-show…"),
                 "return": QT_TRANSLATE_NOOP("QueueModel", "Returning…"),
                 "cancel": QT_TRANSLATE_NOOP("QueueModel", "Cancelling…")}
SENDING = QT_TRANSLATE_NOOP("QueueModel", "Sending…")
#: Theme colours (:func:`ui.theme.colour`): text that alerts, a blacklisted visitor's row, and
#: an offline queue (the state line says "Offline" in words).
ALERT = "alert"
BLACKLIST_TINT = "alertbox.bg"
STALE = "stale"


class Column(IntEnum):
    PLACE = 0
    NAME = 1
    WAITED = 2
    CUSTOMER = 3
    LABELS = 4
    SOURCE = 5
    DETAILS = 6


HEADERS = {
    Column.PLACE: QT_TRANSLATE_NOOP("QueueModel", "#"),
    Column.NAME: QT_TRANSLATE_NOOP("QueueModel", "Name"),
    Column.WAITED: QT_TRANSLATE_NOOP("QueueModel", "Waited"),
    Column.CUSTOMER: QT_TRANSLATE_NOOP("QueueModel", "Saved customer (this PC only)"),
    Column.LABELS: QT_TRANSLATE_NOOP("QueueModel", "Labels"),
    Column.SOURCE: QT_TRANSLATE_NOOP("QueueModel", "Source"),
    Column.DETAILS: QT_TRANSLATE_NOOP("QueueModel", "Details"),
}
#: What a header is called aloud and in its tooltip, where its text is a sign.
HEADER_WORDS = {Column.PLACE: QT_TRANSLATE_NOOP("QueueModel", "Place in line, or status")}


class Role(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1  # "line" or "ticket"
    TICKET_ID = Qt.ItemDataRole.UserRole + 2
    LINE_ID = Qt.ItemDataRole.UserRole + 3
    CHIPS = Qt.ItemDataRole.UserRole + 4  # list[Chip] (labels column)
    ALERT = Qt.ItemDataRole.UserRole + 5  # True: a long wait or a blacklisted customer


@dataclass(frozen=True)
class Chip:
    """A label as shown: its text always, its colour when it is a real hex colour."""

    text: str
    color: str | None  # "#rrggbb" or None (the neutral default)


# -- what only the window shows ---------------------------------------------------------------


#: Runs of whitespace that one_line collapses: all but the no-break spaces, which the store's
#: formats put inside a figure ("1 291 pont", "8:00 pm") so that it never breaks.
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def one_line(text: str | None, limit: int = 200) -> str:
    """Text for one line of a widget: whitespace (newlines too) collapsed, cut at ``limit``
    characters — the window's way of making vendor text (and the core's texts that carry
    it) safe to show."""
    flat = _BREAKING_SPACE.sub(" ", str(text or "")).strip(" ")
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def chips(ticket: Ticket) -> list[Chip]:
    """The labels the core shows (:func:`app.queue.words.shown_labels`), each with its
    colour."""
    return [Chip(one_line(label.value, 40), label.hex_color) for label in shown_labels(ticket)]


def status_word(ticket: Ticket) -> str:
    """The core's status word, capitalised when it is ours ("Called"); one we do not know is
    shown exactly as Qminder wrote it."""
    word = one_line(status_text(ticket.status), 40)
    return word[:1].upper() + word[1:] if ticket.status_known else word


def place_text(row: Row) -> str:
    """The place column: an action on its way, the position in the line, or the status."""
    if row.pending is not None:
        return QCoreApplication.translate("QueueModel", PENDING_WORDS.get(row.pending, SENDING))
    if row.position is not None:
        return formats().number(row.position)
    return status_word(row.ticket)


def header_text(column: Column) -> str:
    return QCoreApplication.translate("QueueModel", HEADERS[column])


def header_words(column: Column) -> str:
    """A header as said aloud: its words where its text is a sign ("#")."""
    spoken = HEADER_WORDS.get(column)
    return QCoreApplication.translate("QueueModel", spoken) if spoken else header_text(column)


def brush(name: str) -> QBrush:
    """A theme colour for the palette in use (asked at data() time, never cached)."""
    return QBrush(colour(name))


def palette_brush(role: QPalette.ColorRole) -> QBrush:
    return QBrush(QGuiApplication.palette().color(role))


def widest_texts() -> dict[Column, str]:
    """What the place and wait columns commonly show at their widest, in the window's language
    ("Called", "⚠ 1 h 48 min"): the narrow layout sizes those columns to fit them."""
    called = status_text("CALLED")
    return {Column.PLACE: called[:1].upper() + called[1:],
            Column.WAITED: f"{WARN} {duration_text(timedelta(hours=1, minutes=48))}"}


def warned_name(name: str) -> str:
    """A blacklisted visitor's name when the customer column is hidden: the sign first."""
    return f"{WARN} {name}"


def customer_text(match: Match | None) -> str:
    """The customer column: the warning first, then who (the core's words)."""
    if match is None:
        return NONE
    parts = [blacklist_text(match)] if match.blacklisted else []
    parts.append(match_text(match))
    return one_line(" · ".join(parts), 300)


# -- the model --------------------------------------------------------------------------------


Entry = LineStats | Row


class QueueModel(QAbstractTableModel):
    """Header and ticket rows of a :class:`QueueBoard` at the clock's time."""

    def __init__(self, board: QueueBoard, clock: Callable[[], datetime], zone: tzinfo) -> None:
        super().__init__()
        self.board = board
        self.clock = clock
        self.zone = zone
        self._entries: list[Entry] = []
        self._matches: dict[str, Match | None] = {}
        self._stale = False
        self._compact = False
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """The board changed: rebuild every row (the panel restores the selection)."""
        self.beginResetModel()
        self._entries = self._build(self.clock())
        self.endResetModel()

    def tick(self) -> None:
        """The clock moved: new waits for the same rows, repainted where they show."""
        if not self._entries:
            return
        fresh = self._build(self.clock())
        if [_key(e) for e in fresh] != [_key(e) for e in self._entries]:
            self.refresh()  # cannot happen without a change signal, but never show a stale row
            return
        self._entries = fresh
        last = self.columnCount() - 1
        for row, entry in enumerate(fresh):
            if isinstance(entry, LineStats):
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        self.dataChanged.emit(self.index(0, Column.WAITED),
                              self.index(len(fresh) - 1, Column.WAITED))

    def set_matches(self, matches: dict[str, Match | None]) -> None:
        """Who each ticket is (by ticket id); only the customer column and tints change."""
        self._matches = dict(matches)
        if self._entries:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._entries) - 1, self.columnCount() - 1))

    def set_stale(self, stale: bool) -> None:
        """Offline: the last known queue stays, greyed."""
        if stale == self._stale:
            return
        self._stale = stale
        if self._entries:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._entries) - 1, self.columnCount() - 1))

    @property
    def stale(self) -> bool:
        return self._stale

    def set_compact(self, compact: bool) -> None:
        """The customer column is hidden (``True``, a narrow dock): a blacklisted visitor's
        name carries the warning instead. Only the name column changes."""
        if compact == self._compact:
            return
        self._compact = compact
        if self._entries:
            self.dataChanged.emit(self.index(0, Column.NAME),
                                  self.index(len(self._entries) - 1, Column.NAME))

    @property
    def compact(self) -> bool:
        return self._compact

    def _build(self, now: datetime) -> list[Entry]:
        rows = self.board.rows(now)
        by_line: dict[str, list[Row]] = {}
        for row in rows:
            by_line.setdefault(row.line_id, []).append(row)
        entries: list[Entry] = []
        for stats in self.board.stats(now):
            entries.append(stats)
            entries.extend(by_line.pop(stats.line_id, []))
        for leftover in by_line.values():  # a line stats() did not name (never expected)
            entries.extend(leftover)
        return entries

    # -- reading ---------------------------------------------------------------------------
    def entry(self, row: int) -> Entry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def ticket_row(self, row: int) -> Row | None:
        entry = self.entry(row)
        return entry if isinstance(entry, Row) else None

    def line_stats(self, row: int) -> LineStats | None:
        entry = self.entry(row)
        return entry if isinstance(entry, LineStats) else None

    def row_of(self, ticket_id: str) -> int | None:
        for row, entry in enumerate(self._entries):
            if isinstance(entry, Row) and entry.ticket.id == ticket_id:
                return row
        return None

    def ticket_rows(self) -> list[int]:
        return [r for r, e in enumerate(self._entries) if isinstance(e, Row)]

    def header_rows(self) -> list[int]:
        return [r for r, e in enumerate(self._entries) if isinstance(e, LineStats)]

    def match_for(self, ticket_id: str) -> Match | None:
        return self._matches.get(ticket_id)

    def matched(self, ticket_id: str) -> bool:
        """True once the cache was asked about this ticket (whatever it answered)."""
        return ticket_id in self._matches

    def text(self, row: int, column: Column) -> str:
        return str(self.data(self.index(row, column)) or "")

    # -- Qt --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self.entry(index.row()), LineStats):
            return Qt.ItemFlag.NoItemFlags  # a heading: the arrow keys skip it
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return header_text(Column(section))
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return header_words(Column(section))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if isinstance(entry, LineStats):
            return self._line_data(entry, Column(index.column()), role)
        return self._ticket_data(entry, Column(index.column()), role)

    def _line_heading(self, stats: LineStats) -> str:
        line = self.board.lines.get(stats.line_id)
        return one_line(line_text(stats, disabled=line is not None and line.is_disabled), 300)

    def _line_data(self, stats: LineStats, column: Column, role: int) -> Any:
        if role == Role.KIND:
            return "line"
        if role == Role.LINE_ID:
            return stats.line_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._line_heading(stats) if column == Column.PLACE else ""
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.PLACE:
            return plain_tip(self._line_heading(stats))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._line_heading(stats) if column == Column.PLACE else ""
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            # A heading looks like one in any palette: the button face, its own text.
            return palette_brush(QPalette.ColorRole.Button)
        if role == Qt.ItemDataRole.ForegroundRole:
            return brush(STALE) if self._stale else palette_brush(QPalette.ColorRole.ButtonText)
        if role == Role.ALERT:
            return overdue(stats.longest_wait)
        return None

    def _ticket_data(self, row: Row, column: Column, role: int) -> Any:
        ticket = row.ticket
        match = self._matches.get(ticket.id)
        if role == Role.KIND:
            return "ticket"
        if role == Role.TICKET_ID:
            return ticket.id
        if role == Role.LINE_ID:
            return row.line_id
        if role == Role.CHIPS:
            return chips(ticket) if column == Column.LABELS else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column, match)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, match)
        waiting_long = row_overdue(row)
        blacklisted = match is not None and match.blacklisted
        alert = (column == Column.WAITED and waiting_long) or \
            (column == self._warning_column() and blacklisted)
        if role == Role.ALERT:
            return alert
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._stale:
                return brush(STALE)
            return brush(ALERT) if alert else None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if alert or (column == Column.PLACE and ticket.is_called) \
                else None
        if role == Qt.ItemDataRole.BackgroundRole and blacklisted and not self._stale:
            return brush(BLACKLIST_TINT)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == Column.NAME and self._compact and match is not None and \
                    match.blacklisted:  # the warning in words, not the sign
                return QCoreApplication.translate(
                    "QueueModel", "{name}, {warning}", "a blacklisted visitor's name").format(
                    name=one_line(ticket_name(ticket), 80), warning=blacklist_text(match))
            return self._display(row, column, match)
        return None

    def _warning_column(self) -> Column:
        """Where a blacklisted visitor's warning is shown: the customer column, or the name
        when that column is hidden (compact)."""
        return Column.NAME if self._compact else Column.CUSTOMER

    def _display(self, row: Row, column: Column, match: Match | None) -> str:
        ticket = row.ticket
        if column == Column.PLACE:
            return place_text(row)
        if column == Column.NAME:
            name = one_line(ticket_name(ticket), 80)
            warned = self._compact and match is not None and match.blacklisted
            return warned_name(name) if warned else name
        if column == Column.WAITED:
            return row_wait_text(row)
        if column == Column.CUSTOMER:
            return customer_text(match) if ticket.id in self._matches else ""
        if column == Column.LABELS:
            return QCoreApplication.translate("QueueModel", ", ", "between labels").join(
                chip.text for chip in chips(ticket))
        if column == Column.SOURCE:
            return one_line(source_text(ticket.source), 40)
        return one_line(details_text(ticket), 300)

    def _tooltip(self, row: Row, column: Column, match: Match | None) -> str | None:
        ticket = row.ticket
        if column == Column.WAITED:
            return plain_tip(wait_tip(row))
        shows_customer = column == Column.CUSTOMER or (column == Column.NAME and self._compact)
        if shows_customer and ticket.id in self._matches:
            if match is None:
                return plain_tip(QCoreApplication.translate(
                    "QueueModel", "No saved customer has this ticket's phone, email or name."))
            return plain_tip(QCoreApplication.translate(
                "QueueModel", "{customer} — Enter opens the profile").format(
                customer=customer_text(match)))
        text = self._display(row, column, match)
        return plain_tip(text) if text else None


def wait_tip(row: Row) -> str:
    """The wait column's tooltip: what the figure measures, and why it carries the sign."""
    ticket, wait = row.ticket, duration_text(row.waited)
    if ticket.is_called:
        return QCoreApplication.translate("QueueModel", "Waited {wait} before being called"
                                          ).format(wait=wait)
    if not ticket.is_waiting:  # a status we do not know: no queue to be late in
        return QCoreApplication.translate("QueueModel", "{wait} since the ticket was made"
                                          ).format(wait=wait)
    if overdue(row.waited):
        return QCoreApplication.translate("QueueModel", "Waiting {wait} — longer than {limit}"
                                          ).format(wait=wait, limit=duration_text(LONG_WAIT))
    return QCoreApplication.translate("QueueModel", "Waiting {wait}").format(wait=wait)


def _key(entry: Entry) -> tuple[str, str]:
    if isinstance(entry, LineStats):
        return ("line", entry.line_id)
    return ("ticket", entry.ticket.id)
