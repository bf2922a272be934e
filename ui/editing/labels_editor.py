"""Labels on the selected queue ticket: add and remove them, with the store's labels suggested.

Why it looks like this:

* Suggestions are the labels on the queue's tickets right now, most used first, each with
  its Qminder colour as a swatch — the words staff already use, spelled the same way, so
  "VIP" never becomes "vip " on one ticket. Any other text can be typed too.
* A label is an edit like any other (:func:`app.cache.edits.label`): checked (empty or only
  spaces is refused, in :func:`~app.cache.outbox.clean_label`'s words), queued in the outbox
  on the cache thread and sent by the replay. Until Qminder confirms it the label shows
  "pending"; a refusal shows "not sent" with Qminder's reason (the Edits tab can retry it).
* The ticket's own labels come from the live queue, so once Qminder has the change the
  pending mark goes and the label simply is there (or gone).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QKeyEvent, QPalette, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.cache import edits
from app.cache.outbox import EditRefused
from app.cache.own_thread import CacheClosed
from app.profile import VENDOR_NAMES
from app.queue.board import QueueBoard
from app.vendors.qminder.models import Ticket
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label, plain_tip
from ui.editing.service import EditService, order_tabs
from ui.profile.text import WARN
from ui.theme import colour, set_tone
from ui.window.help_overlay import key_text

#: The tone (ui.theme) a label's state is drawn in; its words say the same.
STATE_TONES = {"adding": "pending", "removing": "pending", "failed": "alert"}


@dataclass(frozen=True)
class Shown:
    """One label as the editor lists it."""

    value: str
    color: str | None
    state: str  # "" (on the ticket), "adding", "removing", "failed"
    error: str = ""

    @property
    def text(self) -> str:
        """The label and, unless it is simply on the ticket, where its edit stands."""
        if self.state == "adding":
            text = QCoreApplication.translate("LabelsEditor", "{label} — pending (adding)")
        elif self.state == "removing":
            text = QCoreApplication.translate("LabelsEditor", "{label} — pending (removing)")
        elif self.state == "failed":
            text = f"{WARN} " + QCoreApplication.translate("LabelsEditor",
                                                           "{label} — not sent: {reason}")
        else:
            return self.value
        reason = self.error or QCoreApplication.translate("LabelsEditor", "refused")
        return text.format(label=self.value, reason=reason)



def ticket_record(ticket_id: str) -> str:
    return f"qminder:ticket:{ticket_id}"


def suggestions(board: QueueBoard) -> list[tuple[str, str | None]]:
    """Labels used on the queue's tickets, most used first, with their colour."""
    used: Counter[str] = Counter()
    colours: dict[str, str | None] = {}
    for ticket in board.tickets.values():
        for label in ticket.labels:
            value = " ".join((label.value or "").split())
            if value:
                used[value] += 1
                if colours.get(value) is None:
                    colours[value] = label.hex_color
    return [(v, colours.get(v)) for v, _ in sorted(used.items(), key=lambda i: (-i[1], i[0]))]


def swatch(color: str | None) -> QIcon:
    """A label's colour as Qminder gives it; a label without one gets the palette's mid
    tone (read when drawn, so it suits a dark palette as well as a light one)."""
    pixmap = QPixmap(12, 12)
    fill = QColor(color) if color else QGuiApplication.palette().color(QPalette.ColorRole.Mid)
    pixmap.fill(fill)
    return QIcon(pixmap)


