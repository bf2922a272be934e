"""The Blacklist tab: who is on it, why and since when — from the cache, so it works offline.

Why it looks like this:

* It reads :func:`app.cache.edits.blacklist_entries` on the cache thread: the blacklist as the
  last sync with reservations (plus this PC's own changes) left it. The line above the list
  says how old that is — "as of 10:42", or "⚠ reservations offline since 10:50 — as of
  10:42" — so nobody mistakes it for live.
* "Since" is when this PC first saw the entry (reservations does not say when someone was
  blacklisted); the column's tooltip says so.
* The search box filters as you type over name, contacts and reason (accents and case
  ignored).
* Staff only read it. Managers (PIN) add an entry — a reason is required, and the same rule
  as the command line refuses an empty one — remove one after an inline question, and export
  the list to CSV (cells guarded against spreadsheet formulas, written whole or not at all,
  and the export itself goes into the audit log).
* A change shows at once with "pending" until reservations confirms it; a removal still on
  its way stays listed as "removal pending".
* Contacts are masked on screen (this tab can face the counter); the manager's CSV has them
  in full, as the export's purpose is to identify people.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cache import edits
from app.cache.db import write_transaction
from app.cache.outbox import Edit, EditRefused, audit
from app.cache.search import SearchHit
from app.cache.state import SyncState, read_states
from app.csvfile import write_csv
from app.domain.contacts import mask_email
from app.domain.text import fold
from app.profile import VENDOR_NAMES
from ui.customer_picker import CustomerPicker
from ui.edit_service import EditService
from ui.help_overlay import key_text
from ui.manager_lock import ManagerGate
from ui.profile_text import WARN, date_text, safe_mask_phone, safe_phone_display
from ui.rows_model import RowsModel
from ui.search_model import SearchSource
from ui.sync_status import clock
from ui.tasks import TaskSlots
from ui.widgets import InlineConfirm, plain_label, plain_tip

log = logging.getLogger("clientdesk.ui.blacklist")
Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Who", "Contact", "Reason", "On the list since", "Reservations")
CSV_HEADER = ("name", "emails", "phones", "reason", "on_list_since", "reservations_id",
              "state")
ALERT_STYLE = "color:#8a1c1c; font-weight:bold;"
FORM_STYLE = ("QFrame#blacklistAdd, QFrame#blacklistRemoveConfirm { background:#fff3e0; "
              "border:1px solid #ffb74d; border-radius:4px; }")


def as_of_text(state: SyncState | None, now: datetime, zone: tzinfo | None = None) -> str:
    """"Blacklist as of 10:42 (last sync with reservations)", with a warning when offline."""
    name = VENDOR_NAMES["reservations"]
    if state is None or state.last_success is None:
        return (f"{WARN} Not synced with {name} yet — this PC knows only what was changed "
                "here.")
    as_of = clock(state.last_success, now, zone)
    if state.offline_since is not None:
        return (f"{WARN} {name} offline since {clock(state.offline_since, now, zone)} — "
                f"showing the blacklist as of {as_of}.")
    return f"Blacklist as of {as_of} (last sync with {name})."


def state_word(entry: dict[str, Any]) -> str:
    return {"failed": f"{WARN} not sent", "pending": "pending", "removing": "removal pending"
            }.get(str(entry.get("state", "")), "confirmed")


class BlacklistModel(RowsModel):
    """Blacklist entries (dicts from :func:`blacklist_entries`), filtered by the search."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__(HEADERS)
        self.zone = zone
        self.rows: list[dict[str, Any]] = []
        self.entries: list[dict[str, Any]] = []
        self.query = ""

    def set_entries(self, entries: list[dict[str, Any]]) -> None:
        self.entries = entries
        self._filter()

    def set_query(self, text: str) -> None:
        self.query = text
        self._filter()

    def _filter(self) -> None:
        words = fold(self.query).split()
        self.set_rows([e for e in self.entries if all(w in e["_search"] for w in words)])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and \
                role == Qt.ItemDataRole.ToolTipRole and section == 3:
            return "When this PC first saw the entry (reservations does not say when)"
        return super().headerData(section, orientation, role)

    def text(self, row: int, column: int) -> str:
        entry = self.rows[row]
        if column == 0:
            return str(entry["name"] or "(no name)")
        if column == 1:
            contacts = [mask_email(e) for e in entry["emails"][:1]] + \
                [safe_mask_phone(p) for p in entry["phones"][:1]]
            return " · ".join(contacts) or "—"
        if column == 2:
            return " ".join(str(entry["reason"] or "—").split())
        if column == 3:
            since = entry.get("since")
            return date_text(datetime.fromisoformat(since), self.zone) if since else "—"
        return state_word(entry)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return plain_tip(str(self.rows[index.row()]["reason"]))
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
            state = self.rows[index.row()].get("state")
            if state == "failed":
                return QColor("#b71c1c")
            if state in ("pending", "removing"):
                return QColor("#8d4f00")
        return None


