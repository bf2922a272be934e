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
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
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
from app.marks import QT_TRANSLATE_NOOP
from app.profile import VENDOR_NAMES
from ui.common.rows_model import RowsModel
from ui.common.tasks import TaskSlots
from ui.common.widgets import InlineConfirm, plain_label, plain_tip
from ui.editing.manager_lock import ManagerGate
from ui.editing.note_editor import ConflictBox, resolve_conflict
from ui.editing.service import EditService, mode_word, moment_text, order_tabs
from ui.i18n import formats
from ui.profile.text import WARN
from ui.theme import colour, set_size, set_tone

log = logging.getLogger("clientdesk.ui.edits")
Index = QModelIndex | QPersistentModelIndex
#: Column titles, translated where the header shows them.
HEADERS = (QT_TRANSLATE_NOOP("EditsModel", "Made"), QT_TRANSLATE_NOOP("EditsModel", "What"),
           QT_TRANSLATE_NOOP("EditsModel", "Where it stands"),
           QT_TRANSLATE_NOOP("EditsModel", "By"))



def counts_text(waiting: int, failed: int) -> str:
    """"2 edits waiting · 1 failed"; "" when nothing is open."""
    number = formats().number
    if waiting and failed:
        text = QCoreApplication.translate(
            "EditsPanel", "{waiting} edit(s) waiting · {failed} failed", "", waiting)
        return text.format(waiting=number(waiting), failed=number(failed))
    if waiting:
        text = QCoreApplication.translate("EditsPanel", "{count} edit(s) waiting", "", waiting)
        return text.format(count=number(waiting))
    if failed:
        text = QCoreApplication.translate("EditsPanel", "{count} edit(s) failed", "", failed)
        return text.format(count=number(failed))
    return ""


def no_reason() -> str:
    """What a refusal without the vendor's words says instead."""
    return QCoreApplication.translate("EditsPanel", "no reason given")


def state_text(edit: Edit, now: datetime, zone: tzinfo | None = None) -> str:
    """Where an edit stands, in words."""
    vendor = VENDOR_NAMES.get(edit.vendor, edit.vendor)
    if edit.state == "failed":
        if edit.upstream is not None:
            text = QCoreApplication.translate(
                "EditsPanel", "Changed on {vendor} meanwhile — choose a version")
            return f"{WARN} " + text.format(vendor=vendor)
        text = QCoreApplication.translate("EditsPanel", "Refused by {vendor}: {reason}")
        return f"{WARN} " + text.format(vendor=vendor, reason=edit.last_error or no_reason())
    if edit.attempts and edit.last_error:
        when = edit.next_attempt_at
        if when is not None and when > now:
            text = QCoreApplication.translate(
                "EditsPanel", "Waiting — {vendor} could not be reached, next try {when}")
            return text.format(vendor=vendor, when=moment_text(when, now, zone))
        text = QCoreApplication.translate("EditsPanel",
                                          "Waiting — {vendor} could not be reached")
        return text.format(vendor=vendor)
    text = QCoreApplication.translate("EditsPanel", "Waiting to be sent to {vendor}")
    return text.format(vendor=vendor)


def what_text(edit: Edit) -> str:
    """The edit's summary on one line (a note's text is shown below the list)."""
    return " ".join(edit.summary.split())


class EditsModel(RowsModel[Edit]):
    """The open edits as rows (plain strings only)."""

    def __init__(self, service: EditService, zone: tzinfo) -> None:
        super().__init__(HEADERS)
        self.service = service
        self.zone = zone

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The column titles in the window's language (marked at import, shown here)."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("EditsModel", self.headers[section])
        return super().headerData(section, orientation, role)

    def text(self, row: int, column: int) -> str:
        edit = self.rows[row]
        now = self.service.clock()
        if column == 0:
            return moment_text(edit.created_at, now, self.zone)
        if column == 1:
            return what_text(edit)
        if column == 2:
            return state_text(edit, now, self.zone)
        return self.tr("{counter} · {mode}", "who made an edit: the counter · the mode").format(
            counter=edit.counter, mode=mode_word(edit.mode))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self.text(index.row(), index.column()))
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2 and \
                self.rows[index.row()].state == "failed":
            return colour("alert")  # the palette in use now; the words say "⚠ Refused…"
        return None


