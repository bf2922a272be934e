"""The Audit tab (managers only): every edit, blacklist change, merge and export, newest first.

The log itself is append-only in the cache (triggers refuse changes); this tab only reads it,
in manager mode — in staff mode it shows nothing but how to unlock — and exports it to CSV with
the same guards as the blacklist export (and that export is itself audited).
"""

from __future__ import annotations

import sqlite3
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

from app.cache import edits
from app.cache.db import write_transaction
from app.cache.outbox import audit
from app.csvfile import write_csv
from ui.edit_service import EditService
from ui.help_overlay import key_text
from ui.manager_lock import ManagerGate
from ui.rows_model import RowsModel
from ui.sync_status import clock
from ui.tasks import TaskSlots
from ui.widgets import plain_label, plain_tip

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("When", "Counter", "Mode", "What", "Subject", "Details")
LIMIT = 2000


def detail_text(detail: dict[str, Any]) -> str:
    """The detail as "key: value · …" on one line (values as text, never markup)."""
    parts = []
    for key, value in detail.items():
        shown = value if isinstance(value, str) else repr(value)
        parts.append(f"{key}: {' '.join(str(shown).split())}")
    return " · ".join(parts)


class AuditModel(RowsModel):
    def __init__(self, zone: tzinfo, clock_now: Any) -> None:
        super().__init__(HEADERS)
        self.zone = zone
        self.now = clock_now
        self.rows: list[dict[str, Any]] = []

    def text(self, row: int, column: int) -> str:
        line = self.rows[row]
        if column == 0:
            return clock(datetime.fromisoformat(line["at"]), self.now(), self.zone)
        key = ("", "counter", "mode", "action", "subject")
        if column < len(key):
            return str(line[key[column]])
        return detail_text(line["detail"])

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

        def job(conn: sqlite3.Connection) -> int:
            rows = edits.audit_lines(conn, limit=-1)
            with write_transaction(conn):
                audit(conn, action="audit.export", subject=path.name,
                      detail={"file": str(path), "rows": len(rows)}, **who)
                return write_csv(path, ("at", "counter", "mode", "action", "subject", "detail"),
                                 [(r["at"], r["counter"], r["mode"], r["action"], r["subject"],
                                   detail_text(r["detail"])) for r in rows])

        try:
            count = await self.service.run(job)
        except OSError as exc:
            self.message.setText(f"Nothing was exported: {exc.strerror or exc} ({path}).")
            return
        self.message.setText(f"Exported {count:,} lines to {path}.")
        await self.load()

    async def idle(self) -> None:
        for name in ("load", "export"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()
