"""The entry point: the splash shows only when the window opens, and goes when it is up."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ui import splash
from ui.start import opens_window


@pytest.mark.parametrize("args,window", [
    ([], True),
    (["--demo"], True),
    (["--profile", "store.toml"], True),
    (["--data-dir", "doctor", "--demo"], True),  # a value, not the doctor command
    (["-v", "--profile", "s.toml", "--smoke", "--screenshot", "x.png"], True),
    (["doctor"], False),
    (["--profile", "s.toml", "credentials", "status"], False),
    (["--help"], False),
    (["--version"], False),
    (["--demo", "-h"], False),
])
def test_the_splash_is_for_the_window_only(args: list[str], window: bool) -> None:
    assert opens_window(args) is window


def test_the_splash_paints_then_closes_when_the_window_is_up(qtbot: QtBot,
                                                             qapp: QApplication) -> None:
    splash.show()
    shown = splash._current
    assert shown is not None and shown.isVisible()
    assert not shown.pixmap().isNull() and shown.pixmap().width() == 420
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    splash.finish(window)
    qtbot.waitUntil(lambda: not shown.isVisible(), timeout=3000)
    assert splash._current is None
    splash.finish(window)  # a second finish is harmless
