"""Pick one saved customer by typing: a search box over the cache and a short result list.

Used where a manager names a second customer (blacklisting someone, linking a duplicate). It
searches the same cache index as the main search (on its reader thread, never the GUI's), shows
names with masked contacts and the vendors that know them, and says "picked" only on Enter or a
double-click — an arrow key alone never chooses for anyone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.cache.search import SearchHit
from app.profile import VENDOR_NAMES
from ui.common.tasks import TaskSlots
from ui.search.model import SearchSource

DEBOUNCE_MS = 150
LIMIT = 20


def hit_text(hit: SearchHit) -> str:
    """One result line: name, masked contacts, vendors, and "⚠ blacklisted" in words."""
    contacts = [*hit.emails[:1], *hit.phones[:1]]
    vendors = ", ".join(VENDOR_NAMES.get(v, v) for v in hit.vendors)
    name = hit.name or QCoreApplication.translate("CustomerPicker", "(no name)")
    text = " · ".join(p for p in (name, *contacts, vendors) if p)
    if hit.blacklisted:
        return QCoreApplication.translate("CustomerPicker", "{customer} · ⚠ blacklisted").format(
            customer=text)
    return text


class CustomerPicker(QWidget):
    """Type, then Enter or double-click a result: :attr:`picked` carries the hit."""

    picked = Signal(object)  # SearchHit

    def __init__(self, source: SearchSource, *, name: str,
                 accept: Callable[[SearchHit], bool] | None = None,
                 parent: QWidget | None = None, accessible_name: str = "") -> None:
        """``name`` prefixes the object names (tests, support scripts); ``accessible_name``
        is what a screen reader calls the box, in words and translated by the caller ("The
        other customer"); "Find a saved customer" when not given."""
        super().__init__(parent)
        self.source = source
        self.accept = accept or (lambda _hit: True)
        self.tasks = TaskSlots()
        self.hits: list[SearchHit] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.box = QLineEdit(self)
        self.box.setObjectName(f"{name}Search")
        self.box.setAccessibleName(accessible_name or self.tr("Find a saved customer"))
        self.box.setAccessibleDescription(self.tr(
            "Type a name, email or phone; the arrow keys move in the list and Enter picks"))
        self.box.setPlaceholderText(self.tr("Type a name, email or phone, then pick with Enter"))
        self.box.setClearButtonEnabled(True)
        layout.addWidget(self.box)
        self.results = QListWidget(self)
        self.results.setObjectName(f"{name}Results")
        self.results.setAccessibleName(self.tr("Saved customers found"))
        self.results.setAccessibleDescription(self.tr(
            "Enter or a double-click picks the highlighted customer"))
        self.results.setMaximumHeight(self.results.fontMetrics().height() * 7 + 10)
        layout.addWidget(self.results)
        QWidget.setTabOrder(self.box, self.results)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._search)
        self.box.textEdited.connect(lambda _text: self.timer.start())
        self.box.installEventFilter(self)
        self.results.itemActivated.connect(self._activated)

    def _search(self) -> None:
        self.tasks.start("search", self._run(self.box.text()))

    async def search(self, text: str) -> list[SearchHit]:
        """Search now (tests, and typing): fills the list."""
        self.box.setText(text)
        self.timer.stop()
        await self._run(text)
        return self.hits

    async def _run(self, text: str) -> None:
        if not text.strip():
            self.hits = []
        else:
            found = await self.source.search(text, LIMIT)
            self.hits = [h for h in found if self.accept(h)]
        self.results.clear()
        for hit in self.hits:
            item = QListWidgetItem(hit_text(hit))
            item.setData(Qt.ItemDataRole.UserRole, hit.customer_id)
            self.results.addItem(item)
        if self.hits:
            self.results.setCurrentRow(0)
        elif text.strip():
            empty = QListWidgetItem(self.tr("No saved customer matches."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)

    def pick_row(self, row: int) -> None:
        if 0 <= row < len(self.hits):
            self.picked.emit(self.hits[row])

    def _activated(self, item: QListWidgetItem) -> None:
        self.pick_row(self.results.row(item))

    def clear(self) -> None:
        self.box.clear()
        self.hits = []
        self.results.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.results.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < len(self.hits):
                    self.results.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.pick_row(self.results.currentRow())
                return True
        return super().eventFilter(watched, event)

    def close_tasks(self) -> None:
        self.tasks.cancel_all()
