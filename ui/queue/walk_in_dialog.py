"""The walk-in dialog: put a visitor in a line without Qminder's own app.

The rules are the core's (:func:`app.queue.walk_in.check_walk_in`, the same as ``clientdesk
queue add``): a mistake is shown under the fields with what to fix, and nothing is sent. The
create goes through the queue service (:meth:`~app.queue.service.QueueService.add_walk_in`),
which never creates the ticket twice when Qminder's answer is lost. The dialog is not modal
for the window's loop: the queue keeps updating behind it.

Every field has a name a screen reader says ("First name") and its hint as the description;
Tab goes down the form as it reads — line, names, phone, email, labels — then Add and Cancel.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.contacts import mask_email, safe_mask_phone
from app.errors import ClientdeskError, VendorError
from app.queue.board import QueueBoard
from app.queue.walk_in import Added, WalkIn, check_walk_in
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label
from ui.queue.text import WINDOW

log = logging.getLogger("clientdesk.ui")

Send = Callable[[WalkIn], Awaitable[Added]]


def _on_file(masked: str, hint: str) -> str:
    if not masked:
        return hint
    return QCoreApplication.translate("WalkInDialog", "on file: {masked} (used if left empty)"
                                      ).format(masked=masked)


class WalkInDialog(QDialog):
    """Line, first and last name, phone, email, labels; Add sends, Esc closes."""

    added = Signal(object)  # (Added, WalkIn)

    def __init__(self, board: QueueBoard, country: str, send: Send,
                 parent: QWidget | None = None, *, first_name: str = "", last_name: str = "",
                 phone: str = "", email: str = "", phone_on_file: str = "",
                 email_on_file: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("walkInDialog")
        self.setWindowTitle(self.tr("Add a walk-in to the queue"))
        self.setAccessibleName(self.windowTitle())
        self.country = country
        self.send = send
        self.tasks = TaskSlots()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.line = QComboBox(self)
        self.line.setObjectName("walkInLine")
        self.line.setAccessibleName(self.tr("Line"))
        self.line.setAccessibleDescription(self.tr("The line the visitor waits in"))
        for line in board.lines.values():
            if not line.disabled:
                self.line.addItem(line.name or WINDOW.unnamed_line(line.id), line.id)
        self.first = self._field("walkInFirstName", first_name, self.tr("First name"),
                                 self.tr("2 to 50 characters"))
        self.last = self._field("walkInLastName", last_name, self.tr("Last name"),
                                self.tr("optional"))
        # An open profile's contacts are used without being shown: the fields say which one
        # (masked) and stay empty, so adding a customer to the queue reveals nothing on screen.
        self.phone_on_file, self.email_on_file = phone_on_file, email_on_file
        self.phone = self._field("walkInPhone", phone, self.tr("Phone"), _on_file(
            safe_mask_phone(phone_on_file) if phone_on_file else "",
            self.tr("optional: local or international")))
        self.email = self._field("walkInEmail", email, self.tr("Email"), _on_file(
            mask_email(email_on_file) if email_on_file else "", self.tr("optional")))
        self.labels = self._field("walkInLabels", "", self.tr("Labels"),
                                  self.tr("optional: VIP, Wheelchair …"))
        form.addRow(self.tr("&Line:"), self.line)
        form.addRow(self.tr("&First name:"), self.first)
        form.addRow(self.tr("La&st name:"), self.last)
        form.addRow(self.tr("&Phone:"), self.phone)
        form.addRow(self.tr("E&mail:"), self.email)
        form.addRow(self.tr("La&bels:"), self.labels)
        layout.addLayout(form)
        self.message = plain_label("", "walkInMessage", wrap=True)
        # Room for a two-line refusal, so the dialog never clips what to fix.
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2 + 4)
        layout.addWidget(self.message)
        for field in (self.first, self.last, self.phone, self.email, self.labels):
            field.textEdited.connect(lambda _text: self.message.clear())  # fixed: say no more
        buttons = QDialogButtonBox(self)
        self.add_button = QPushButton(self.tr("&Add to the queue"), self)
        self.add_button.setObjectName("walkInAdd")
        self.add_button.setAccessibleName(self.tr("Add to the queue"))
        self.add_button.setAccessibleDescription(self.tr("Enter; sends the walk-in to Qminder"))
        self.add_button.setDefault(True)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        cancel.setObjectName("walkInCancel")
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Esc; closes without adding anyone"))
        self.cancel_button = cancel
        self.add_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.line.count() == 0:
            self.message.setText(self.tr("No line is open at this location, so nobody can be "
                                         "added."))
            self.add_button.setEnabled(False)
        for first, second in itertools.pairwise(self.tab_order()):
            QWidget.setTabOrder(first, second)
        self.first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(540 if phone_on_file or email_on_file else 460, self.sizeHint().height())

    def _field(self, name: str, text: str, words: str, hint: str) -> QLineEdit:
        """A text field: ``name`` its object name, ``words`` what a screen reader calls it,
        ``hint`` its placeholder and description."""
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        edit.setAccessibleName(words)
        edit.setAccessibleDescription(hint)
        edit.setPlaceholderText(hint)
        return edit

    def tab_order(self) -> list[QWidget]:
        """Down the form as it reads, then Add, then Cancel."""
        return [self.line, self.first, self.last, self.phone, self.email, self.labels,
                self.add_button, self.cancel_button]

    def walk_in(self) -> WalkIn:
        """What is typed, checked (:class:`~app.queue.walk_in.WalkInRefused` if it cannot be
        sent)."""
        labels = [part for part in self.labels.text().split(",") if part.strip()]
        return check_walk_in(self.line.currentData(), self.first.text(),
                             last_name=self.last.text(),
                             phone=self.phone.text().strip() or self.phone_on_file,
                             email=self.email.text().strip() or self.email_on_file,
                             labels=labels, country=self.country)

    def submit(self) -> None:
        try:
            walk_in = self.walk_in()
        except ClientdeskError as exc:
            self.message.setText(exc.message)
            return
        self.add_button.setEnabled(False)
        self.message.setText(self.tr("Adding {name}…").format(name=walk_in.name))
        self.tasks.start("add", self._send(walk_in))

    async def _send(self, walk_in: WalkIn) -> None:
        try:
            added = await self.send(walk_in)
        except VendorError as exc:
            self.message.setText(self.tr("Not added: {why}").format(why=exc.one_line()))
            self.add_button.setEnabled(True)
            return
        except ClientdeskError as exc:  # refused (an unknown line), or not known: said so
            self.message.setText(exc.message)
            self.add_button.setEnabled(True)
            return
        self.added.emit((added, walk_in))
        self.accept()
