"""The main window's vendor checks drive real widgets against the sandbox on loopback."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import qasync
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.profile import profile_from_dict
from app.sandbox.runner import ThreadedSandbox
from app.secrets import MemorySecrets
from ui.main_window import MainWindow


def cell(window: MainWindow, row: int, column: int) -> str:
    model = window.model
    return str(model.data(model.index(row, column, QModelIndex())))


def run_refresh(window: MainWindow, loop: qasync.QEventLoop) -> None:
    window.refresh()
    loop.run_until_complete(asyncio.wait_for(window.checks_done(), 20))


def test_training_window_shows_every_vendor_ok(qtbot: QtBot, qloop: qasync.QEventLoop,
                                              threaded_sandbox: ThreadedSandbox,
                                              tmp_path: Path) -> None:
    box = threaded_sandbox.sandbox
    profile = profile_from_dict(box.profile_dict())
    window = MainWindow(profile, MemorySecrets("ui-test", box.secrets), training=True)
    qtbot.addWidget(window)
    window.show()
    banner = window.findChild(QLabel, "trainingBanner")
    assert banner is not None and banner.isVisible() and "TRAINING MODE" in banner.text()
    run_refresh(window, qloop)
    names = [cell(window, row, 0) for row in range(window.model.rowCount())]
    assert names == ["Qminder", "Qudini", "Booxi", "reservations", "LOKE"]
    results = [cell(window, row, 5) for row in range(5)]
    assert all(r.startswith("✔ OK") for r in results), results
    assert window.checked_label.text().startswith("checked at")
    shot = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path)) / "main_window.png"
    assert window.grab().save(str(shot))


def test_failing_vendor_is_named_and_f5_rechecks(qtbot: QtBot, qloop: qasync.QEventLoop,
                                                 threaded_sandbox: ThreadedSandbox) -> None:
    box = threaded_sandbox.sandbox
    profile = profile_from_dict(box.profile_dict())
    secrets = MemorySecrets("ui-test", dict(box.secrets, loke="wrong-secret-value"))
    window = MainWindow(profile, secrets, training=False)
    qtbot.addWidget(window)
    window.show()
    assert window.findChild(QLabel, "trainingBanner") is None
    run_refresh(window, qloop)
    loke = cell(window, 4, 5)
    assert loke.startswith("✘") and "wrong-secret-value" not in loke
    assert cell(window, 4, 3) == "✘ no"
    secrets.set("loke", box.secrets["loke"])
    assert window.tabs.currentWidget() is window.vendors_panel  # no cache: no search tab
    qtbot.keyClick(window, Qt.Key.Key_F5)  # F5 on the Vendors tab checks them again
    assert window.vendors_panel.tasks.running("doctor")
    qloop.run_until_complete(asyncio.wait_for(window.checks_done(), 20))
    assert cell(window, 4, 5).startswith("✔ OK")


def test_store_name_is_plain_text(qtbot: QtBot, qloop: qasync.QEventLoop,
                                  threaded_sandbox: ThreadedSandbox) -> None:
    data = threaded_sandbox.sandbox.profile_dict()
    data["store"]["name"] = "<b>Bob's</b> & <a href='x'>Co</a>"
    window = MainWindow(profile_from_dict(data), MemorySecrets("x"), training=True)
    qtbot.addWidget(window)
    label = window.findChild(QLabel, "storeName")
    assert label is not None
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<b>Bob's</b> & <a href='x'>Co</a>"
