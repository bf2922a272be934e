"""The vendor status panel ("Vendors" tab): one row per vendor with the doctor's verdict.

It answers "is each vendor of this store usable from this counter right now?" — credentials,
reachability, sign-in and latency — so staff and IT can tell a vendor outage from a local one.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.doctor import VendorCheck, check_vendor
from app.errors import ClientdeskError
from app.profile import VENDOR_NAMES, StoreProfile
from app.secrets import SecretSource
from ui.common.tasks import TaskSlots
from ui.common.widgets import plain_label, plain_tip

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
            return plain_tip(result.message)  # may quote what the vendor answered
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


class VendorsPanel(QWidget):
    """The doctor's checks for every vendor of the profile, re-run on demand."""

    def __init__(self, profile: StoreProfile, secrets: SecretSource,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("vendorsPanel")
        self.profile = profile
        self.secrets = secrets
        self.tasks = TaskSlots()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        caption = QHBoxLayout()
        caption.addWidget(plain_label("Vendor connections", "vendorStatusTitle"))
        caption.addStretch(1)
        self.secrets_label = plain_label("", "secretsWhere")
        caption.addWidget(self.secrets_label)
        caption.addSpacing(16)
        self.checked_label = plain_label("", "checkedAt")
        caption.addWidget(self.checked_label)
        layout.addLayout(caption)

        self.model = VendorStatusModel([(v, VENDOR_NAMES[v]) for v in profile.vendors()])
        self.table = QTableView(self)
        self.table.setObjectName("vendorStatus")
        self.table.setAccessibleName("Vendor status")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        for column in range(len(_COLUMNS) - 1):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.recheck = QPushButton("Check again (F5)")
        self.recheck.setObjectName("recheckButton")
        self.recheck.setAccessibleName("Check vendors again")
        self.recheck.clicked.connect(self.refresh)
        buttons.addWidget(self.recheck)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        """Run the doctor checks for every vendor; rows fill in as each vendor answers."""
        self.tasks.start("doctor", self._check_all())

    async def _check_all(self) -> None:
        self.recheck.setEnabled(False)
        self.model.set_checking()
        self.checked_label.setText("checking…")
        try:
            # Keyring backend detection can block (D-Bus): never on the GUI thread.
            where = await asyncio.to_thread(self._describe_secrets)
            self.secrets_label.setText(f"Credentials: {where}")

            async def one(vendor: str) -> None:
                self.model.set_result(await check_vendor(vendor, self.profile, self.secrets))

            # Each row as its vendor answers. (Not asyncio.as_completed: its internal queue
            # could bind to another test's or thread's loop under qasync — seen in CI.)
            await asyncio.gather(*(one(v) for v in self.profile.vendors()))
            self.checked_label.setText(f"checked at {datetime.now():%H:%M:%S}")
        finally:
            self.recheck.setEnabled(True)

    async def checks_done(self) -> None:
        """Wait for the vendor check under way (if any) to finish."""
        task = self.tasks.get("doctor")
        if task is not None:
            await asyncio.shield(task)

    def all_ok(self) -> bool:
        results = [self.model.result(v) for v in self.profile.vendors()]
        return all(r is not None and r.ok for r in results)

    def _describe_secrets(self) -> str:
        try:
            return self.secrets.describe()
        except ClientdeskError as exc:
            return exc.message