class EditsPanel(QWidget):
    """The Edits tab.

    Tab order: "Send waiting edits now", the list, then what acts on the selected edit
    (Retry, Edit…, Discard…), the conflict's two versions and its choice, and the Yes/No of
    the discard question."""

    #: "Edit…": go to where this edit was made.
    editRequested = Signal(object)  # Edit

    def __init__(self, service: EditService, gate: ManagerGate, zone: tzinfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editsPanel")
        self.setAccessibleName(self.tr("Edits not sent yet"))
        self.service = service
        self.gate = gate
        self.tasks = TaskSlots()
        self._discarding: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(self._build_top())
        explain = plain_label(self.tr(
            "Every edit is saved on this PC first, then sent to its vendor. Edits wait here "
            "while a vendor cannot be reached and are sent as soon as it answers. An edit a "
            "vendor refused, or one changed elsewhere meanwhile, stops here until you retry, "
            "edit or discard it."), "editsExplain", wrap=True)
        set_tone(explain, "muted")
        layout.addWidget(explain)

        self.model = EditsModel(service, zone)
        self.view = self._build_table()
        layout.addWidget(self.view, 1)
        self.empty = plain_label(self.tr("Nothing waiting: every edit has reached its vendor."),
                                 "editsEmpty")
        set_tone(self.empty, "done")
        layout.addWidget(self.empty)

        self.detail = plain_label("", "editDetail", wrap=True, selectable=True)
        layout.addWidget(self.detail)
        self.conflict = ConflictBox("editConflict", self)
        layout.addWidget(self.conflict)
        layout.addLayout(self._build_buttons())
        self.confirm = InlineConfirm(
            "discardConfirm", self.tr("Yes, discard it"), self.tr("No, keep it"), parent=self,
            question=self.tr("Discard this edit?"), yes_says=self.tr("Yes, discard the edit"),
            no_says=self.tr("No, keep the edit"))
        self.confirm_text = self.confirm.text
        self.confirm_yes, self.confirm_no = self.confirm.yes, self.confirm.no
        layout.addWidget(self.confirm)
        self.message = plain_label("", "editsMessage", wrap=True)
        set_tone(self.message, "alert")
        layout.addWidget(self.message)
        order_tabs(self.tab_chain())

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

    # -- building -----------------------------------------------------------------------------
    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        title = plain_label(self.tr("Edits not sent yet"), "editsTitle")
        set_size(title, "subtitle")
        top.addWidget(title)
        self.summary = plain_label("", "editsSummary")
        top.addWidget(self.summary, 1)
        self.send_button = QPushButton(self.tr("Send waiting edits now"))
        self.send_button.setObjectName("sendEdits")
        self.send_button.setAccessibleName(self.tr("Send waiting edits now"))
        top.addWidget(self.send_button)
        return top

    def _build_table(self) -> QTableView:
        view = QTableView(self)
        view.setObjectName("editsView")
        view.setAccessibleName(self.tr("Edits not sent yet, oldest first"))
        view.setAccessibleDescription(self.tr(
            "When each edit was made, what it does, where it stands and who made it"))
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.setTabKeyNavigation(False)
        head = view.horizontalHeader()
        head.setHighlightSections(False)
        head.resizeSection(0, 90)
        head.resizeSection(1, 360)
        head.resizeSection(3, 170)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        head.setStretchLastSection(False)
        return view

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setObjectName("retryEdit")
        self.retry_button.setToolTip(self.tr("Send it again now"))
        self.retry_button.setAccessibleName(self.tr("Retry the selected edit"))
        self.retry_button.setAccessibleDescription(self.tr("Send it again now"))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("editEdit")
        self.edit_button.setToolTip(self.tr("Go to where this edit was made"))
        self.edit_button.setAccessibleName(self.tr("Go to where the selected edit was made"))
        self.discard_button = QPushButton(self.tr("Discard…"))
        self.discard_button.setObjectName("discardEdit")
        self.discard_button.setToolTip(self.tr("Give up on this edit: it is never sent"))
        self.discard_button.setAccessibleName(self.tr("Discard the selected edit"))
        self.discard_button.setAccessibleDescription(self.tr(
            "Give up on this edit: it is never sent. Asks first."))
        for button in (self.retry_button, self.edit_button, self.discard_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        return buttons

    def tab_chain(self) -> list[QWidget]:
        """The controls in the order Tab visits them (hidden ones are skipped by Qt)."""
        return [self.send_button, self.view, self.retry_button, self.edit_button,
                self.discard_button, *self.conflict.tab_chain(), self.confirm_yes,
                self.confirm_no]

    # -- painting -----------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.selected()
        keep = current.id if current is not None else None
        self.model.set_rows(self.service.edits)
        waiting, failed = self.service.counts()
        self.summary.setText(self.tr("— {counts}").format(counts=counts_text(waiting, failed))
                             if waiting or failed else "")
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
        self.detail.setText("\n".join(self.detail_lines(edit, conflict)))
        if conflict:
            self.conflict.show_conflict(edit)
        else:
            self.conflict.clear()

    def detail_lines(self, edit: Edit, conflict: bool) -> list[str]:
        """What the selected edit does, where it stands, and who made it when."""
        now = self.service.clock()
        lines = [what_text(edit), state_text(edit, now, self.model.zone)]
        if edit.last_error and edit.upstream is None:
            lines.append(self.tr("Last answer: {answer}").format(answer=edit.last_error))
        if edit.kind == "note.set" and not conflict:
            lines.append(self.tr("Note: {note}").format(note=edit.payload.get("note", "")))
        lines.append(self.tr("Made at {counter} in {mode} mode, {when}; tried {count} time(s).",
                             "", edit.attempts).format(
            counter=edit.counter, mode=mode_word(edit.mode),
            when=moment_text(edit.created_at, now, self.model.zone),
            count=formats().number(edit.attempts)))
        return lines

    def say(self, text: str, *, alert: bool = True) -> None:
        """The line under the buttons: a problem (the alert tone) or what was done."""
        set_tone(self.message, "alert" if alert else "done")
        self.message.setText(text)

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
        self.say("" if changed else self.tr("That edit is no longer open."))

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
        self.confirm.ask(self.tr("Discard “{what}”? It will never be sent, and the value it "
                                 "replaced shows again.").format(what=what_text(edit)))

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
            self.say(self.tr("Could not discard it ({error}).").format(error=exc))
            return
        if done:
            self.say(self.tr("Discarded."), alert=False)
        else:
            self.say(self.tr("That edit is no longer open."))

    def choose(self, edit_id: int, keep_ours: bool) -> None:
        self.tasks.start("choose", self._choose(edit_id, keep_ours))

    async def _choose(self, edit_id: int, keep_ours: bool) -> None:
        try:
            await resolve_conflict(self.service, edit_id, keep_ours)
        except EditRefused as exc:
            self.say(exc.message)
            return
        self.say(self.tr("Yours is on its way again.") if keep_ours else
                 self.tr("The other version was kept; yours was discarded."), alert=False)

    async def idle(self) -> None:
        for name in ("send", "retry", "discard", "choose"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()


class EditsStatus(QToolButton):
    """"2 edits waiting · 1 failed" in the status bar; hidden when nothing is open. Failed
    edits say so in words and with a sign (⚠), the tone only repeats it."""

    def __init__(self, service: EditService, bar: QStatusBar) -> None:
        super().__init__()
        self.service = service
        self.setObjectName("editsCount")
        self.setAccessibleName(self.tr("Edits not sent yet"))
        self.setAccessibleDescription(self.tr("Opens the Edits tab"))
        self.setToolTip(self.tr("Edits saved on this PC and not yet confirmed by their vendor "
                                "— click to see them"))
        self.setAutoRaise(True)
        bar.addPermanentWidget(self)
        service.changed.connect(self.paint)
        self.paint()

    def paint(self) -> None:
        waiting, failed = self.service.counts()
        text = counts_text(waiting, failed)
        self.setText(f"{WARN} {text}" if failed else text)
        self.setAccessibleName(self.tr("Edits not sent yet: {counts}").format(counts=text)
                               if text else self.tr("Edits not sent yet"))
        set_tone(self, "alert" if failed else "pending")
        self.setVisible(bool(text))
