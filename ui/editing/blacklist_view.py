"""The Blacklist tab: who is on it, why and since when — from the cache, so it works offline.

Why it looks like this:

* It reads :func:`app.cache.blacklist.entries` on the cache thread: the blacklist as the
  last sync with reservations (plus this PC's own changes) left it. The line above the list
  says how old that is — "as of 10:42", or "⚠ reservations offline since 10:50 — as of
  10:42" — so nobody mistakes it for live.
* "Since" is when this PC first saw the entry (reservations does not say when someone was
  blacklisted); the column's tooltip says so.
* The search box filters as you type over name, contacts and reason (accents and case
  ignored).
* Staff only read it. Managers (PIN) add an entry, remove one after an inline question, and
  export the list to CSV. Every rule is the command line's, from the core:
  :mod:`app.cache.blacklist` decides which reservations record a change means (a customer with
  several records gets a list to pick from — never a silent pick), that a reason is required,
  and that adding someone already listed replaces the reason; :mod:`app.cache.exports` writes
  the same file and audit line as ``clientdesk blacklist --csv`` (the whole list, whatever the
  search shows; formula cells defused; written whole or not at all).
* A change shows at once with "pending" until reservations confirms it; a removal still on
  its way stays listed as "removal pending".
* Contacts are masked on screen (this tab can face the counter) and are not in the CSV.
* Rows are the core's frozen :class:`~app.cache.blacklist.BlacklistEntry`, wrapped with what
  this tab adds (state, search text) in a new :class:`Row` on every load — never changed in
  place.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, TypedDict

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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

from app.cache import blacklist, edits, exports
from app.cache.blacklist import AddPlan, BlacklistEntry, SeveralRecords
from app.cache.edits import CustomerRecord
from app.cache.exports import ExportRefused
from app.cache.outbox import Edit, EditRefused
from app.cache.own_thread import CacheClosed
from app.cache.search import SearchHit
from app.cache.state import SyncState, read_states
from app.domain.contacts import mask_email, safe_mask_phone
from app.domain.text import fold
from app.marks import QT_TRANSLATE_NOOP
from app.profile import VENDOR_NAMES
from ui.common.customer_picker import CustomerPicker
from ui.common.rows_model import RowsModel
from ui.common.tasks import TaskSlots
from ui.common.widgets import InlineConfirm, plain_label, plain_tip
from ui.editing.manager_lock import ManagerGate
from ui.editing.service import EditService, moment_text, order_tabs
from ui.i18n import formats
from ui.profile.text import WARN
from ui.search.model import SearchSource
from ui.theme import colour, set_size, set_surface, set_tone
from ui.window.help_overlay import key_text

log = logging.getLogger("clientdesk.ui.blacklist")
Index = QModelIndex | QPersistentModelIndex
#: Column titles, translated where the header shows them.
HEADERS = (QT_TRANSLATE_NOOP("BlacklistModel", "Who"),
           QT_TRANSLATE_NOOP("BlacklistModel", "Contact"),
           QT_TRANSLATE_NOOP("BlacklistModel", "Reason"),
           QT_TRANSLATE_NOOP("BlacklistModel", "On the list since"),
           QT_TRANSLATE_NOOP("BlacklistModel", "Reservations"))
#: The state column's words; the colour of a state only repeats them.
STATE_WORDS = {"failed": QT_TRANSLATE_NOOP("BlacklistView", "not sent"),
               "pending": QT_TRANSLATE_NOOP("BlacklistView", "pending"),
               "removing": QT_TRANSLATE_NOOP("BlacklistView", "removal pending"),
               "": QT_TRANSLATE_NOOP("BlacklistView", "confirmed")}
#: The state column's tone (ui.theme): what a failed or pending entry is drawn in.
STATE_TONES = {"failed": "alert", "pending": "pending", "removing": "pending"}



def no_name() -> str:
    """What stands for a customer without a name."""
    return QCoreApplication.translate("BlacklistView", "(no name)")


def as_of_text(state: SyncState | None, now: datetime, zone: tzinfo | None = None) -> str:
    """"Blacklist as of 10:42 (last sync with reservations)", with a warning when offline."""
    name = VENDOR_NAMES["reservations"]
    if state is None or state.last_success is None:
        text = QCoreApplication.translate(
            "BlacklistView", "Not synced with {vendor} yet — this PC knows only what was "
            "changed here.")
        return f"{WARN} " + text.format(vendor=name)
    as_of = moment_text(state.last_success, now, zone)
    if state.offline_since is not None:
        text = QCoreApplication.translate(
            "BlacklistView", "{vendor} offline since {since} — showing the blacklist as of "
            "{as_of}.")
        return f"{WARN} " + text.format(
            vendor=name, since=moment_text(state.offline_since, now, zone), as_of=as_of)
    text = QCoreApplication.translate("BlacklistView",
                                      "Blacklist as of {as_of} (last sync with {vendor}).")
    return text.format(as_of=as_of, vendor=name)


class Row(TypedDict):
    """One line of the tab: the core's entry and what the tab derives for it.

    A TypedDict rather than a dataclass because the smoke run (``show_demo_blacklist``)
    reads a row's ``state`` as a mapping; rows are built anew on every load and never
    changed."""

    entry: BlacklistEntry
    #: "" confirmed, "pending", "failed" (not sent), "removing" (a removal on its way).
    state: str
    #: Folded name, reason and contacts, for the search box.
    search: str


def make_row(entry: BlacklistEntry, state: str) -> Row:
    words = fold(" ".join([entry.name, entry.reason, *entry.emails, *entry.phones]))
    return Row(entry=entry, state=state, search=words)


def state_word(row: Row) -> str:
    """Where an entry stands, in words ("⚠ not sent" carries a sign as well)."""
    state = row["state"] if row["state"] in STATE_WORDS else ""
    word = QCoreApplication.translate("BlacklistView", STATE_WORDS[state])
    return f"{WARN} {word}" if state == "failed" else word


def record_text(record: CustomerRecord) -> str:
    """One of a customer's reservations records, for the manager to pick (plain text)."""
    parts = [QCoreApplication.translate(
        "BlacklistView", "{name} — {ref}", "a reservations record: name — reference").format(
        name=record.name or no_name(), ref=record.ref)]
    if record.is_dummy:
        parts.append(QCoreApplication.translate("BlacklistView", "walk-in placeholder"))
    if record.blacklisted:
        parts.append(QCoreApplication.translate(
            "BlacklistView", "on the blacklist: {reason}").format(
            reason=" ".join(record.blacklist_reason.split()) or "—"))
    return " · ".join(parts)


