"""The Help menu's About box (what this install is) and one window per data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import qasync
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app import __version__
from app.about import Install
from app.profile import profile_from_dict
from app.sandbox.runner import Sandbox
from app.secrets import MemorySecrets
from tests.ui.conftest import run, until
from tests.ui.search.a11y import tab_chain, translated, unnamed_controls
from ui.single_instance import SingleInstance
from ui.window.about import AboutDialog
from ui.window.main_window import MainWindow


def test_about_shows_version_store_profile_data_keyring_and_vendors(
        qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    box = Sandbox(10, store_id="about-test")
    box.ports = {v: 40000 + k for k, v in enumerate(box.servers)}  # addresses only, no server
    raw = box.profile_dict()
    raw["store"]["name"] = "Pitt St <b>Flagship</b>"
    profile = profile_from_dict(raw)
    install = Install(tmp_path / "store.toml", "machine-wide", tmp_path / "data", keyring="")
    window = MainWindow(profile, MemorySecrets("about-test", {}), training=False,
                        install=install)
    qtbot.addWidget(window)
    window.show()
    action = window.findChild(QAction, "aboutAction")
    assert action is not None and window.help_menu.title() == "&Help"
    action.trigger()
    run(qloop, until(lambda: window.about_dialog is not None
                     and window.about_dialog.isVisible()))
    dialog = window.about_dialog
    assert dialog is not None
    shown = {label: widget.text() for label, widget in dialog.values.items()}
    assert shown["Version"] == __version__
    assert shown["Store"] == "Pitt St <b>Flagship</b> (about-test)"  # literally
    assert shown["Profile"] == f"{tmp_path / 'store.toml'} (machine-wide)"
    assert shown["Data folder"] == str(tmp_path / "data")
    assert shown["Keyring"] == "in memory (training mode)"
    assert shown["Booxi"].startswith(box.base_url("booxi")) and "direct" in shown["Booxi"]
    assert set(shown) >= {"Qminder", "Qudini", "reservations", "LOKE"}
    for label in dialog.findChildren(QLabel):
        assert label.textFormat() == label.textFormat().PlainText
    assert dialog.accessibleName() == dialog.windowTitle() == "About Clientdesk"
    assert dialog.copy_button.accessibleName() == "Copy"
    assert dialog.ok_button.accessibleName() == "OK"
    assert unnamed_controls(dialog) == []
    assert tab_chain(dialog.ok_button, dialog) == ["aboutOk", "aboutCopy"]
    title = dialog.findChild(QLabel, "aboutTitle")
    assert title is not None and title.styleSheet() == ""
    assert title.property("textsize") == "title"  # relative to the system font
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "Store: Pitt St <b>Flagship</b> (about-test)" in copied
    assert f"Data folder: {tmp_path / 'data'}" in copied
    window.resize(1366, 768)
    shot = Path(os.environ.get("CLIENTDESK_SCREENSHOT_DIR", tmp_path)) / "about.png"
    assert dialog.grab().save(str(shot))


def test_about_labels_are_translated_and_vendor_names_are_not(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    with translated(tmp_path, "fr", [
            ("AboutDialog", "Data folder", "", "Dossier des données"),
            ("AboutDialog", "{label}:", "a row of the About box: its label", "{label} :")]):
        dialog = AboutDialog([("Data folder", "/var/lib/clientdesk"), ("LOKE", "https://x")])
        qtbot.addWidget(dialog)
        captions = [label.text() for label in dialog.findChildren(QLabel)
                    if label.text().endswith(":")]
        assert captions == ["Dossier des données :", "LOKE :"]
        assert dialog.values["Data folder"].text() == "/var/lib/clientdesk"  # keyed in English
        assert dialog.text() == "Dossier des données : /var/lib/clientdesk\nLOKE : https://x"


def test_a_second_launch_brings_the_first_window_forward(qtbot: QtBot, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path / "data")
    assert first.claim()
    second = SingleInstance(tmp_path / "data")
    with qtbot.waitSignal(first.raise_requested, timeout=5000):
        assert not second.claim()  # it asked the first, which now comes forward
    other_folder = SingleInstance(tmp_path / "other")
    assert other_folder.claim()  # another data folder: another window may open
    other_folder.release()
    first.release()
    third = SingleInstance(tmp_path / "data")
    assert third.claim()  # free again once the first closed
    third.release()


@pytest.mark.qt_log_ignore("does not support (raise|propagateSizeHints)")  # offscreen
def test_bring_to_front_restores_a_minimised_window(qtbot: QtBot) -> None:
    box = Sandbox(10, store_id="front-test")
    box.ports = {v: 41000 + k for k, v in enumerate(box.servers)}
    window = MainWindow(profile_from_dict(box.profile_dict()), MemorySecrets("f", {}),
                        training=True)
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    window.bring_to_front()
    assert not window.isMinimized() and window.isVisible()
