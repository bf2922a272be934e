"""Under the search box: look a customer up at the vendors when nobody on this PC matches.

Why it looks like this:

* It appears only when a search of a *complete* email or phone number found nobody
  (:func:`app.customer.lookup.contact_of` decides, the same rule as ``clientdesk show``), so
  typing a name or half an address never reaches a vendor.
* It offers first and asks after a short pause (:data:`PAUSE_MS`): staff who are still typing,
  or who see the customer was simply mistyped, have not spent a Booxi request; Enter asks at
  once. Typing on withdraws the offer and cancels a lookup under way.
* What the vendors find is listed, marked "found at Booxi", and nothing is cached until staff
  open one (Enter or a double-click): several Booxi clients can share an email, and Booxi's rule
  is that only the clients staff look up are stored. Contacts are never shown here unmasked.
* Every text is plain: a vendor's name for a customer is shown literally. The bar's own words
  are translated; what the core says about a lookup (:meth:`LookupResult.summary`, "found at
  Booxi") is shown as the core wrote it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cache.own_thread import CacheClosed
from app.customer.lookup import Choice, Contact, LookupResult, contact_of, lookup_vendors
from app.profile import VENDOR_NAMES, StoreProfile
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label
from ui.theme import set_surface

# How long an offered lookup waits for more typing before it asks the vendors.
PAUSE_MS = 1200


def vendor_list(vendors: list[str]) -> str:
    """``LOKE and Booxi``: the vendors' names (never translated) joined in the window's
    language."""
    names = [VENDOR_NAMES.get(v, v) for v in vendors]
    if len(names) <= 1:
        return "".join(names)
    return QCoreApplication.translate("OnlineLookupBar", "{first} and {last}").format(
        first=", ".join(names[:-1]), last=names[-1])


@dataclass(frozen=True)
class LookupHooks:
    """What the bar needs of the window: the store, and the profile service's two calls."""

    profile: StoreProfile
    look_up: Callable[[Contact], Awaitable[LookupResult]]
    adopt: Callable[[Choice], Awaitable[int]]