class BlacklistModel(RowsModel[Row]):
    """The tab's rows, filtered by the search."""

    def __init__(self, zone: tzinfo) -> None:
        super().__init__(HEADERS)
        self.zone = zone
        self.entries: list[Row] = []
        self.query = ""

    def set_entries(self, entries: list[Row]) -> None:
        self.entries = entries
        self._filter()

    def set_query(self, text: str) -> None:
        self.query = text
        self._filter()

    def _filter(self) -> None:
        words = fold(self.query).split()
        self.set_rows([r for r in self.entries if all(w in r["search"] for w in words)])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return QCoreApplication.translate("BlacklistModel", self.headers[section])
            if role == Qt.ItemDataRole.ToolTipRole and section == 3:
                return self.tr("When this PC first saw the entry (reservations does not say "
                               "when)")
        return super().headerData(section, orientation, role)

    def text(self, row: int, column: int) -> str:
        entry = self.rows[row]["entry"]
        if column == 0:
            return entry.name or no_name()
        if column == 1:
            contacts = [mask_email(e) for e in entry.emails[:1]] + \
                [safe_mask_phone(p) for p in entry.phones[:1]]
            return " · ".join(contacts) or "—"
        if column == 2:
            return " ".join((entry.reason or "—").split())
        if column == 3:
            return formats().date(entry.since, self.zone)
        return state_word(self.rows[row])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            return plain_tip(self.rows[index.row()]["entry"].reason)
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4:
            tone = STATE_TONES.get(self.rows[index.row()]["state"])
            return colour(tone) if tone is not None else None  # the palette in use now
        return None