class LabelsEditor(QFrame):
    """Add or remove labels on one ticket (the queue panel's selected one).

    Tab order: the ticket's labels, the new label box, Add, Remove."""

    #: Built: a palette change before then has nothing to draw again.
    _ready = False

    def __init__(self, service: EditService, board: QueueBoard,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelsEditor")
        self.setAccessibleName(self.tr("Labels of the selected ticket"))
        self.service = service
        self.board = board
        self.tasks = TaskSlots()
        self.ticket: Ticket | None = None
        self.shown: list[Shown] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(3)
        caption = plain_label(self.tr("Labels (sent to {vendor})").format(
            vendor=VENDOR_NAMES["qminder"]), "labelsCaption")
        set_tone(caption, "muted")
        layout.addWidget(caption)
        self.list = QListWidget(self)
        self.list.setObjectName("ticketLabelList")
        self.list.setAccessibleName(self.tr("Labels on the ticket"))
        self.list.setAccessibleDescription(self.tr("Delete removes the selected label"))
        self.list.setMaximumHeight(self.list.fontMetrics().height() * 5 + 10)
        self.list.installEventFilter(self)
        layout.addWidget(self.list)
        add_row = QHBoxLayout()
        self.input = QComboBox(self)
        self.input.setObjectName("labelInput")
        self.input.setAccessibleName(self.tr("New label"))
        self.input.setAccessibleDescription(self.tr(
            "Type a label or pick one the store uses, then Enter; shortcut {key}").format(
            key=key_text("queue.label")))
        self.input.setEditable(True)
        self.input.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.input.setMinimumContentsLength(12)
        completer = self.input.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
        line = self.input.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Label…"))
            line.setAccessibleName(self.tr("New label"))
            line.returnPressed.connect(self.add)
        add_row.addWidget(self.input, 1)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("addLabel")
        self.add_button.setAccessibleName(self.tr("Add the label"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeLabel")
        self.remove_button.setAccessibleName(self.tr("Remove the selected label"))
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        layout.addLayout(add_row)
        self.message = plain_label("", "labelMessage", wrap=True)
        set_tone(self.message, "alert")
        layout.addWidget(self.message)
        order_tabs([self.list, self.input, self.add_button, self.remove_button])
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        service.changed.connect(self.paint)
        self.show_ticket(None)
        self._ready = True

    # -- painting -------------------------------------------------------------------------------
    def show_ticket(self, ticket: Ticket | None) -> None:
        """The selected ticket (None: nothing selected); called whenever the card repaints."""
        if (ticket.id if ticket else None) != (self.ticket.id if self.ticket else None):
            self.message.clear()
            self.list.clear()  # another ticket: its own list, even if it reads the same
        self.ticket = ticket
        self.setEnabled(ticket is not None)
        self.paint()

    def labels(self) -> list[Shown]:
        """The ticket's labels with pending edits applied in order."""
        ticket = self.ticket
        if ticket is None:
            return []
        shown: dict[str, Shown] = {}
        for label in ticket.labels:
            value = " ".join((label.value or "").split())
            if value:
                shown[value] = Shown(value, label.hex_color, "")
        colours = dict(suggestions(self.board))
        for edit in self.service.for_record(ticket_record(ticket.id)):
            value = str(edit.payload.get("label", ""))
            if edit.state == "failed":
                shown[value] = Shown(value, colours.get(value), "failed", edit.last_error)
            elif edit.kind == "label.add":
                if value not in shown or shown[value].state == "removing":
                    shown[value] = Shown(value, colours.get(value), "adding")
            elif value in shown:
                shown[value] = Shown(value, shown[value].color, "removing")
        return list(shown.values())

    def paint(self, *, again: bool = False) -> None:
        """Repaint the list and the suggestions — only what changed: the queue repaints the
        card on every change, and a box being typed in must not be reset under the cursor.
        ``again``: everything, changed or not (a new palette: the colours are drawn anew)."""
        shown = self.labels()
        if again or shown != self.shown or self.list.count() == 0:
            self._paint_list(shown)
        on_ticket = {s.value for s in shown if s.state != "removing"}
        wanted = [(v, c) for v, c in suggestions(self.board) if v not in on_ticket]
        if again or [v for v, _ in wanted] != self.suggested():
            typed = self.input.currentText()
            self.input.blockSignals(True)
            self.input.clear()
            for value, color in wanted:
                self.input.addItem(swatch(color), value)
            self.input.setCurrentIndex(-1)
            self.input.setEditText(typed)
            self.input.blockSignals(False)
        self.remove_button.setEnabled(bool(self.shown))

    def _paint_list(self, shown: list[Shown]) -> None:
        current = self.list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.shown = shown
        self.list.clear()
        for label in shown:
            item = QListWidgetItem(swatch(label.color), label.text)
            item.setData(Qt.ItemDataRole.UserRole, label.value)
            item.setToolTip(plain_tip(label.text))
            tone = STATE_TONES.get(label.state)
            if tone is not None:
                item.setForeground(colour(tone))  # the palette in use now (see changeEvent)
            self.list.addItem(item)
            if label.value == keep:
                self.list.setCurrentItem(item)
        if not shown:
            empty = QListWidgetItem(self.tr("No labels") if self.ticket else
                                    self.tr("No ticket selected"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)

    def suggested(self) -> list[str]:
        return [self.input.itemText(k) for k in range(self.input.count())]

    # -- actions --------------------------------------------------------------------------------
    def focus_input(self) -> None:
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def add(self) -> None:
        if self.ticket is None:
            self.message.setText(self.tr("Select a ticket in the queue first."))
            return
        self.tasks.start("add", self._change(self.ticket.id, self.input.currentText(), True))

    def remove(self) -> None:
        item = self.list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if self.ticket is None or not value:
            self.message.setText(self.tr("Select a label in the list to remove it."))
            return
        self.tasks.start("remove", self._change(self.ticket.id, str(value), False))

    async def _change(self, ticket_id: str, text: str, add: bool) -> None:
        who = self.service.who()
        try:
            await self.service.edit(lambda conn: edits.label(conn, ticket_id, text, add=add,
                                                             **who))
        except EditRefused as exc:
            self.message.setText(exc.message)
            return
        except (CacheClosed, sqlite3.OperationalError) as exc:
            # Shutting down, or the cache busy or locked; a bug reaches the error funnel.
            self.message.setText(self.tr("The label could not be saved on this PC ({error}).")
                                 .format(error=exc))
            return
        self.message.clear()
        if add:
            self.input.setEditText("")

    async def idle(self) -> None:
        for name in ("add", "remove"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (the system switched to dark): the states' colours and the neutral
        swatches are drawn again for it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._ready:
            self.paint(again=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete and \
                event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.remove()
            return True
        return super().eventFilter(watched, event)
