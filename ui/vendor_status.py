"""The vendor status panel: one row per vendor with the doctor's verdict.

Until the search, profile and queue panels of later issues exist, this is what the window shows:
whether each vendor of the store is usable from this counter right now.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.doctor import VendorCheck

_COLUMNS = ("Vendor", "Secret", "Reachable", "Signed in", "Latency", "Result")
Index = QModelIndex | QPersistentModelIndex


def _yes_no(value: bool | None) -> str:
    return {True: "✔ yes", False: "✘ no", None: "–"}[value]


class VendorStatusModel(QAbstractTableModel):
    """Rows are vendors; a vendor being checked shows "checking…" until its result arrives."""

    def __init__(self, names: list[tuple[str, str]]) -> None:
        super().__init__()
        self._names = names  # (vendor key, display name)
        self._results: dict[str, VendorCheck | None] = {key: None for key, _ in names}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._names)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        key, name = self._names[index.row()]
        result = self._results[key]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                return name
            if result is None:
                return "checking…" if column == len(_COLUMNS) - 1 else ""
            if column == 1:
                return "not needed" if result.credentials is None and result.ok \
                    else _yes_no(result.credentials)
            if column == 2:
                return _yes_no(result.reachable)
            if column == 3:
                return _yes_no(result.authenticated)
            if column == 4:
                return "" if result.latency_ms is None else f"{result.latency_ms:.0f} ms"
            return ("✔ OK — " if result.ok else "✘ ") + result.message
        if role == Qt.ItemDataRole.ForegroundRole and result is not None and column == 5:
            return QBrush(QColor("#1b5e20" if result.ok else "#b71c1c"))
        if role == Qt.ItemDataRole.ToolTipRole and result is not None and column == 5:
            return result.message
        return None

    def set_checking(self) -> None:
        self.beginResetModel()
        self._results = {key: None for key, _ in self._names}
        self.endResetModel()

    def set_result(self, check: VendorCheck) -> None:
        keys = [key for key, _ in self._names]
        row = keys.index(check.vendor)
        self._results[check.vendor] = check
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(_COLUMNS) - 1))

    def result(self, vendor: str) -> VendorCheck | None:
        return self._results.get(vendor)
