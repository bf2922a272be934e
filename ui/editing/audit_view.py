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

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
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
from app.marks import QT_TRANSLATE_NOOP
from ui.common.rows_model import RowsModel
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label, plain_tip
from ui.editing.manager_lock import ManagerGate
from ui.editing.service import EditService, mode_word, moment_text
from ui.i18n import formats
from ui.theme import set_size, set_tone
from ui.window.help_overlay import key_text

Index = QModelIndex | QPersistentModelIndex
#: Column titles, translated where the header shows them.
HEADERS = (QT_TRANSLATE_NOOP("AuditModel", "When"), QT_TRANSLATE_NOOP("AuditModel", "Counter"),
           QT_TRANSLATE_NOOP("AuditModel", "Mode"), QT_TRANSLATE_NOOP("AuditModel", "What"),
           QT_TRANSLATE_NOOP("AuditModel", "Subject"),
           QT_TRANSLATE_NOOP("AuditModel", "Details"))
LIMIT = 2000


class AuditModel(RowsModel[AuditRow]):
    def __init__(self, zone: tzinfo, clock_now: Callable[[], datetime]) -> None:
        super().__init__(HEADERS)
        self.zone = zone
        self.now = clock_now

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The column titles in the window's language (marked at import, shown here)."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("AuditModel", self.headers[section])
        return super().headerData(section, orientation, role)

    def text(self, row: int, column: int) -> str:
        line = self.rows[row]
        cells = (moment_text(line.at, self.now(), self.zone), line.counter, mode_word(line.mode),
                 line.action, line.subject, line.detail_text)
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
        self.setAccessibleName(self.tr("Audit log"))
        self.setAccessibleDescription(self.tr(
            "Every edit, blacklist change, merge and export, newest first; managers only"))
        self.service = service
        self.gate = gate
        self.tasks = TaskSlots()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        title = plain_label(self.tr("Audit log"), "auditTitle")
        set_size(title, "subtitle")
        top.addWidget(title)
        self.count = plain_label("", "auditCount")
        top.addWidget(self.count, 1)
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setObjectName("exportAudit")
        self.export_button.setAccessibleName(self.tr("Export the audit log"))
        self.export_button.setAccessibleDescription(self.tr(
            "Saves every line of the audit log to a CSV file you choose"))
        top.addWidget(self.export_button)
        layout.addLayout(top)
        self.locked = plain_label(
            self.tr("Managers only: unlock manager mode ({key}) to see who changed "
                    "what.").format(key=key_text("manager.toggle")), "auditLocked", wrap=True)
        set_tone(self.locked, "muted")
        layout.addWidget(self.locked)
        self.message = plain_label("", "auditMessage", wrap=True)
        layout.addWidget(self.message)
        self.model = AuditModel(zone, service.clock)
        self.view = QTableView(self)
        self.view.setObjectName("auditTable")
        self.view.setAccessibleName(self.tr("Audit log lines"))
        self.view.setAccessibleDescription(self.tr(
            "Newest first: when, at which counter, in which mode, what was done and to whom"))
        self.view.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
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
        QWidget.setTabOrder(self.export_button, self.view)
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
        count = formats().number(len(rows))
        if len(rows) >= LIMIT:
            text = self.tr("— {count} line(s) (newest shown)", "", len(rows))
        else:
            text = self.tr("— {count} line(s)", "", len(rows))
        self.count.setText(text.format(count=count))

    def choose_export(self) -> None:
        if not self.gate.active():
            return
        dialog = QFileDialog(self, self.tr("Export the audit log"),
                             str(Path.home() / "audit.csv"), self.tr("CSV files (*.csv)"))
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
            set_tone(self.message, "alert")
            self.message.setText(exc.message)
            return
        set_tone(self.message, "done")
        self.message.setText(self.tr("Exported {count} line(s) to {path}.", "", done.rows).format(
            count=formats().number(done.rows), path=done.path))
        await self.load()

    async def idle(self) -> None:
        for name in ("load", "export"):
            task = self.tasks.get(name)
            if task is not None and not task.done():
                await task

    def close_tasks(self) -> None:
        self.tasks.cancel_all()
