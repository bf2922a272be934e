"""Edits not sent yet: the Edits tab (retry, edit or discard each) and the status bar's count.

Why a panel: an edit that a vendor refused, or that conflicts with a change made elsewhere,
stops — it is never dropped and never forced through — so someone must see it and decide. The
status bar says "2 edits waiting · 1 failed" whenever anything is open (a click opens this
tab); the tab lists every open edit, oldest first, with what it does, where it stands in words
and who made it:

* **Retry** sends a failed edit again, or a waiting one now instead of after its backoff.
* **Edit…** goes to where the edit was made (the customer's note, the blacklist, the queue).
* **Discard** gives up on it after an inline question. A manager's edit (made in manager mode,
  or a blacklist change or bookings transfer) needs manager mode to retry or discard:
  :func:`app.cache.outbox.may_handle`, the rule the command line applies too.
* A note conflict shows both versions here too, with the same choice as on the profile.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStatusBar,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.cache import edits, outbox
from app.cache.outbox import Edit, EditRefused
from app.cache.own_thread import CacheClosed
from app.profile import VENDOR_NAMES
from ui.common.rows_model import RowsModel
from ui.common.tasks import TaskSlots
from ui.common.widgets import InlineConfirm, plain_label, plain_tip
from ui.editing.manager_lock import ManagerGate
from ui.editing.note_editor import ConflictBox, resolve_conflict
from ui.editing.service import EditService
from ui.profile.text import WARN
from ui.window.sync_status import clock

log = logging.getLogger("clientdesk.ui.edits")
Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Made", "What", "Where it stands", "By")
CONFIRM_STYLE = ("QFrame#discardConfirm { background:#fff3e0; border:1px solid #ffb74d; "
                 "border-radius:4px; }")
COUNT_STYLE = "QToolButton { color:#8d4f00; font-weight:bold; border:none; padding:0 6px; }"
FAILED_STYLE = "QToolButton { color:#b71c1c; font-weight:bold; border:none; padding:0 6px; }"


def counts_text(waiting: int, failed: int) -> str:
    """"2 edits waiting · 1 failed"; "" when nothing is open."""
    parts = []
    if waiting:
        parts.append(f"{waiting} edit{'s' if waiting != 1 else ''} waiting")
    if failed:
        parts.append(f"{failed} failed" if waiting else
                     f"{failed} edit{'s' if failed != 1 else ''} failed")
    return " · ".join(parts)


def state_text(edit: Edit, now: datetime, zone: tzinfo | None = None) -> str:
    """Where an edit stands, in words."""
    vendor = VENDOR_NAMES.get(edit.vendor, edit.vendor)
    if edit.state == "failed":
        if edit.upstream is not None:
            return f"{WARN} Changed on {vendor} meanwhile — choose a version"
        return f"{WARN} Refused by {vendor}: {edit.last_error or 'no reason given'}"
    if edit.attempts and edit.last_error:
        when = edit.next_attempt_at
        again = f", next try {clock(when, now, zone)}" if when is not None and when > now \
            else ""
        return f"Waiting — {vendor} could not be reached{again}"
    return f"Waiting to be sent to {vendor}"


def what_text(edit: Edit) -> str:
    """The edit's summary on one line (a note's text is shown below the list)."""
    return " ".join(edit.summary.split())


class EditsModel(RowsModel[Edit]):
    """The open edits as rows (plain strings only)."""

    def __init__(self, service: EditService, zone: tzinfo) -> None:
        super().__init__(HEADERS)
        self.service = service
        self.zone = zone

    def text(self, row: int, column: int) -> str:
        edit = self.rows[row]
        now = self.service.clock()
        if column == 0:
            return clock(edit.created_at, now, self.zone)
        if column == 1:
            return what_text(edit)
        if column == 2:
            return state_text(edit, now, self.zone)
        return f"{edit.counter} · {edit.mode}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self.text(index.row(), index.column()))
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and \
                self.rows[index.row()].state == "failed":
            return QColor("#b71c1c")
        return None


class EditsPanel(QWidget):
    """The Edits tab."""

    #: "Edit…": go to where this edit was made.
    editRequested = Signal(object)  # Edit

    def __init__(self, service: EditService, gate: ManagerGate, zone: tzinfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editsPanel")
        self.setAccessibleName("editsPanel")
        self.service = service
        self.gate = gate
        self.tasks = TaskSlots()
        self._discarding: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        top = QHBoxLayout()
        title = plain_label("Edits not sent yet", "editsTitle")
        title.setStyleSheet("font-size:15px; font-weight:bold;")
        top.addWidget(title)
        self.summary = plain_label("", "editsSummary")
        top.addWidget(self.summary, 1)
        self.send_button = QPushButton("Send waiting edits now")
        self.send_button.setObjectName("sendEdits")
        top.addWidget(self.send_button)
        layout.addLayout(top)
        explain = plain_label(
            "Every edit is saved on this PC first, then sent to its vendor. Edits wait here "
            "while a vendor cannot be reached and are sent as soon as it answers. An edit a "
            "vendor refused, or one changed elsewhere meanwhile, stops here until you retry, "
            "edit or discard it.", "editsExplain", wrap=True)
        explain.setStyleSheet("color:#546e7a;")
        layout.addWidget(explain)

        self.model = EditsModel(service, zone)
        self.view = QTableView(self)
        self.view.setObjectName("editsView")
        self.view.setAccessibleName("editsView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setTabKeyNavigation(False)
        head = self.view.horizontalHeader()
        head.setHighlightSections(False)
        head.resizeSection(0, 90)
        head.resizeSection(1, 360)
        head.resizeSection(3, 170)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        head.setStretchLastSection(False)
        layout.addWidget(self.view, 1)
        self.empty = plain_label("Nothing waiting: every edit has reached its vendor.",
                                 "editsEmpty")
        self.empty.setStyleSheet("color:#1b5e20;")
        layout.addWidget(self.empty)

        self.detail = plain_label("", "editDetail", wrap=True, selectable=True)
        layout.addWidget(self.detail)
        self.conflict = ConflictBox("editConflict", self)
        layout.addWidget(self.conflict)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton("Retry")
        self.retry_button.setObjectName("retryEdit")
        self.retry_button.setToolTip("Send it again now")
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editEdit")
        self.edit_button.setToolTip("Go to where this edit was made")
        self.discard_button = QPushButton("Discard…")
        self.discard_button.setObjectName("discardEdit")
        self.discard_button.setToolTip("Give up on this edit: it is never sent")
        for button in (self.retry_button, self.edit_button, self.discard_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.confirm = InlineConfirm("discardConfirm", "Yes, discard it", "No, keep it",
                                     CONFIRM_STYLE, self)
        self.confirm_text = self.confirm.text
        self.confirm_yes, self.confirm_no = self.confirm.yes, self.confirm.no
        layout.addWidget(self.confirm)
        self.message = plain_label("", "editsMessage", wrap=True)
        self.message.setStyleSheet("color:#8a1c1c;")
        layout.addWidget(self.message)

        self.send_button.clicked.connect(self.send_now)
        self.retry_button.clicked.connect(self.retry)
        self.edit_button.clicked.connect(self._edit)
        self.discard_button.clicked.connect(self.ask_discard)
        self.confirm_yes.clicked.connect(self._discard_confirmed)
        self.confirm_no.clicked.connect(self._hide_confirm)
        self.conflict.chosen.connect(self.choose)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._paint_detail())
        service.changed.connect(self.reload)
        self.reload()

    # -- painting -----------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.selected()
        keep = current.id if current is not None else None
        self.model.set_rows(self.service.edits)
        waiting, failed = self.service.counts()
        self.summary.setText(f"— {counts_text(waiting, failed)}" if waiting or failed else "")
        self.empty.setVisible(not self.model.rows)
        self.view.setVisible(bool(self.model.rows))
        row = next((k for k, e in enumerate(self.model.rows) if e.id == keep), None)
        if (row is None or not self.isVisible()) and self.model.rows:
            # Nobody is looking at a choice: the first edit that needs a person, else the
            # one selected, else the oldest.
            row = next((k for k, e in enumerate(self.model.rows) if e.state == "failed"),
                       row if row is not None else 0)
        if row is not None:
            self.select_row(row)
        self._paint_detail()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def select_edit(self, edit_id: int) -> bool:
        row = next((k for k, e in enumerate(self.model.rows) if e.id == edit_id), None)
        if row is None:
            return False
        self.select_row(row)
        return True

    def selected(self) -> Edit | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def _paint_detail(self) -> None:
        edit = self.selected()
        for button in (self.retry_button, self.edit_button, self.discard_button):
            button.setEnabled(edit is not None)
        if edit is None:
            self.detail.clear()
            self.conflict.clear()
            self._hide_confirm()
            return
        if self._discarding is not None and self._discarding != edit.id:
            self._hide_confirm()
        conflict = edit.state == "failed" and edit.upstream is not None
        self.retry_button.setEnabled(not conflict)
        lines = [what_text(edit), state_text(edit, self.service.clock(), self.model.zone)]
        if edit.last_error and edit.upstream is None:
            lines.append(f"Last answer: {edit.last_error}")
        if edit.kind == "note.set" and not conflict:
            lines.append(f"Note: {edit.payload.get('note', '')}")
        lines.append(f"Made at {edit.counter} in {edit.mode} mode, "
                     f"{clock(edit.created_at, self.service.clock(), self.model.zone)}; "
                     f"tried {edit.attempts} time{'s' if edit.attempts != 1 else ''}.")
        self.detail.setText("\n".join(lines))
        if conflict:
            self.conflict.show_conflict(edit)
        else:
            self.conflict.clear()

    # -- actions ------------------------------------------------------------------------------
    def send_now(self) -> None:
        self.tasks.start("send", self.service.send())

    def retry(self) -> None:
        edit = self.selected()
        if edit is None:
            return
        if edit.manager_only and not self.gate.active():
            self.gate.require(self.retry)  # a manager's edit: the PIN, then retry it
            return
        self.tasks.start("retry", self._retry(edit))

    async def _retry(self, edit: Edit) -> None:
        who = self.service.who()
        if edit.state == "failed":
            changed = await self.service.edit(lambda conn: outbox.retry(conn, edit.id, **who))
        else:
            changed = await self.service.edit(lambda conn: edits.send_now(conn, edit.id))
        self.message.setText("" if changed else "That edit is no longer open.")

    def _edit(self) -> None:
        edit = self.selected()
        if edit is not None:
            self.editRequested.emit(edit)

    def ask_discard(self) -> None:
        edit = self.selected()
        if edit is None:
            return
        if edit.manager_only and not self.gate.active():
            self.gate.require(self.ask_discard)  # asks for the PIN, then asks again here
            return
        self._discarding = edit.id
        self.confirm.ask(f"Discard “{what_text(edit)}”? It will never be sent, and the value "
                         "it replaced shows again.")

    def _hide_confirm(self) -> None:
        self._discarding = None
        self.confirm.hide()

    def _discard_confirmed(self) -> None:
        edit_id = self._discarding
        self._hide_confirm()
        if edit_id is not None:
            self.tasks.start("discard", self._discard(edit_id))

    async def _discard(self, edit_id: int) -> None:
        who = self.service.who()
        try:
            done = await self.service.edit(lambda conn: edits.discard(conn, edit_id, **who))
        except (CacheClosed, sqlite3.OperationalError) as exc:
            # The cache went away (shutdown) or is busy/locked; anything else is a bug and
            # goes to the error funnel.
            self.message.setText(f"Could not discard it ({exc}).")
            return
        self.message.setText("Discarded." if done else "That edit is no longer open.")

    def choose(self, edit_id: int, keep_ours: bool) -> None:
        self.tasks.start("choose", self._choose(edit_id, keep_ours))

    async def _choose(self, edit_id: int, keep_ours: bool) -> None:
        try:
            await resolve_conflict(self.service, edit_id, keep_ours)
        except EditRefused as exc:
            self.message.setText(exc.message)
            return
        self.message.setText("Yours is on its way again." if keep_ours else
                             "The other version was kept; yours was discarded.")

    async def idle(self) -> None:
        for name in ("send", "retry", "discard", "choose"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()


class EditsStatus(QToolButton):
    """"2 edits waiting · 1 failed" in the status bar; hidden when nothing is open."""

    def __init__(self, service: EditService, bar: QStatusBar) -> None:
        super().__init__()
        self.service = service
        self.setObjectName("editsCount")
        self.setAccessibleName("editsCount")
        self.setToolTip("Edits saved on this PC and not yet confirmed by their vendor — "
                        "click to see them")
        self.setAutoRaise(True)
        bar.addPermanentWidget(self)
        service.changed.connect(self.paint)
        self.paint()

    def paint(self) -> None:
        waiting, failed = self.service.counts()
        text = counts_text(waiting, failed)
        self.setText(f"{WARN} {text}" if failed else text)
        self.setStyleSheet(FAILED_STYLE if failed else COUNT_STYLE)
        self.setVisible(bool(text))