def _search_text(entry: dict[str, Any]) -> str:
    return fold(" ".join([str(entry["name"] or ""), str(entry["reason"] or ""),
                          *entry["emails"], *entry["phones"]]))


class BlacklistView(QWidget):
    """The Blacklist tab."""

    #: Manager actions changed the blacklist: the rest of the window (search flags) re-reads.
    blacklistChanged = Signal()

    def __init__(self, service: EditService, gate: ManagerGate, search: SearchSource,
                 zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blacklistView")
        self.setAccessibleName("blacklistView")
        self.service = service
        self.gate = gate
        self.zone = zone
        self.tasks = TaskSlots()
        self.state: SyncState | None = None
        self.chosen: SearchHit | None = None
        self._removing: dict[str, Any] | None = None
        self.loaded = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        top = QHBoxLayout()
        title = plain_label("Blacklist", "blacklistTitle")
        title.setStyleSheet("font-size:15px; font-weight:bold;")
        top.addWidget(title)
        self.as_of = plain_label("", "blacklistAsOf", wrap=True)
        top.addWidget(self.as_of, 1)
        self.count = plain_label("", "blacklistCount")
        top.addWidget(self.count)
        layout.addLayout(top)

        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("blacklistSearch")
        self.search.setAccessibleName("Search the blacklist")
        self.search.setPlaceholderText(
            f"Search name, email, phone or reason ({key_text('blacklist.show')})")
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.add_button = QPushButton("Add…")
        self.add_button.setObjectName("addBlacklist")
        self.remove_button = QPushButton("Remove…")
        self.remove_button.setObjectName("removeBlacklist")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setObjectName("exportBlacklist")
        for button in (self.add_button, self.remove_button, self.export_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        staff = QHBoxLayout()
        self.read_only = plain_label(
            "Read-only: only managers add, remove or export entries.", "blacklistReadOnly",
            wrap=True)
        self.read_only.setStyleSheet("color:#546e7a;")
        staff.addWidget(self.read_only, 1)
        self.unlock_button = QPushButton(f"Manager mode… ({key_text('manager.toggle')})")
        self.unlock_button.setObjectName("blacklistUnlock")
        staff.addWidget(self.unlock_button)
        layout.addLayout(staff)

        self.form = QFrame(self)
        self.form.setObjectName("blacklistAdd")
        self.form.setStyleSheet(FORM_STYLE)
        form = QVBoxLayout(self.form)
        form.setContentsMargins(8, 6, 8, 6)
        form.addWidget(plain_label("Add to the blacklist — find the customer, then give the "
                                   "reason (required):", "blacklistAddTitle", wrap=True))
        self.picker = CustomerPicker(search, name="blacklistCustomer", parent=self.form)
        form.addWidget(self.picker)
        self.chosen_label = plain_label("No customer picked yet.", "blacklistChosen",
                                        wrap=True)
        form.addWidget(self.chosen_label)
        reason_row = QHBoxLayout()
        self.reason = QLineEdit(self.form)
        self.reason.setObjectName("blacklistReason")
        self.reason.setAccessibleName("Reason for the blacklist entry")
        self.reason.setPlaceholderText("What happened (required)")
        reason_row.addWidget(self.reason, 1)
        self.confirm_add = QPushButton("Put on the blacklist")
        self.confirm_add.setObjectName("confirmBlacklist")
        self.cancel_add = QPushButton("Cancel")
        self.cancel_add.setObjectName("cancelBlacklist")
        reason_row.addWidget(self.confirm_add)
        reason_row.addWidget(self.cancel_add)
        form.addLayout(reason_row)
        self.form.hide()
        layout.addWidget(self.form)

        self.remove_confirm = InlineConfirm("blacklistRemoveConfirm", "Yes, take them off", "No",
                                            FORM_STYLE, self)
        self.remove_text = self.remove_confirm.text
        self.remove_yes, self.remove_no = self.remove_confirm.yes, self.remove_confirm.no
        layout.addWidget(self.remove_confirm)

        self.message = plain_label("", "blacklistMessage", wrap=True)
        self.message.setStyleSheet(ALERT_STYLE)
        self.message.hide()
        layout.addWidget(self.message)

        self.model = BlacklistModel(zone)
        self.view = QTableView(self)
        self.view.setObjectName("blacklistTable")
        self.view.setAccessibleName("blacklistTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().setVisible(False)
        head = self.view.horizontalHeader()
        head.setHighlightSections(False)
        head.resizeSection(0, 200)
        head.resizeSection(1, 230)
        head.resizeSection(3, 130)
        head.resizeSection(4, 130)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        head.setStretchLastSection(False)
        layout.addWidget(self.view, 1)

        self.search.textChanged.connect(self._on_search)
        self.add_button.clicked.connect(self.open_add)
        self.remove_button.clicked.connect(self.ask_remove)
        self.export_button.clicked.connect(self.choose_export)
        self.unlock_button.clicked.connect(gate.ask)
        self.picker.picked.connect(self._picked)
        self.reason.returnPressed.connect(self.add)
        self.confirm_add.clicked.connect(self.add)
        self.cancel_add.clicked.connect(self.close_add)
        self.remove_yes.clicked.connect(self._remove_confirmed)
        self.remove_no.clicked.connect(self._hide_remove)
        gate.modeChanged.connect(self._paint_mode)
        service.changed.connect(self.refresh)
        self._paint_mode()

    # -- reading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the blacklist and its freshness from the cache again (in the background)."""
        self.tasks.start("load", self.load())

    async def load(self) -> None:
        def read(conn: sqlite3.Connection) -> tuple[list[dict[str, Any]], SyncState | None]:
            return edits.blacklist_entries(conn), read_states(conn).get("reservations")

        try:
            entries, state = await self.service.run(read)
        except (sqlite3.Error, RuntimeError) as exc:
            self.as_of.setText(f"{WARN} The blacklist could not be read from the cache ({exc}).")
            return
        open_by_record: dict[str, Edit] = {}
        for edit in self.service.edits:
            if edit.kind.startswith("blacklist."):
                open_by_record[edit.record] = edit
        listed = set()
        for entry in entries:
            record = f"reservations:customer:{entry['reservations_id']}"
            listed.add(entry["reservations_id"])
            waiting = open_by_record.get(record)
            entry["state"] = "" if waiting is None else \
                "failed" if waiting.state == "failed" else "pending"
            entry["_search"] = _search_text(entry)
        for edit in open_by_record.values():
            rid = str(edit.payload.get("customer_id", ""))
            if edit.kind == "blacklist.remove" and rid not in listed:
                entry = {"reservations_id": rid, "customer_id": None,
                         "name": edit.payload.get("name", ""), "emails": [], "phones": [],
                         "reason": "", "since": None,
                         "state": "failed" if edit.state == "failed" else "removing"}
                entry["_search"] = _search_text(entry)
                entries.append(entry)
        self.state = state
        self.model.set_entries(entries)
        self.as_of.setText(as_of_text(state, self.service.clock(), self.zone))
        self._paint_count()
        self.loaded = True

    def _on_search(self, text: str) -> None:
        self.model.set_query(text)
        self._paint_count()

    def _paint_count(self) -> None:
        total = sum(1 for e in self.model.entries if e.get("state") != "removing")
        shown = sum(1 for e in self.model.rows if e.get("state") != "removing")
        noun = "entry" if total == 1 else "entries"
        self.count.setText(f"{total:,} {noun}" if shown == total and not self.model.query
                           else f"{shown:,} of {total:,} {noun} shown")

    def shown_names(self) -> list[str]:
        return [self.model.text(r, 0) for r in range(self.model.rowCount())]

    def say(self, text: str, *, alert: bool = True) -> None:
        """One line under the buttons: a refusal (red) or what was done."""
        self.message.setText(text)
        self.message.setStyleSheet(ALERT_STYLE if alert else "color:#263238;")
        self.message.setVisible(bool(text))

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- modes ----------------------------------------------------------------------------------
    def _paint_mode(self, _mode: str = "") -> None:
        manager = self.gate.mode == "manager"
        for button in (self.add_button, self.remove_button, self.export_button):
            button.setVisible(manager)
        self.read_only.setVisible(not manager)
        self.unlock_button.setVisible(not manager)
        if not manager:
            self.close_add()
            self._hide_remove()

    def _manager(self) -> bool:
        """Manager actions check the mode again when they run (it may have locked meanwhile)."""
        if self.gate.active():
            self.gate.touch()
            return True
        self.say("Only managers change or export the blacklist: unlock manager "
                 f"mode first ({key_text('manager.toggle')}).")
        return False

    # -- adding ---------------------------------------------------------------------------------
    def open_add(self) -> None:
        if not self._manager():
            return
        self.chosen = None
        self.chosen_label.setText("No customer picked yet.")
        self.reason.clear()
        self.picker.clear()
        self.form.show()
        self.picker.box.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_add(self) -> None:
        self.form.hide()
        self.chosen = None

    def _picked(self, hit: SearchHit) -> None:
        self.chosen = hit
        self.chosen_label.setText(f"Customer: {hit.name or '(no name)'}"
                                  + (f" — {WARN} already blacklisted" if hit.blacklisted
                                     else ""))
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)

    def add(self) -> None:
        if not self._manager():
            return
        if self.chosen is None:
            self.say("Pick the customer first: type their name, then Enter.")
            return
        self.tasks.start("add", self._add(self.chosen, self.reason.text()))

    async def _add(self, hit: SearchHit, reason: str) -> None:
        who = self.service.who()

        def job(conn: sqlite3.Connection) -> str:
            records = [r for r in edits.customer_records(conn, hit.customer_id)
                       if r["vendor"] == "reservations"]
            if not records:
                raise EditRefused(
                    f"{hit.name or 'This customer'} has no reservations record: the blacklist "
                    "is kept on the reservations server, so only customers it knows can be "
                    "added.")
            record = next((r for r in records if not r["is_dummy"]), records[0])
            if record["blacklisted"]:
                raise EditRefused(f"{record['name'] or hit.name} is already on the blacklist.")
            edits.blacklist(conn, record["vendor_id"], reason, **who)
            return str(record["name"] or hit.name)

        try:
            name = await self.service.edit(job)
        except EditRefused as exc:
            self.say(exc.message)
            return
        except (sqlite3.Error, RuntimeError) as exc:
            self.say(f"Nothing was saved: the cache could not be written ({exc}).")
            return
        self.close_add()
        self.say(f"{name} is on the blacklist on this PC; pending until "
                 "reservations confirms it.", alert=False)
        self.blacklistChanged.emit()
        await self.load()

    # -- removing -------------------------------------------------------------------------------
    def selected(self) -> dict[str, Any] | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def ask_remove(self) -> None:
        if not self._manager():
            return
        entry = self.selected()
        if entry is None or entry.get("state") == "removing":
            self.say("Select an entry in the list first.")
            return
        self._removing = entry
        self.remove_confirm.ask(f"Take {entry['name'] or 'this customer'} off the blacklist? "
                                f"Reason was: {entry['reason'] or '—'}")

    def _hide_remove(self) -> None:
        self._removing = None
        self.remove_confirm.hide()

    def _remove_confirmed(self) -> None:
        entry = self._removing
        self._hide_remove()
        if entry is not None and self._manager():
            self.tasks.start("remove", self._remove(entry))

    async def _remove(self, entry: dict[str, Any]) -> None:
        who = self.service.who()
        rid = str(entry["reservations_id"])
        try:
            await self.service.edit(lambda conn: edits.unblacklist(conn, rid, **who))
        except EditRefused as exc:
            self.say(exc.message)
            return
        self.say(f"{entry['name'] or 'The customer'} was taken off the blacklist "
                 "on this PC; pending until reservations confirms it.", alert=False)
        self.blacklistChanged.emit()
        await self.load()

    # -- export ---------------------------------------------------------------------------------
    def choose_export(self) -> None:
        if not self._manager():
            return
        dialog = QFileDialog(self, "Export the blacklist",
                             str(Path.home() / "blacklist.csv"), "CSV files (*.csv)")
        dialog.setObjectName("blacklistExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # never a nested event loop

    def export_to(self, path: Path) -> None:
        if not self._manager():
            return
        self.tasks.start("export", self._export(path, list(self.model.rows)))

    async def _export(self, path: Path, rows: list[dict[str, Any]]) -> None:
        who = self.service.who()
        query = self.model.query
        lines = [(r["name"], "; ".join(r["emails"]),
                  "; ".join(safe_phone_display(p) for p in r["phones"]), r["reason"],
                  r.get("since") or "", r["reservations_id"], state_word(r)) for r in rows]

        def job(conn: sqlite3.Connection) -> int:
            # The audit line commits only if the file was written in full.
            with write_transaction(conn):
                audit(conn, action="blacklist.export", subject=path.name,
                      detail={"file": str(path), "rows": len(lines), "filter": query},
                      **who)
                return write_csv(path, CSV_HEADER, lines)

        try:
            count = await self.service.run(job)
        except OSError as exc:
            self.say(f"Nothing was exported: {exc.strerror or exc} ({path}).")
            return
        self.say(f"Exported {count:,} entr{'y' if count == 1 else 'ies'} to "
                 f"{path}.", alert=False)
        self.gate.touch()

    async def idle(self) -> None:
        for name in ("load", "add", "remove", "export"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()
        self.picker.close_tasks()
