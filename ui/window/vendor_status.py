"""The vendor status panel ("Vendors" tab): one row per vendor with the doctor's verdict.

It answers "is each vendor of this store usable from this counter right now?" — credentials,
reachability, sign-in and latency — so staff and IT can tell a vendor outage from a local one.
Every verdict is a sign and a word ("✔ yes", "✘ failed — …"); the colour of the result only
repeats it.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QKeySequence
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
from ui.i18n import formats
from ui.theme import colour, set_size

# Column titles, marked here and translated where the header shows them.
_COLUMNS: tuple[str, ...] = (
    str(QT_TRANSLATE_NOOP("VendorStatusModel", "Vendor")),
    str(QT_TRANSLATE_NOOP("VendorStatusModel", "Secret")),
    str(QT_TRANSLATE_NOOP("VendorStatusModel", "Reachable")),
    str(QT_TRANSLATE_NOOP("VendorStatusModel", "Signed in")),
    str(QT_TRANSLATE_NOOP("VendorStatusModel", "Latency")),
    str(QT_TRANSLATE_NOOP("VendorStatusModel", "Result")),
)
Index = QModelIndex | QPersistentModelIndex


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "–"  # not checked: an earlier step failed
    if value:
        return QCoreApplication.translate("VendorStatusModel", "✔ yes")
    return QCoreApplication.translate("VendorStatusModel", "✘ no")


def result_text(check: VendorCheck) -> str:
    """The verdict in a sign and words, then the doctor's message (the core's words)."""
    if check.ok:
        return QCoreApplication.translate("VendorStatusModel", "✔ OK — {message}").format(
            message=check.message)
    return QCoreApplication.translate("VendorStatusModel", "✘ failed — {message}").format(
        message=check.message)


def latency_text(latency_ms: float | None) -> str:
    if latency_ms is None:
        return ""
    return QCoreApplication.translate("VendorStatusModel", "{count} ms").format(
        count=formats().number(round(latency_ms)))


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
            return QCoreApplication.translate("VendorStatusModel", _COLUMNS[section])
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
                return self.tr("checking…") if column == len(_COLUMNS) - 1 else ""
            if column == 1:
                return self.tr("not needed") if result.credentials is None and result.ok \
                    else _yes_no(result.credentials)
            if column == 2:
                return _yes_no(result.reachable)
            if column == 3:
                return _yes_no(result.authenticated)
            if column == 4:
                return latency_text(result.latency_ms)
            return result_text(result)
        if role == Qt.ItemDataRole.ForegroundRole and result is not None and column == 5:
            # Asked at paint time, so a switch to a dark palette is honoured.
            return QBrush(colour("done" if result.ok else "alert"))
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
        self.setAccessibleName(self.tr("Vendor connections"))
        self.profile = profile
        self.secrets = secrets
        self.tasks = TaskSlots()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        caption = QHBoxLayout()
        title = plain_label(self.tr("Vendor connections"), "vendorStatusTitle")
        set_size(title, "heading")
        caption.addWidget(title)
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
        self.table.setAccessibleName(self.tr("Vendor connections"))
        self.table.setAccessibleDescription(self.tr(
            "One row per vendor: its secret, whether it answers, sign-in, latency and the "
            "result"))
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the button
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
        key = QKeySequence("F5").toString(QKeySequence.SequenceFormat.NativeText)
        self.recheck = QPushButton(self.tr("Check again ({key})").format(key=key))
        self.recheck.setObjectName("recheckButton")
        self.recheck.setAccessibleName(self.tr("Check vendors again"))
        self.recheck.setAccessibleDescription(self.tr(
            "Runs the connection checks for every vendor again ({key})").format(key=key))
        self.recheck.clicked.connect(self.refresh)
        buttons.addWidget(self.recheck)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.table, self.recheck)  # read the verdicts, then check again

    def refresh(self) -> None:
        """Run the doctor checks for every vendor; rows fill in as each vendor answers."""
        self.tasks.start("doctor", self._check_all())

    async def _check_all(self) -> None:
        self.recheck.setEnabled(False)
        self.model.set_checking()
        self.checked_label.setText(self.tr("checking…"))
        try:
            # Keyring backend detection can block (D-Bus): never on the GUI thread.
            where = await asyncio.to_thread(self._describe_secrets)
            self.secrets_label.setText(self.tr("Credentials: {where}").format(where=where))

            async def one(vendor: str) -> None:
                self.model.set_result(await check_vendor(vendor, self.profile, self.secrets))

            # Each row as its vendor answers. (Not asyncio.as_completed: its internal queue
            # could bind to another test's or thread's loop under qasync — seen in CI.)
            await asyncio.gather(*(one(v) for v in self.profile.vendors()))
            self.checked_label.setText(self.tr("checked at {time}").format(
                time=formats().time_seconds(datetime.now().astimezone())))
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
