"""Merging duplicates, from a profile (managers only): link two customers on this PC, and
optionally move bookings on the reservations server from one record to the other.

Why two separate things, said separately:

* **Linking** is local and reversible: a manual link between one record of each customer
  (:func:`app.cache.edits.link_customers` → ``CacheWriter.set_manual``, on the sync engine's
  cache writer) makes them one customer in search and profiles, survives every sync, and is
  undone with "Unlink" in this same dialog. No vendor hears of it.
* **Moving bookings** changes the reservations server and cannot be undone here. The server
  only moves bookings away from a walk-in placeholder record, so the dialog offers it only
  from such a record to a real one, previews how many bookings move (the cached count at once,
  then reservations' own count when it answers), and asks for a confirmation that says
  exactly what will happen. It is queued in the outbox like every edit (sent when reservations
  answers). A transfer to the same customer is refused in the core's own words.

The live count comes from a :data:`BookingCount` the window is given — in the app the one
:class:`~app.customer.booking_count.BookingCounter` the composition root builds (one
reservations client for the window, its key read off the GUI thread, closed at shutdown) —
never from a client made here: a dialog has no shutdown of its own to close one in, and reading
the keyring from a coroutine would block the window.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cache import edits
from app.cache.edits import CustomerRecord
from app.cache.outbox import EditRefused
from app.cache.own_thread import CacheClosed
from app.cache.search import SearchHit
from app.customer.model import Header
from app.errors import ClientdeskError, VendorError
from app.profile import VENDOR_NAMES
from ui.common.customer_picker import CustomerPicker
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label
from ui.editing.manager_lock import ManagerGate
from ui.editing.service import EditService
from ui.search.model import SearchSource

log = logging.getLogger("clientdesk.ui.merge")
#: Asks reservations how many bookings a record has now
#: (:meth:`app.customer.booking_count.BookingCounter.count`). Without one the preview shows the
#: count as last synced.
BookingCount = Callable[[str], Awaitable[int]]
CONFIRM_STYLE = ("QFrame#mergeConfirm { background:#fff3e0; border:1px solid #ffb74d; "
                 "border-radius:4px; }")
ALERT_STYLE = "color:#8a1c1c; font-weight:bold;"


def records_text(records: Sequence[CustomerRecord]) -> str:
    parts = []
    for record in records:
        vendor = VENDOR_NAMES.get(record.vendor, record.vendor)
        extra = " (walk-in placeholder)" if record.is_dummy else ""
        parts.append(f"{vendor}: {record.name or '(no name)'}{extra}")
    return "; ".join(parts) or "no records"


class MergeDialog(QDialog):
    """Link this customer with another; optionally move reservations bookings."""

    #: The customer as the cache now knows them (its id may change when two become one).
    merged = Signal(int)

    def __init__(self, service: EditService, gate: ManagerGate, search: SearchSource,
                 customer: Header, *, booking_count: BookingCount | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Link duplicates")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(620)
        self.service = service
        self.gate = gate
        self.customer = customer
        self.booking_count = booking_count
        self.tasks = TaskSlots()
        self.mine: list[CustomerRecord] = []
        self.other: SearchHit | None = None
        self.theirs: list[CustomerRecord] = []
        self.transfer: tuple[str, str] | None = None  # (from, to) reservations ids
        self.preview: dict[str, Any] | None = None

        layout = QVBoxLayout(self)
        title = plain_label(f"Link duplicates of {customer.name or '(no name)'}", "mergeTitle",
                            wrap=True)
        title.setStyleSheet("font-size:15px; font-weight:bold;")
        layout.addWidget(title)
        self.this_label = plain_label("", "mergeThis", wrap=True)
        layout.addWidget(self.this_label)
        layout.addWidget(plain_label("Find the other customer record (the duplicate):",
                                     "mergeFind"))
        self.picker = CustomerPicker(search, name="mergeCustomer", parent=self)
        layout.addWidget(self.picker)
        self.other_label = plain_label("No other customer picked yet.", "mergeOther",
                                       wrap=True)
        layout.addWidget(self.other_label)
        self.link_box = QCheckBox("Link these two customers on this PC (local and reversible: "
                                  "Unlink below undoes it)")
        self.link_box.setObjectName("mergeLink")
        self.link_box.setChecked(True)
        layout.addWidget(self.link_box)
        self.transfer_box = QCheckBox("Also move bookings on the reservations server")
        self.transfer_box.setObjectName("mergeTransfer")
        layout.addWidget(self.transfer_box)
        self.preview_label = plain_label("", "transferPreview", wrap=True)
        self.preview_label.setStyleSheet("color:#37474f; margin-left:22px;")
        layout.addWidget(self.preview_label)
        self.message = plain_label("", "mergeMessage", wrap=True)
        self.message.setStyleSheet(ALERT_STYLE)
        layout.addWidget(self.message)

        self.confirm = QFrame(self)
        self.confirm.setObjectName("mergeConfirm")
        self.confirm.setStyleSheet(CONFIRM_STYLE)
        confirm = QVBoxLayout(self.confirm)
        self.summary = plain_label("", "mergeSummary", wrap=True)
        confirm.addWidget(self.summary)
        row = QHBoxLayout()
        row.addStretch(1)
        self.yes = QPushButton("Yes, do it")
        self.yes.setObjectName("mergeYes")
        self.back = QPushButton("Back")
        self.back.setObjectName("mergeBack")
        row.addWidget(self.yes)
        row.addWidget(self.back)
        confirm.addLayout(row)
        self.confirm.hide()
        layout.addWidget(self.confirm)

        buttons = QHBoxLayout()
        self.go = QPushButton("Review…")
        self.go.setObjectName("mergeGo")
        self.go.setEnabled(False)
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("mergeClose")
        buttons.addStretch(1)
        buttons.addWidget(self.go)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.links_title = plain_label("Manual links of this customer:", "mergeLinksTitle")
        self.links_title.setStyleSheet("font-weight:bold; margin-top:6px;")
        layout.addWidget(self.links_title)
        self.links = QVBoxLayout()
        layout.addLayout(self.links)
        self.unlink_buttons: list[QPushButton] = []

        self.picker.picked.connect(self.pick)
        self.link_box.toggled.connect(lambda _on: self._paint_go())
        self.transfer_box.toggled.connect(lambda _on: self._paint_go())
        self.go.clicked.connect(self.review)
        self.yes.clicked.connect(self.run)
        self.back.clicked.connect(self.confirm.hide)
        self.close_button.clicked.connect(self.reject)
        self.tasks.start("mine", self._load_mine(customer.customer_id))
        self._paint_transfer()

    # -- this customer --------------------------------------------------------------------------
    async def _load_mine(self, customer_id: int) -> None:
        def read(conn: sqlite3.Connection) -> tuple[list[CustomerRecord], list[dict[str, Any]]]:
            return (edits.records_of(conn, customer_id),
                    edits.manual_links_of(conn, customer_id))

        self.mine, links = await self.service.run(read)
        self.this_label.setText(f"This customer: {records_text(self.mine)}")
        self._paint_links([link for link in links if link["kind"] == "link"])

    def _paint_links(self, links: list[dict[str, Any]]) -> None:
        while self.links.count():
            item = self.links.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.unlink_buttons = []
        if not links:
            self.links.addWidget(plain_label("None: this customer was never linked by hand.",
                                             "mergeNoLinks"))
            return
        for link in links:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            a, b = link["a"], link["b"]
            line.addWidget(plain_label(
                f"{link['a_name'] or a[1]} ({VENDOR_NAMES.get(a[0], a[0])}) + "
                f"{link['b_name'] or b[1]} ({VENDOR_NAMES.get(b[0], b[0])})", wrap=True), 1)
            button = QPushButton("Unlink")
            button.setObjectName("mergeUnlink")
            button.clicked.connect(lambda _c=False, x=a, y=b: self.unlink(x, y))
            line.addWidget(button)
            self.unlink_buttons.append(button)
            self.links.addWidget(row)

    # -- the other customer ---------------------------------------------------------------------
    def pick(self, hit: SearchHit) -> None:
        self.tasks.start("pick", self._pick(hit))

    async def _pick(self, hit: SearchHit) -> None:
        self.other, self.transfer, self.preview = hit, None, None
        self.confirm.hide()
        self.message.clear()
        self.theirs = await self.service.run(
            lambda conn: edits.records_of(conn, hit.customer_id))
        same = hit.customer_id == self.customer.customer_id
        self.other_label.setText(f"Other customer: {records_text(self.theirs)}"
                                 + (" — that is this customer already" if same else ""))
        self.link_box.setEnabled(not same)
        self.link_box.setChecked(not same)
        await self._plan_transfer(same)
        self._paint_go()

    async def _plan_transfer(self, same: bool) -> None:
        mine = [r for r in self.mine if r.vendor == "reservations"]
        theirs = [r for r in self.theirs if r.vendor == "reservations"]
        plan: tuple[str, str] | None = None
        why = ""
        if same:
            # Both ends would be this customer's record: the core says why that cannot be.
            rid = mine[0].vendor_id if mine else ""
            plan = (rid, rid)
        elif not mine or not theirs:
            who = self.customer.name if not mine else (self.other.name if self.other else "")
            why = f"{who or 'One of them'} has no reservations record: there is nothing to move."
        else:
            source = next((r for r in theirs if r.is_dummy), None)
            target = next((r for r in mine if not r.is_dummy), None)
            if source is None or target is None:
                source = next((r for r in mine if r.is_dummy), None)
                target = next((r for r in theirs if not r.is_dummy), None)
            if source is None or target is None:
                why = ("Reservations moves bookings only away from a walk-in placeholder "
                       "record, and neither of these is one: nothing would move.")
            else:
                plan = (source.vendor_id, target.vendor_id)
        self.transfer_box.setChecked(False)
        if plan is None:
            self.transfer_box.setEnabled(False)
            self.preview_label.setText(why)
            return
        try:
            preview = await self.service.run(
                lambda conn: edits.transfer_preview(conn, plan[0], plan[1]))
        except EditRefused as exc:
            self.transfer_box.setEnabled(False)
            self.preview_label.setText(exc.message)
            self.message.setText(exc.message)
            return
        self.transfer, self.preview = plan, preview
        self.transfer_box.setEnabled(True)
        self._paint_transfer()
        if self.booking_count is not None:
            self.tasks.start("count", self._live_count(plan[0]))

    async def _live_count(self, from_id: str) -> None:
        assert self.booking_count is not None
        try:
            count = await self.booking_count(from_id)
        except (VendorError, ClientdeskError) as exc:
            text = exc.one_line() if isinstance(exc, VendorError) else exc.message
            if self.preview is not None and self.preview["from_id"] == from_id:
                self.preview["live_error"] = text
                self._paint_transfer()
            return
        if self.preview is not None and self.preview["from_id"] == from_id:
            self.preview["live"] = count
            self._paint_transfer()

    def _paint_transfer(self) -> None:
        preview = self.preview
        if preview is None:
            self.transfer_box.setText("Also move bookings on the reservations server")
            if self.other is None:
                self.transfer_box.setEnabled(False)
                self.preview_label.setText("Pick the other customer to see what could move.")
            return
        count = preview.get("live", preview["bookings"])
        source = "reservations says now" if "live" in preview else "as last synced"
        if "live_error" in preview:
            source += f"; reservations could not be asked ({preview['live_error']})"
        text = (f"Also move {count:,} booking{'s' if count != 1 else ''} on the reservations "
                f"server from “{preview['from_name']}” to “{preview['to_name']}”")
        self.transfer_box.setText(text.replace("&", "&&"))  # & would be a mnemonic
        self.preview_label.setText(
            f"From the walk-in placeholder record {preview['from_id']} ({count:,} bookings, "
            f"{source}) to the customer record {preview['to_id']}. Sent when reservations "
            "answers; it cannot be undone from Clientdesk.")

    def _paint_go(self) -> None:
        linking = self.link_box.isChecked() and self.link_box.isEnabled()
        moving = self.transfer_box.isChecked() and self.transfer is not None
        self.go.setEnabled(self.other is not None and (linking or moving))

    # -- doing it -------------------------------------------------------------------------------
    def plan_text(self) -> str:
        other = (self.other.name if self.other is not None else "") or "the other customer"
        steps = []
        if self.link_box.isChecked() and self.link_box.isEnabled():
            steps.append(f"link {self.customer.name or 'this customer'} and {other} on this PC "
                         "(one customer in search and profiles; Unlink undoes it)")
        if self.transfer_box.isChecked() and self.preview is not None:
            count = self.preview.get("live", self.preview["bookings"])
            steps.append(f"ask reservations to move {count:,} booking"
                         f"{'s' if count != 1 else ''} from “{self.preview['from_name']}” "
                         f"(placeholder) to “{self.preview['to_name']}” — not undoable here")
        return "This will " + "; and ".join(steps) + "."

    def review(self) -> None:
        if not self.gate.active():
            self.message.setText("Manager mode locked meanwhile: unlock it again.")
            return
        self.summary.setText(self.plan_text())
        self.confirm.show()
        self.back.setFocus(Qt.FocusReason.OtherFocusReason)

    def run(self) -> None:
        self.confirm.hide()
        if not self.gate.active():
            self.message.setText("Manager mode locked meanwhile: unlock it again.")
            return
        self.tasks.start("run", self._run())

    async def _run(self) -> None:
        other = self.other
        assert other is not None
        who = self.service.who()
        done = []
        mine = self.mine[0] if self.mine else None
        theirs = self.theirs[0] if self.theirs else None
        if self.link_box.isChecked() and self.link_box.isEnabled() and mine and theirs:
            a = (mine.vendor, mine.vendor_id)
            b = (theirs.vendor, theirs.vendor_id)
            detail = {"customers": [self.customer.customer_id, other.customer_id],
                      "names": [self.customer.name, other.name]}
            try:
                await self.service.write(lambda writer: edits.link_customers(
                    writer, a, b, link=True, detail=detail, **who))
            except (EditRefused, CacheClosed, sqlite3.OperationalError) as exc:
                self.message.setText(getattr(exc, "message", str(exc)))
                return
            done.append("Linked on this PC.")
        if self.transfer_box.isChecked() and self.transfer is not None:
            source, target = self.transfer
            preview = dict(self.preview or {})
            try:
                await self.service.edit(lambda conn: edits.transfer_bookings(
                    conn, source, target, preview=preview, **who))
            except EditRefused as exc:
                self.message.setText(exc.message)
                return
            done.append("The bookings transfer is queued (pending until reservations "
                        "confirms it).")
        self.message.setStyleSheet("color:#1b5e20;")
        self.message.setText(" ".join(done))
        anchor = mine or theirs
        if anchor is not None:
            customer_id = await self.service.run(
                lambda conn: edits.customer_of(conn, anchor.vendor, anchor.vendor_id))
            if customer_id is not None:
                self.customer = self.customer.model_copy(update={"customer_id": customer_id})
                self.merged.emit(customer_id)
                await self._load_mine(customer_id)

    def unlink(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        if not self.gate.active():
            self.message.setText("Manager mode locked meanwhile: unlock it again.")
            return
        self.tasks.start("unlink", self._unlink(a, b))

    async def _unlink(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        who = self.service.who()
        await self.service.write(lambda writer: edits.link_customers(
            writer, a, b, link=False, detail={"undo": True}, **who))
        self.message.setStyleSheet("color:#1b5e20;")
        self.message.setText("Unlinked: they are two customers again on this PC.")
        customer_id = await self.service.run(lambda conn: edits.customer_of(conn, *a))
        if customer_id is not None:
            self.customer = self.customer.model_copy(update={"customer_id": customer_id})
            self.merged.emit(customer_id)
            await self._load_mine(customer_id)

    async def idle(self) -> None:
        for name in ("mine", "pick", "count", "run", "unlink"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        self.picker.close_tasks()
        super().done(result)
