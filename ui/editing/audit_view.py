"""The Audit tab (managers only): every edit, blacklist change, merge and export, newest first.

The log itself is append-only in the cache (triggers refuse changes); this tab only reads it,
in manager mode — in staff mode it shows nothing but how to unlock — and exports it to CSV by
:func:`app.cache.exports.export_audit`: the same file guards and the same kind of audit line
as the blacklist export, decided in the core.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cache import edits, exports
from app.cache.edits import AuditRow
from app.cache.exports import ExportRefused
from ui.common.rows_model import RowsModel
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label, plain_tip
from ui.editing.manager_lock import ManagerGate
from ui.editing.service import EditService
from ui.window.help_overlay import key_text
from ui.window.sync_status import clock

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("When", "Counter", "Mode", "What", "Subject", "Details")
LIMIT = 2000


class AuditModel(RowsModel[AuditRow]):
    def __init__(self, zone: tzinfo, clock_now: Callable[[], datetime]) -> None:
        super().__init__(HEADERS)
        self.zone = zone
        self.now = clock_now

    def text(self, row: int, column: int) -> str:
        line = self.rows[row]
        cells = (clock(line.at, self.now(), self.zone), line.counter, line.mode, line.action,
                 line.subject, line.detail_text)
        return cells[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(self.text(index.row(), index.column()))
        return None


class AuditView(QWidget):
    def __init__(self, service: EditService, gate: ManagerGate, zone: tzinfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.setAccessibleName("auditView")
        self.service = service
        self.gate = gate
        self.tasks = TaskSlots()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        title = plain_label("Audit log", "auditTitle")
        title.setStyleSheet("font-size:15px; font-weight:bold;")
        top.addWidget(title)
        self.count = plain_label("", "auditCount")
        top.addWidget(self.count, 1)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setObjectName("exportAudit")
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.locked = plain_label(
            "Managers only: unlock manager mode "
            f"({key_text('manager.toggle')}) to see who changed what.", "auditLocked",
            wrap=True)
        self.locked.setStyleSheet("color:#546e7a;")
        layout.addWidget(self.locked)
        self.message = plain_label("", "auditMessage", wrap=True)
        layout.addWidget(self.message)
        self.model = AuditModel(zone, service.clock)
        self.view = QTableView(self)
        self.view.setObjectName("auditTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        head = self.view.horizontalHeader()
        for column, width in enumerate((110, 110, 70, 140, 240)):
            head.resizeSection(column, width)
        head.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        head.setStretchLastSection(False)
        layout.addWidget(self.view, 1)
        self.export_button.clicked.connect(self.choose_export)
        gate.modeChanged.connect(self._paint_mode)
        service.changed.connect(self.refresh)
        self._paint_mode()

    def _paint_mode(self, _mode: str = "") -> None:
        manager = self.gate.mode == "manager"
        self.view.setVisible(manager)
        self.export_button.setVisible(manager)
        self.count.setVisible(manager)
        self.locked.setVisible(not manager)
        if manager:
            self.refresh()
        else:
            self.model.set_rows([])  # nothing stays readable once locked

    def refresh(self) -> None:
        if self.gate.mode == "manager":
            self.tasks.start("load", self.load())

    async def load(self) -> None:
        rows = await self.service.run(lambda conn: edits.audit_lines(conn, LIMIT))
        if self.gate.mode != "manager":
            return
        self.model.set_rows(rows)
        more = " (newest shown)" if len(rows) >= LIMIT else ""
        self.count.setText(f"— {len(rows):,} line{'s' if len(rows) != 1 else ''}{more}")

    def choose_export(self) -> None:
        if not self.gate.active():
            return
        dialog = QFileDialog(self, "Export the audit log", str(Path.home() / "audit.csv"),
                             "CSV files (*.csv)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def export_to(self, path: Path) -> None:
        if self.gate.active():
            self.gate.touch()
            self.tasks.start("export", self._export(path))

    async def _export(self, path: Path) -> None:
        who = self.service.who()
        try:
            # The file dialog asked before replacing a file.
            done = await self.service.run(
                lambda conn: exports.export_audit(conn, path, replace=True, **who))
        except ExportRefused as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(f"Exported {done.rows:,} lines to {done.path}.")
        await self.load()

    async def idle(self) -> None:
        for name in ("load", "export"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()