class BlacklistView(QWidget):
    """The Blacklist tab.

    Tab order, as a person works through it: the search box, the list it filters, the
    manager's buttons (or "Manager mode…" for staff), then the add form's fields when it is
    open (find the customer, pick the record, the reason, put on the list, cancel) and the
    Yes/No of the removal question."""

    #: Manager actions changed the blacklist: the rest of the window (search flags) re-reads.
    blacklistChanged = Signal()

    def __init__(self, service: EditService, gate: ManagerGate, search: SearchSource,
                 zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blacklistView")
        self.setAccessibleName(self.tr("Blacklist"))
        self.service = service
        self.gate = gate
        self.zone = zone
        self.tasks = TaskSlots()
        self.state: SyncState | None = None
        self.chosen: SearchHit | None = None
        #: The chosen customer's reservations records, when there are several to pick from.
        self.records: tuple[CustomerRecord, ...] = ()
        self._removing: Row | None = None
        self.loaded = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        layout.addLayout(self._build_top())
        layout.addLayout(self._build_bar())
        layout.addLayout(self._build_staff())
        self.form = self._build_form(search)
        layout.addWidget(self.form)

        self.remove_confirm = InlineConfirm(
            "blacklistRemoveConfirm", self.tr("Yes, take them off"), self.tr("No"),
            parent=self, question=self.tr("Take off the blacklist?"),
            yes_says=self.tr("Yes, take them off the blacklist"),
            no_says=self.tr("No, keep them on the blacklist"))
        self.remove_text = self.remove_confirm.text
        self.remove_yes, self.remove_no = self.remove_confirm.yes, self.remove_confirm.no
        layout.addWidget(self.remove_confirm)

        self.message = plain_label("", "blacklistMessage", wrap=True)
        set_tone(self.message, "alert")
        self.message.hide()
        layout.addWidget(self.message)

        self.model = BlacklistModel(zone)
        self.view = self._build_table()
        layout.addWidget(self.view, 1)
        order_tabs(self.tab_chain())

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

    # -- building -------------------------------------------------------------------------------
    def _build_top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        title = plain_label(self.tr("Blacklist"), "blacklistTitle")
        set_size(title, "subtitle")
        top.addWidget(title)
        self.as_of = plain_label("", "blacklistAsOf", wrap=True)
        top.addWidget(self.as_of, 1)
        self.count = plain_label("", "blacklistCount")
        top.addWidget(self.count)
        return top

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("blacklistSearch")
        self.search.setAccessibleName(self.tr("Search the blacklist"))
        self.search.setAccessibleDescription(self.tr(
            "Filters the list as you type: name, email, phone or reason"))
        self.search.setPlaceholderText(
            self.tr("Search name, email, phone or reason ({key})").format(
                key=key_text("blacklist.show")))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setObjectName("addBlacklist")
        self.add_button.setAccessibleName(self.tr("Add someone to the blacklist"))
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setObjectName("removeBlacklist")
        self.remove_button.setAccessibleName(self.tr("Take the selected entry off the "
                                                     "blacklist"))
        self.remove_button.setAccessibleDescription(self.tr("Asks first"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setObjectName("exportBlacklist")
        self.export_button.setAccessibleName(self.tr("Export the blacklist"))
        self.export_button.setAccessibleDescription(self.tr(
            "Saves the whole blacklist to a CSV file you choose, without contacts"))
        for button in (self.add_button, self.remove_button, self.export_button):
            bar.addWidget(button)
        return bar

    def _build_staff(self) -> QHBoxLayout:
        staff = QHBoxLayout()
        self.read_only = plain_label(
            self.tr("Read-only: only managers add, remove or export entries."),
            "blacklistReadOnly", wrap=True)
        set_tone(self.read_only, "muted")
        staff.addWidget(self.read_only, 1)
        key = key_text("manager.toggle")
        self.unlock_button = QPushButton(self.tr("Manager mode… ({key})").format(key=key))
        self.unlock_button.setObjectName("blacklistUnlock")
        self.unlock_button.setAccessibleName(self.tr("Unlock manager mode"))
        self.unlock_button.setAccessibleDescription(self.tr(
            "Asks for the manager PIN; shortcut {key}").format(key=key))
        staff.addWidget(self.unlock_button)
        return staff

    def _build_form(self, search: SearchSource) -> QFrame:
        box = QFrame(self)
        box.setObjectName("blacklistAdd")
        box.setAccessibleName(self.tr("Add to the blacklist"))
        set_surface(box, "caution")
        form = QVBoxLayout(box)
        form.setContentsMargins(8, 6, 8, 6)
        form.addWidget(plain_label(self.tr("Add to the blacklist — find the customer, then give "
                                           "the reason (required):"), "blacklistAddTitle",
                                   wrap=True))
        self.picker = CustomerPicker(search, name="blacklistCustomer", parent=box)
        self.picker.box.setAccessibleName(self.tr("Find the customer to put on the blacklist"))
        self.picker.box.setAccessibleDescription(self.tr(
            "Type a name, email or phone, then pick with Enter"))
        self.picker.results.setAccessibleName(self.tr("Customers found"))
        form.addWidget(self.picker)
        self.chosen_label = plain_label(self.tr("No customer picked yet."), "blacklistChosen",
                                        wrap=True)
        form.addWidget(self.chosen_label)
        # Shown when the customer has several reservations records: the manager picks one
        # (items are plain text; nothing is chosen until they do).
        self.record_box = QComboBox(box)
        self.record_box.setObjectName("blacklistRecord")
        self.record_box.setAccessibleName(self.tr("Which reservations record to put on the "
                                                  "blacklist"))
        self.record_box.setPlaceholderText(self.tr("Choose which reservations record…"))
        self.record_box.hide()
        form.addWidget(self.record_box)
        reason_row = QHBoxLayout()
        self.reason = QLineEdit(box)
        self.reason.setObjectName("blacklistReason")
        self.reason.setAccessibleName(self.tr("Reason for the blacklist entry"))
        self.reason.setAccessibleDescription(self.tr("Required: say what happened"))
        self.reason.setPlaceholderText(self.tr("What happened (required)"))
        reason_row.addWidget(self.reason, 1)
        self.confirm_add = QPushButton(self.tr("Put on the blacklist"))
        self.confirm_add.setObjectName("confirmBlacklist")
        self.confirm_add.setAccessibleName(self.tr("Put on the blacklist"))
        self.cancel_add = QPushButton(self.tr("Cancel"))
        self.cancel_add.setObjectName("cancelBlacklist")
        self.cancel_add.setAccessibleName(self.tr("Cancel adding to the blacklist"))
        reason_row.addWidget(self.confirm_add)
        reason_row.addWidget(self.cancel_add)
        form.addLayout(reason_row)
        box.hide()
        return box

    def _build_table(self) -> QTableView:
        view = QTableView(self)
        view.setObjectName("blacklistTable")
        view.setAccessibleName(self.tr("Blacklist entries"))
        view.setAccessibleDescription(self.tr(
            "Who, a masked contact, the reason, since when this PC has seen the entry, and "
            "whether reservations has confirmed it"))
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setAlternatingRowColors(True)
        view.setTabKeyNavigation(False)
        view.verticalHeader().setVisible(False)
        head = view.horizontalHeader()
        head.setHighlightSections(False)
        head.resizeSection(0, 200)
        head.resizeSection(1, 230)
        head.resizeSection(3, 130)
        head.resizeSection(4, 130)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        head.setStretchLastSection(False)
        return view

    def tab_chain(self) -> list[QWidget]:
        """The controls in the order Tab visits them (hidden ones are skipped by Qt)."""
        return [self.search, self.view, self.add_button, self.remove_button, self.export_button,
                self.unlock_button, self.picker.box, self.picker.results, self.record_box,
                self.reason, self.confirm_add, self.cancel_add, self.remove_yes, self.remove_no]


    # -- reading --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the blacklist and its freshness from the cache again (in the background)."""
        self.tasks.start("load", self.load())

    async def load(self) -> None:
        open_by_record: dict[str, Edit] = {}
        for edit in self.service.edits:
            if edit.kind.startswith("blacklist."):
                open_by_record[edit.record] = edit
        removals = [str(e.payload.get("customer_id", "")) for e in open_by_record.values()
                    if e.kind == "blacklist.remove"]

        def read(conn: sqlite3.Connection) -> tuple[list[BlacklistEntry], list[CustomerRecord],
                                                    SyncState | None]:
            listed = blacklist.entries(conn)
            have = {e.reservations_id for e in listed}
            leaving = []
            for rid in removals:
                found = edits.vendor_record(conn, "reservations", rid)
                if rid not in have and found is not None:
                    leaving.append(found)
            return listed, leaving, read_states(conn).get("reservations")

        try:
            listed, leaving, state = await self.service.run(read)
        except (CacheClosed, sqlite3.OperationalError) as exc:
            # Shutting down, or the cache busy or locked; a bug reaches the error funnel.
            self.as_of.setText(f"{WARN} " + self.tr(
                "The blacklist could not be read from the cache ({error}).").format(error=exc))
            set_tone(self.as_of, "alert")
            return
        rows = []
        for entry in listed:
            waiting = open_by_record.get(entry.record)
            rows.append(make_row(entry, "" if waiting is None else
                                 "failed" if waiting.state == "failed" else "pending"))
        for record in leaving:
            # Off the list in the cache already; shown until reservations confirms it.
            gone = BlacklistEntry(reservations_id=record.vendor_id,
                                  customer_id=record.customer_id, name=record.name, emails=(),
                                  phones=(), reason="", since=None, pending=True)
            waiting = open_by_record.get(gone.record)
            rows.append(make_row(gone, "failed" if waiting is not None and
                                 waiting.state == "failed" else "removing"))
        self.state = state
        self.model.set_entries(rows)
        self._paint_as_of()
        self._paint_count()
        self.loaded = True

    def _paint_as_of(self) -> None:
        """How fresh the list is; a warning (in words, with a sign) when it may be stale."""
        state = self.state
        self.as_of.setText(as_of_text(state, self.service.clock(), self.zone))
        stale = state is None or state.last_success is None or state.offline_since is not None
        set_tone(self.as_of, "warn" if stale else None)

    def _on_search(self, text: str) -> None:
        self.model.set_query(text)
        self._paint_count()

    def _paint_count(self) -> None:
        total = sum(1 for r in self.model.entries if r["state"] != "removing")
        shown = sum(1 for r in self.model.rows if r["state"] != "removing")
        number = formats().number
        if shown == total and not self.model.query:
            text = self.tr("{count} entry(ies)", "", total).format(count=number(total))
        else:
            text = self.tr("{shown} of {count} entry(ies) shown", "", total).format(
                shown=number(shown), count=number(total))
        self.count.setText(text)

    def shown_names(self) -> list[str]:
        return [self.model.text(r, 0) for r in range(self.model.rowCount())]

    def say(self, text: str, *, alert: bool = True) -> None:
        """One line under the buttons: a refusal (the alert tone) or what was done."""
        self.message.setText(text)
        set_tone(self.message, "alert" if alert else "done")
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
        self.say(self.tr("Only managers change or export the blacklist: unlock manager mode "
                         "first ({key}).").format(key=key_text("manager.toggle")))
        return False

    # -- adding ---------------------------------------------------------------------------------
    def open_add(self) -> None:
        if not self._manager():
            return
        self.chosen = None
        self.chosen_label.setText(self.tr("No customer picked yet."))
        self._show_records(())
        self.reason.clear()
        self.picker.clear()
        self.form.show()
        self.picker.box.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_add(self) -> None:
        self.form.hide()
        self.chosen = None
        self._show_records(())
        self.tasks.cancel("records")

    def _picked(self, hit: SearchHit) -> None:
        self.chosen = hit
        self._show_records(())
        name = hit.name or no_name()
        if hit.blacklisted:
            text = self.tr("Customer: {name} — ⚠ already blacklisted").format(name=name)
        else:
            text = self.tr("Customer: {name}").format(name=name)
        self.chosen_label.setText(text)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        self.tasks.start("records", self._load_records(hit))

    async def _load_records(self, hit: SearchHit) -> None:
        """Which reservations records the customer has: several are offered to pick from, and
        one already listed says that the new reason replaces its reason."""
        try:
            records = await self.service.run(
                lambda conn: blacklist.reservations_records(conn, hit.customer_id))
        except (CacheClosed, sqlite3.OperationalError):
            return  # adding says what is wrong, through the same rule
        if self.chosen is not hit:
            return
        name = hit.name or no_name()
        if len(records) > 1:
            self._show_records(records)
            # Always two or more here: the English source says so; translators give each form.
            self.chosen_label.setText(self.tr(
                "Customer: {name} — {count} reservations records: choose the one to put on the "
                "blacklist.", "", len(records)).format(name=name,
                                                       count=formats().number(len(records))))
        elif records and records[0].blacklisted:
            was = " ".join(records[0].blacklist_reason.split()) or "—"
            self.chosen_label.setText(self.tr(
                "Customer: {name} — ⚠ already on the blacklist (reason: {reason}); the new "
                "reason replaces it.").format(name=name, reason=was))
        elif not records:
            self.chosen_label.setText(self.tr(
                "Customer: {name} — ⚠ no reservations record, so the blacklist cannot hold "
                "them.").format(name=name))

    def _show_records(self, records: Sequence[CustomerRecord]) -> None:
        """Offer ``records`` to pick from (several), or hide the choice (none or one)."""
        keep = self.chosen_record()
        self.records = tuple(records) if len(records) > 1 else ()
        self.record_box.clear()
        for k, record in enumerate(self.records):
            self.record_box.addItem(record_text(record))
            self.record_box.setItemData(k, plain_tip(record_text(record)),
                                        Qt.ItemDataRole.ToolTipRole)
        ids = [r.vendor_id for r in self.records]
        self.record_box.setCurrentIndex(ids.index(keep) if keep in ids else -1)
        self.record_box.setVisible(bool(self.records))

    def chosen_record(self) -> str | None:
        """The reservations id picked in the list of records (None: none picked, or no list)."""
        row = self.record_box.currentIndex()
        return self.records[row].vendor_id if 0 <= row < len(self.records) else None

    def add(self) -> None:
        if not self._manager():
            return
        if self.chosen is None:
            self.say(self.tr("Pick the customer first: type their name, then Enter."))
            return
        self.tasks.start("add", self._add(self.chosen, self.reason.text(),
                                          self.chosen_record()))

    async def _add(self, hit: SearchHit, reason: str, reservations_id: str | None) -> None:
        who = self.service.who()

        def job(conn: sqlite3.Connection) -> tuple[AddPlan, int | None]:
            plan = blacklist.plan_add(conn, hit.customer_id, reason,
                                      reservations_id=reservations_id)
            return plan, blacklist.add(conn, plan, **who)

        try:
            plan, _edit_id = await self.service.edit(job)
        except SeveralRecords as exc:
            self._show_records(exc.records)
            self.say(self.tr("{refusal} Choose it in the list under the customer.").format(
                refusal=exc.message))
            return
        except EditRefused as exc:
            self.say(exc.message)
            return
        except (CacheClosed, sqlite3.OperationalError) as exc:
            # Shutting down, or the cache busy or locked; a bug reaches the error funnel.
            self.say(self.tr("Nothing was saved: the cache could not be written ({error}).")
                     .format(error=exc))
            return
        self.close_add()
        self._say_added(plan, hit)
        if plan.change == "none":
            return
        self.blacklistChanged.emit()
        await self.load()

    def _say_added(self, plan: AddPlan, hit: SearchHit) -> None:
        name = plan.record.name or hit.name
        if plan.change == "none":
            text = self.tr("{name} is already on the blacklist for that reason; nothing was "
                           "changed.") if name else self.tr(
                "The customer is already on the blacklist for that reason; nothing was "
                "changed.")
        elif plan.change == "reason":
            text = self.tr("{name} was already on the blacklist: the reason is replaced on "
                           "this PC, pending until reservations confirms it.") if name else \
                self.tr("The customer was already on the blacklist: the reason is replaced on "
                        "this PC, pending until reservations confirms it.")
        else:
            text = self.tr("{name} is on the blacklist on this PC; pending until reservations "
                           "confirms it.") if name else self.tr(
                "The customer is on the blacklist on this PC; pending until reservations "
                "confirms it.")
        self.say(text.format(name=name), alert=False)

    # -- removing -------------------------------------------------------------------------------
    def selected(self) -> Row | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def ask_remove(self) -> None:
        if not self._manager():
            return
        row = self.selected()
        if row is None or row["state"] == "removing":
            self.say(self.tr("Select an entry in the list first."))
            return
        self._removing = row
        entry = row["entry"]
        reason = entry.reason or "—"
        if entry.name:
            question = self.tr("Take {name} off the blacklist? Reason was: {reason}").format(
                name=entry.name, reason=reason)
        else:
            question = self.tr("Take this customer off the blacklist? Reason was: {reason}"
                               ).format(reason=reason)
        self.remove_confirm.ask(question)

    def _hide_remove(self) -> None:
        self._removing = None
        self.remove_confirm.hide()

    def _remove_confirmed(self) -> None:
        row = self._removing
        self._hide_remove()
        if row is not None and self._manager():
            self.tasks.start("remove", self._remove(row["entry"]))

    async def _remove(self, entry: BlacklistEntry) -> None:
        who = self.service.who()

        def job(conn: sqlite3.Connection) -> int:
            record = blacklist.plan_remove(conn, entry.customer_id,
                                           reservations_id=entry.reservations_id)
            return blacklist.remove(conn, record, **who)

        try:
            await self.service.edit(job)
        except EditRefused as exc:
            self.say(exc.message)
            return
        except (CacheClosed, sqlite3.OperationalError) as exc:
            self.say(self.tr("Nothing was saved: the cache could not be written ({error}).")
                     .format(error=exc))
            return
        if entry.name:
            text = self.tr("{name} was taken off the blacklist on this PC; pending until "
                           "reservations confirms it.").format(name=entry.name)
        else:
            text = self.tr("The customer was taken off the blacklist on this PC; pending until "
                           "reservations confirms it.")
        self.say(text, alert=False)
        self.blacklistChanged.emit()
        await self.load()

    # -- export ---------------------------------------------------------------------------------
    def choose_export(self) -> None:
        if not self._manager():
            return
        dialog = QFileDialog(self, self.tr("Export the blacklist"),
                             str(Path.home() / "blacklist.csv"), self.tr("CSV files (*.csv)"))
        dialog.setObjectName("blacklistExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()  # never a nested event loop

    def export_to(self, path: Path) -> None:
        if not self._manager():
            return
        self.tasks.start("export", self._export(path))

    async def _export(self, path: Path) -> None:
        """The whole blacklist, as ``clientdesk blacklist --csv`` writes it (the file dialog
        already asked before replacing a file)."""
        who = self.service.who()
        try:
            done = await self.service.run(lambda conn: exports.export_blacklist(
                conn, path, self.zone, replace=True, **who))
        except ExportRefused as exc:
            self.say(exc.message)
            return
        count = formats().number(done.rows)
        if self.model.query.strip():
            text = self.tr("Exported {count} entry(ies) to {path} (the whole list: the search "
                           "does not filter exports).", "", done.rows)
        else:
            text = self.tr("Exported {count} entry(ies) to {path}.", "", done.rows)
        self.say(text.format(count=count, path=done.path), alert=False)
        self.gate.touch()

    async def idle(self) -> None:
        for name in ("load", "records", "add", "remove", "export"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()
        self.picker.close_tasks()
