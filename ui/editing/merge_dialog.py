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

from PySide6.QtCore import QCoreApplication, Qt, Signal
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
from ui.editing.service import EditService, order_tabs
from ui.i18n import formats
from ui.search.model import SearchSource
from ui.theme import set_size, set_surface, set_tone

log = logging.getLogger("clientdesk.ui.merge")
#: Asks reservations how many bookings a record has now
#: (:meth:`app.customer.booking_count.BookingCounter.count`). Without one the preview shows the
#: count as last synced.
BookingCount = Callable[[str], Awaitable[int]]



def no_name() -> str:
    """What stands for a customer without a name."""
    return QCoreApplication.translate("MergeDialog", "(no name)")


def records_text(records: Sequence[CustomerRecord]) -> str:
    """A customer's records, vendor by vendor: "reservations: Ana Pérez; LOKE: Ana"."""
    parts = []
    for record in records:
        vendor = VENDOR_NAMES.get(record.vendor, record.vendor)
        name = record.name or no_name()
        if record.is_dummy:
            text = QCoreApplication.translate("MergeDialog",
                                              "{vendor}: {name} (walk-in placeholder)")
        else:
            text = QCoreApplication.translate("MergeDialog", "{vendor}: {name}",
                                              "a record: vendor: name")
        parts.append(text.format(vendor=vendor, name=name))
    return "; ".join(parts) or QCoreApplication.translate("MergeDialog", "no records")


