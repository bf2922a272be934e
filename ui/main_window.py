"""The main window. For now: store header, training banner, and each vendor's status."""

from __future__ import annotations

import asyncio
from datetime import datetime

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.doctor import check_vendor
from app.errors import ClientdeskError
from app.profile import VENDOR_NAMES, StoreProfile
from app.secrets import SecretSource
from ui.tasks import TaskSlots
from ui.vendor_status import VendorStatusModel

BANNER_STYLE = ("background:#ffd54f; color:#3e2723; font-weight:bold; padding:6px 10px; "
                "border-radius:4px;")


def plain_label(text: str, name: str) -> QLabel:
    """A label that never interprets vendor or profile text as rich text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setObjectName(name)
    label.setAccessibleName(name)
    return label


class MainWindow(QMainWindow):
    def __init__(self, profile: StoreProfile, secrets: SecretSource, *, training: bool,
                 settings: QSettings | None = None) -> None:
        super().__init__()
        self.profile = profile
        self.secrets = secrets
        self.training = training
        self.tasks = TaskSlots()
        self._settings = settings
        self.setObjectName("mainWindow")
        title = f"Clientdesk — {profile.store.name}" + (" (training)" if training else "")
        self.setWindowTitle(title)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 8)
        header = QHBoxLayout()
        store = plain_label(profile.store.name, "storeName")
        store.setStyleSheet("font-size:18px; font-weight:bold;")
        header.addWidget(store)
        header.addStretch(1)
        if training:
            banner = plain_label(
                "TRAINING MODE — fake customers and vendors; nothing is sent anywhere",
                "trainingBanner")
            banner.setStyleSheet(BANNER_STYLE)
            header.addWidget(banner)
        layout.addLayout(header)

        caption = QHBoxLayout()
        caption.addWidget(plain_label("Vendor connections", "vendorStatusTitle"))
        caption.addStretch(1)
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
        for column in range(5):
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
        self.setCentralWidget(central)
        self.refresh_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F5), self, self.refresh)
        self.statusBar().setObjectName("statusBar")
        self.resize(980, 420)
        self._restore_geometry()

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
            self.statusBar().showMessage(f"Secrets: {where}")
            jobs = [check_vendor(v, self.profile, self.secrets) for v in self.profile.vendors()]
            for next_done in asyncio.as_completed(jobs):
                self.model.set_result(await next_done)
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

    def _restore_geometry(self) -> None:
        if self._settings is None:
            return
        geometry = self._settings.value("mainWindow/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settings is not None:
            self._settings.setValue("mainWindow/geometry", self.saveGeometry())
        self.tasks.cancel_all()
        super().closeEvent(event)