class OnlineLookupBar(QFrame):
    """Offer, run and show one online lookup; emits ``customerOpened(id)`` once cached."""

    customerOpened = Signal(int)

    def __init__(self, hooks: LookupHooks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onlineLookup")
        self.setAccessibleName(self.tr("Online lookup"))
        self.setAccessibleDescription(self.tr(
            "Nobody on this PC matches: look the customer up at the vendors"))
        set_surface(self, "info")
        self.hooks = hooks
        self.tasks = TaskSlots()
        self.contact: Contact | None = None
        self.result: LookupResult | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self.start)

        self.text = plain_label("", "onlineLookupText", wrap=True)  # read by its own text
        self.ask_button = QPushButton(self)
        self.ask_button.setObjectName("onlineLookupAsk")
        self._ask_words(retry=False)
        self.ask_button.clicked.connect(self.start)
        self.list = QListWidget(self)
        self.list.setObjectName("onlineLookupResults")
        self.list.setAccessibleName(self.tr("Customers found at the vendors"))
        self.list.setAccessibleDescription(self.tr(
            "Enter opens the highlighted customer and keeps their record on this PC"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: self.open_current())
        self.list.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.text, 1)
        top.addWidget(self.ask_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.list)
        QWidget.setTabOrder(self.ask_button, self.list)
        self.hide()

    def _ask_words(self, *, retry: bool) -> None:
        """The button's text and spoken name: "Look up now", or "Try again" after a failure."""
        if retry:
            self.ask_button.setText(self.tr("Try again"))
            self.ask_button.setAccessibleName(self.tr("Ask the vendors again"))
        else:
            self.ask_button.setText(self.tr("Look up now"))
            self.ask_button.setAccessibleName(self.tr("Look up at the vendors now"))

    # -- offered by the search panel -------------------------------------------------------
    def offer(self, query: str) -> bool:
        """After a search of ``query`` found nobody: offer (and soon start) a lookup when it
        is a complete email or phone some vendor can search by. Whether it was offered."""
        self.withdraw()
        contact = contact_of(query, self.hooks.profile.store.country)
        if contact is None:
            return False
        vendors = lookup_vendors(self.hooks.profile, contact)
        self.contact = contact
        if not vendors:
            self.text.setText(self._nobody_can_look_up(contact))
            self.ask_button.hide()
            self.show()
            return True
        self.text.setText(self._offer_text(contact, vendor_list(vendors)))
        self._ask_words(retry=False)
        self.ask_button.show()
        self.show()
        self.timer.start()
        return True

    def _nobody_can_look_up(self, contact: Contact) -> str:
        if contact.kind == "email":
            return self.tr("Nobody on this PC has the email {contact}, and no vendor of this "
                           "store can look up by email.").format(contact=contact.masked)
        return self.tr("Nobody on this PC has the phone number {contact}, and no vendor of "
                       "this store can look up by phone number.").format(contact=contact.masked)

    def _offer_text(self, contact: Contact, vendors: str) -> str:
        if contact.kind == "email":
            return self.tr("Nobody on this PC has the email {contact}. Looking it up at "
                           "{vendors} in a moment — Enter to ask now.").format(
                               contact=contact.masked, vendors=vendors)
        return self.tr("Nobody on this PC has the phone number {contact}. Looking it up at "
                       "{vendors} in a moment — Enter to ask now.").format(
                           contact=contact.masked, vendors=vendors)

    def _asking_text(self, contact: Contact, vendors: str) -> str:
        if contact.kind == "email":
            return self.tr("Asking {vendors} about the email {contact}…").format(
                vendors=vendors, contact=contact.masked)
        return self.tr("Asking {vendors} about the phone number {contact}…").format(
            vendors=vendors, contact=contact.masked)

    def withdraw(self) -> None:
        """The box changed: no offer, no lookup under way, nothing listed."""
        self.timer.stop()
        self.tasks.cancel("lookup")
        self.contact = None
        self.result = None
        self.list.clear()
        self.list.hide()
        self.hide()

    def offered(self) -> bool:
        return self.contact is not None and not self.isHidden()

    def has_choices(self) -> bool:
        return self.list.count() > 0

    # -- asking ----------------------------------------------------------------------------
    def start(self) -> None:
        """Ask now (the pause ran out, Enter, or the button)."""
        self.timer.stop()
        contact = self.contact
        if contact is None or self.tasks.running("lookup") or self.result is not None or \
                not lookup_vendors(self.hooks.profile, contact):
            return
        names = vendor_list(lookup_vendors(self.hooks.profile, contact))
        self.text.setText(self._asking_text(contact, names))
        self.ask_button.hide()
        self.tasks.start("lookup", self._look_up(contact))

    async def lookup_done(self) -> None:
        """Wait for the lookup under way, if any (tests)."""
        task = self.tasks.get("lookup")
        if task is not None:
            await task

    async def _look_up(self, contact: Contact) -> None:
        result = await self.hooks.look_up(contact)
        if self.contact != contact:
            return  # withdrawn meanwhile
        self.show_result(result)

    def show_result(self, result: LookupResult) -> None:
        self.result = result
        self.list.clear()
        choices = result.choices()
        text = result.summary()  # the core's words
        if len(choices) > 1:
            text += " " + self.tr("Pick the right one: Enter opens it.")
        elif choices:
            text += " " + self.tr("Enter opens them.", "one customer was found")
        self.text.setText(text)
        for choice in choices:
            line = f"{choice.name} — {choice.found_at}\n" + " · ".join(choice.details)
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, choice)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, line.replace("\n", ", "))
            self.list.addItem(item)
        self.list.setVisible(bool(choices))
        if choices:
            self.list.setCurrentRow(0)
            rows = min(len(choices), 4)
            self.list.setFixedHeight(rows * (self.list.sizeHintForRow(0) + 2) + 6)
        retry = bool(result.failed) and not choices
        self._ask_words(retry=True)
        self.ask_button.setVisible(retry)
        if retry:
            self.result = None  # so that "Try again" (or Enter) may ask once more

    # -- choosing --------------------------------------------------------------------------
    def move_choice(self, delta: int) -> None:
        if self.list.count():
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + delta))
            self.list.setCurrentRow(row)

    def open_current(self) -> None:
        item = self.list.currentItem()
        choice = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(choice, Choice) and not self.tasks.running("adopt"):
            self.tasks.start("adopt", self._adopt(choice))

    async def adopt_done(self) -> None:
        task = self.tasks.get("adopt")
        if task is not None:
            await task

    async def _adopt(self, choice: Choice) -> None:
        try:
            customer_id = await self.hooks.adopt(choice)
        except (CacheClosed, sqlite3.Error) as exc:  # shutting down, or locked: keep the list
            self.text.setText(self.tr("{name} could not be kept on this PC ({reason}); "
                                      "try again.").format(name=choice.name, reason=exc))
            return
        self.customerOpened.emit(customer_id)
