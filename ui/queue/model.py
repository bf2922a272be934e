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
* Every text is the core's (:mod:`app.queue.words`), so the window reads exactly as
  ``clientdesk queue`` does; this module only adds what a table needs — roles, fonts,
  colours, tooltips — and the few words that exist only here (an action on its way, the
  place column).
* Everything Qminder sent is display text, plain (the default delegate never interprets
  markup), on one line (:func:`one_line`). Meaning is in words and signs first — "⚠ 23 min",
  "⚠ BLACKLISTED: …" — and colour only repeats it. Label colours go through
  ``Label.hex_color`` (``#rrggbb`` or None) and are painted by
  :class:`ui.queue.delegate.QueueDelegate`, never put in a style sheet.
* The customer column is what the cache knows about the person (:class:`app.queue.match.Match`),
  shown on this counter's screen only — nothing of it is ever sent to Qminder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.queue.board import LONG_WAIT, LineStats, QueueBoard, Row, overdue
from app.queue.match import Match
from app.queue.words import (
    NONE,
    blacklist_text,
    details_text,
    duration_text,
    line_text,
    match_text,
    row_wait_text,
    shown_labels,
    source_text,
    status_text,
    ticket_name,
)
from app.vendors.qminder.models import Ticket
from ui.common.widgets import plain_tip

Index = QModelIndex | QPersistentModelIndex

#: Words for an action on its way to Qminder (the row already shows its outcome).
PENDING_WORDS = {"call": "Calling…", "recall": "Recalling…", "served": "Serving…",
                 "no-show": "Marking no-show…", "return": "Returning…",
                 "cancel": "Cancelling…"}
ALERT = "#b71c1c"
BLACKLIST_TINT = "#ffebee"
HEADER_TINT = "#e3e8eb"
STALE = "#8a8a8a"


class Column(IntEnum):
    PLACE = 0
    NAME = 1
    WAITED = 2
    CUSTOMER = 3
    LABELS = 4
    SOURCE = 5
    DETAILS = 6


HEADERS = {
    Column.PLACE: "#",
    Column.NAME: "Name",
    Column.WAITED: "Waited",
    Column.CUSTOMER: "Saved customer (this PC only)",
    Column.LABELS: "Labels",
    Column.SOURCE: "Source",
    Column.DETAILS: "Details",
}


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


def one_line(text: str | None, limit: int = 200) -> str:
    """Text for one line of a widget: whitespace (newlines too) collapsed, cut at ``limit``
    characters — the window's way of making vendor text (and the core's texts that carry
    it) safe to show."""
    flat = " ".join(str(text or "").split())
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
        return PENDING_WORDS.get(row.pending, "Sending…")
    if row.position is not None:
        return str(row.position)
    return status_word(row.ticket)


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
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(Column):
            return HEADERS[Column(section)]
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
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(HEADER_TINT))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(STALE if self._stale else "#263238"))
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
        waiting_long = ticket.is_waiting and overdue(row.waited)
        blacklisted = match is not None and match.blacklisted
        if role == Role.ALERT:
            return (column == Column.WAITED and waiting_long) or \
                (column == Column.CUSTOMER and blacklisted)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._stale:
                return QBrush(QColor(STALE))
            if (column == Column.WAITED and waiting_long) or \
                    (column == Column.CUSTOMER and blacklisted):
                return QBrush(QColor(ALERT))
            return None
        if role == Qt.ItemDataRole.FontRole:
            if (column == Column.WAITED and waiting_long) or \
                    (column == Column.CUSTOMER and blacklisted) or \
                    (column == Column.PLACE and ticket.is_called):
                return self._bold
            return None
        if role == Qt.ItemDataRole.BackgroundRole and blacklisted and not self._stale:
            return QBrush(QColor(BLACKLIST_TINT))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, column, match)
        return None

    def _display(self, row: Row, column: Column, match: Match | None) -> str:
        ticket = row.ticket
        if column == Column.PLACE:
            return place_text(row)
        if column == Column.NAME:
            return one_line(ticket_name(ticket), 80)
        if column == Column.WAITED:
            return row_wait_text(row)
        if column == Column.CUSTOMER:
            return customer_text(match) if ticket.id in self._matches else ""
        if column == Column.LABELS:
            return ", ".join(chip.text for chip in chips(ticket))
        if column == Column.SOURCE:
            return one_line(source_text(ticket.source), 40)
        return one_line(details_text(ticket), 300)

    def _tooltip(self, row: Row, column: Column, match: Match | None) -> str | None:
        ticket = row.ticket
        if column == Column.WAITED:
            if ticket.is_called:
                return plain_tip(f"Waited {duration_text(row.waited)} "
                                 "before being called")
            if not ticket.is_waiting:  # a status we do not know: no queue to be late in
                return plain_tip(f"{duration_text(row.waited)} since the ticket was made")
            return plain_tip(f"Waiting {duration_text(row.waited)}"
                             + (f" — longer than {duration_text(LONG_WAIT)}"
                                if overdue(row.waited) else ""))
        if column == Column.CUSTOMER and ticket.id in self._matches:
            if match is None:
                return plain_tip("No saved customer has this ticket's phone, email or name.")
            return plain_tip(customer_text(match) + " — Enter opens the profile")
        text = self._display(row, column, match)
        return plain_tip(text) if text else None


def _key(entry: Entry) -> tuple[str, str]:
    if isinstance(entry, LineStats):
        return ("line", entry.line_id)
    return ("ticket", entry.ticket.id)