class MergeDialog(QDialog):
    """Link this customer with another; optionally move reservations bookings.

    Tab order: find the other customer (the box, then what it found), the two choices,
    Review…, then the confirmation's Yes and Back, Close, and each link's Unlink."""

    #: The customer as the cache now knows them (its id may change when two become one).
    merged = Signal(int)

    def __init__(self, service: EditService, gate: ManagerGate, search: SearchSource,
                 customer: Header, *, booking_count: BookingCount | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Link duplicates"))
        self.setAccessibleName(self.tr("Link duplicates"))
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
        self._build_choice(layout, search, customer)
        self._build_confirm(layout)
        buttons = QHBoxLayout()
        self.go = QPushButton(self.tr("Review…"))
        self.go.setObjectName("mergeGo")
        self.go.setAccessibleName(self.tr("Review what will happen"))
        self.go.setAccessibleDescription(self.tr("Shows the plan and asks before doing it"))
        self.go.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("mergeClose")
        self.close_button.setAccessibleName(self.tr("Close the dialog"))
        buttons.addStretch(1)
        buttons.addWidget(self.go)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.links_title = plain_label(self.tr("Manual links of this customer:"),
                                       "mergeLinksTitle")
        set_size(self.links_title, "heading")
        self.links_title.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.links_title)
        self.links = QVBoxLayout()
        layout.addLayout(self.links)
        self.unlink_buttons: list[QPushButton] = []
        self._order_tabs()

        self.picker.picked.connect(self.pick)
        self.link_box.toggled.connect(lambda _on: self._paint_go())
        self.transfer_box.toggled.connect(lambda _on: self._paint_go())
        self.go.clicked.connect(self.review)
        self.yes.clicked.connect(self.run)
        self.back.clicked.connect(self.confirm.hide)
        self.close_button.clicked.connect(self.reject)
        self.tasks.start("mine", self._load_mine(customer.customer_id))
        self._paint_transfer()

    def _build_choice(self, layout: QVBoxLayout, search: SearchSource,
                      customer: Header) -> None:
        """The title, this customer, the search for the other one, and the two choices."""
        title = plain_label(self.tr("Link duplicates of {name}").format(
            name=customer.name or no_name()), "mergeTitle", wrap=True)
        set_size(title, "subtitle")
        layout.addWidget(title)
        self.this_label = plain_label("", "mergeThis", wrap=True)
        layout.addWidget(self.this_label)
        layout.addWidget(plain_label(self.tr("Find the other customer record (the duplicate):"),
                                     "mergeFind"))
        self.picker = CustomerPicker(search, name="mergeCustomer", parent=self)
        self.picker.box.setAccessibleName(self.tr("Find the other customer record"))
        self.picker.box.setAccessibleDescription(self.tr(
            "Type a name, email or phone, then pick with Enter"))
        self.picker.results.setAccessibleName(self.tr("Customers found"))
        layout.addWidget(self.picker)
        self.other_label = plain_label(self.tr("No other customer picked yet."), "mergeOther",
                                       wrap=True)
        layout.addWidget(self.other_label)
        self.link_box = QCheckBox(self.tr("Link these two customers on this PC (local and "
                                          "reversible: Unlink below undoes it)"))
        self.link_box.setObjectName("mergeLink")
        self.link_box.setAccessibleName(self.tr("Link these two customers on this PC"))
        self.link_box.setAccessibleDescription(self.tr(
            "Local and reversible: Unlink below undoes it"))
        self.link_box.setChecked(True)
        layout.addWidget(self.link_box)
        self.transfer_box = QCheckBox(self)
        self.transfer_box.setObjectName("mergeTransfer")
        self.transfer_box.setAccessibleDescription(self.tr(
            "Changes the reservations server; it cannot be undone from Clientdesk"))
        self._set_transfer_text(self.tr("Also move bookings on the reservations server"))
        layout.addWidget(self.transfer_box)
        self.preview_label = plain_label("", "transferPreview", wrap=True)
        set_tone(self.preview_label, "muted")
        self.preview_label.setContentsMargins(22, 0, 0, 0)  # under its checkbox's text
        layout.addWidget(self.preview_label)
        self.message = plain_label("", "mergeMessage", wrap=True)
        set_tone(self.message, "alert")
        layout.addWidget(self.message)

    def _build_confirm(self, layout: QVBoxLayout) -> None:
        """The question before anything is done: what will happen, Yes or Back."""
        self.confirm = QFrame(self)
        self.confirm.setObjectName("mergeConfirm")
        self.confirm.setAccessibleName(self.tr("Confirm what will happen"))
        set_surface(self.confirm, "caution")
        confirm = QVBoxLayout(self.confirm)
        self.summary = plain_label("", "mergeSummary", wrap=True)
        confirm.addWidget(self.summary)
        row = QHBoxLayout()
        row.addStretch(1)
        self.yes = QPushButton(self.tr("Yes, do it"))
        self.yes.setObjectName("mergeYes")
        self.yes.setAccessibleName(self.tr("Yes, do it"))
        self.back = QPushButton(self.tr("Back"))
        self.back.setObjectName("mergeBack")
        self.back.setAccessibleName(self.tr("Back: change nothing"))
        row.addWidget(self.yes)
        row.addWidget(self.back)
        confirm.addLayout(row)
        self.confirm.hide()
        layout.addWidget(self.confirm)

    def tab_chain(self) -> list[QWidget]:
        """The controls in the order Tab visits them (hidden ones are skipped by Qt)."""
        return [self.picker.box, self.picker.results, self.link_box, self.transfer_box,
                self.go, self.yes, self.back, self.close_button, *self.unlink_buttons]

    def _order_tabs(self) -> None:
        order_tabs(self.tab_chain())

    def _say(self, text: str, *, alert: bool = True) -> None:
        """The line under the choices: a problem (the alert tone) or what was done."""
        set_tone(self.message, "alert" if alert else "done")
        self.message.setText(text)

    def _set_transfer_text(self, text: str) -> None:
        """The transfer checkbox's words (a name may hold "&": not a mnemonic here)."""
        self.transfer_box.setText(text.replace("&", "&&"))
        self.transfer_box.setAccessibleName(text)

    # -- this customer --------------------------------------------------------------------------
    async def _load_mine(self, customer_id: int) -> None:
        def read(conn: sqlite3.Connection) -> tuple[list[CustomerRecord], list[dict[str, Any]]]:
            return (edits.records_of(conn, customer_id),
                    edits.manual_links_of(conn, customer_id))

        self.mine, links = await self.service.run(read)
        self.this_label.setText(self.tr("This customer: {records}").format(
            records=records_text(self.mine)))
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
            self.links.addWidget(plain_label(self.tr("None: this customer was never linked by "
                                                     "hand."), "mergeNoLinks"))
            self._order_tabs()
            return
        for link in links:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            a, b = link["a"], link["b"]
            first, second = link["a_name"] or a[1], link["b_name"] or b[1]
            line.addWidget(plain_label(self.tr("{first} ({first_vendor}) + {second} "
                                               "({second_vendor})").format(
                first=first, first_vendor=VENDOR_NAMES.get(a[0], a[0]), second=second,
                second_vendor=VENDOR_NAMES.get(b[0], b[0])), wrap=True), 1)
            button = QPushButton(self.tr("Unlink"))
            button.setObjectName("mergeUnlink")
            button.setAccessibleName(self.tr("Unlink {first} and {second}").format(
                first=first, second=second))
            button.clicked.connect(lambda _c=False, x=a, y=b: self.unlink(x, y))
            line.addWidget(button)
            self.unlink_buttons.append(button)
            self.links.addWidget(row)
        self._order_tabs()

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
        records = records_text(self.theirs)
        self.other_label.setText(
            self.tr("Other customer: {records} — that is this customer already").format(
                records=records) if same else
            self.tr("Other customer: {records}").format(records=records))
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
            why = self.tr("{name} has no reservations record: there is nothing to move.").format(
                name=who) if who else self.tr("One of them has no reservations record: there is "
                                              "nothing to move.")
        else:
            source = next((r for r in theirs if r.is_dummy), None)
            target = next((r for r in mine if not r.is_dummy), None)
            if source is None or target is None:
                source = next((r for r in mine if r.is_dummy), None)
                target = next((r for r in theirs if not r.is_dummy), None)
            if source is None or target is None:
                why = self.tr("Reservations moves bookings only away from a walk-in "
                              "placeholder record, and neither of these is one: nothing would "
                              "move.")
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
            self._say(exc.message)
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
            self._set_transfer_text(self.tr("Also move bookings on the reservations server"))
            if self.other is None:
                self.transfer_box.setEnabled(False)
                self.preview_label.setText(self.tr("Pick the other customer to see what could "
                                                   "move."))
            return
        count = int(preview.get("live", preview["bookings"]))
        self._set_transfer_text(self.tr(
            "Also move {count} booking(s) on the reservations server from “{source}” to "
            "“{target}”", "", count).format(count=formats().number(count),
                                            source=preview["from_name"],
                                            target=preview["to_name"]))
        self.preview_label.setText(self.preview_text(preview, count))

    def preview_text(self, preview: dict[str, Any], count: int) -> str:
        """Which record the bookings leave and which they join, and how sure the count is."""
        if "live" in preview:
            text = self.tr("From the walk-in placeholder record {source} ({count} booking(s), "
                           "reservations says now) to the customer record {target}. Sent when "
                           "reservations answers; it cannot be undone from Clientdesk.", "",
                           count)
        elif "live_error" in preview:
            text = self.tr("From the walk-in placeholder record {source} ({count} booking(s), "
                           "as last synced; reservations could not be asked ({error})) to the "
                           "customer record {target}. Sent when reservations answers; it "
                           "cannot be undone from Clientdesk.", "", count)
        else:
            text = self.tr("From the walk-in placeholder record {source} ({count} booking(s), "
                           "as last synced) to the customer record {target}. Sent when "
                           "reservations answers; it cannot be undone from Clientdesk.", "",
                           count)
        return text.format(source=preview["from_id"], target=preview["to_id"],
                           count=formats().number(count), error=preview.get("live_error", ""))

    def _paint_go(self) -> None:
        linking = self.link_box.isChecked() and self.link_box.isEnabled()
        moving = self.transfer_box.isChecked() and self.transfer is not None
        self.go.setEnabled(self.other is not None and (linking or moving))

    # -- doing it -------------------------------------------------------------------------------
    def plan_text(self) -> str:
        """What Yes will do, in one sentence: link, move bookings, or both."""
        linking = self.link_box.isChecked() and self.link_box.isEnabled()
        preview = self.preview if self.transfer_box.isChecked() else None
        this = self.customer.name or self.tr("this customer")
        other = (self.other.name if self.other is not None else "") or \
            self.tr("the other customer")
        if preview is None:
            return self.tr("This will link {this} and {other} on this PC (one customer in "
                           "search and profiles; Unlink undoes it).").format(this=this,
                                                                             other=other)
        count = int(preview.get("live", preview["bookings"]))
        if linking:
            text = self.tr("This will link {this} and {other} on this PC (one customer in "
                           "search and profiles; Unlink undoes it); and ask reservations to "
                           "move {count} booking(s) from “{source}” (placeholder) to "
                           "“{target}” — not undoable here.", "", count)
        else:
            text = self.tr("This will ask reservations to move {count} booking(s) from "
                           "“{source}” (placeholder) to “{target}” — not undoable here.", "",
                           count)
        return text.format(this=this, other=other, count=formats().number(count),
                           source=preview["from_name"], target=preview["to_name"])

    def review(self) -> None:
        if not self.gate.active():
            self._say(self.tr("Manager mode locked meanwhile: unlock it again."))
            return
        self.summary.setText(self.plan_text())
        self.confirm.show()
        self.back.setFocus(Qt.FocusReason.OtherFocusReason)

    def run(self) -> None:
        self.confirm.hide()
        if not self.gate.active():
            self._say(self.tr("Manager mode locked meanwhile: unlock it again."))
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
                self._say(getattr(exc, "message", str(exc)))
                return
            done.append(self.tr("Linked on this PC."))
        if self.transfer_box.isChecked() and self.transfer is not None:
            source, target = self.transfer
            preview = dict(self.preview or {})
            try:
                await self.service.edit(lambda conn: edits.transfer_bookings(
                    conn, source, target, preview=preview, **who))
            except EditRefused as exc:
                self._say(exc.message)
                return
            done.append(self.tr("The bookings transfer is queued (pending until reservations "
                                "confirms it)."))
        self._say(" ".join(done), alert=False)  # each a sentence of its own
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
            self._say(self.tr("Manager mode locked meanwhile: unlock it again."))
            return
        self.tasks.start("unlink", self._unlink(a, b))

    async def _unlink(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        who = self.service.who()
        await self.service.write(lambda writer: edits.link_customers(
            writer, a, b, link=False, detail={"undo": True}, **who))
        self._say(self.tr("Unlinked: they are two customers again on this PC."), alert=False)
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
