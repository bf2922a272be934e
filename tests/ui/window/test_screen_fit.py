"""The window on the counter's screen: inside the available area, compact when short, and a
layout remembered per screen size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize, Qt

from ui.window.main_window import MainWindow
from ui.window.screen_fit import PREFERRED, first_geometry, fits, is_short, layout_key

COUNTER = QRect(0, 0, 1366, 728)  # 1366×768 less a 40 px taskbar
DESK = QRect(0, 0, 1920, 1040)
ARRANGED = QSize(1100, 700)


def test_first_geometry_fits_every_common_screen() -> None:
    for available in (COUNTER, DESK, QRect(0, 0, 1280, 760), QRect(1920, 0, 1440, 860)):
        frame = first_geometry(available)
        assert available.contains(frame), available
    assert first_geometry(DESK).size() == PREFERRED
    assert first_geometry(COUNTER) == COUNTER  # a short screen: all of it
    assert is_short(COUNTER) and not is_short(DESK)
    assert layout_key(COUNTER) == "1366x728"
    assert fits(QRect(0, 0, 1366, 728), COUNTER)
    assert not fits(QRect(0, 0, 1500, 960), COUNTER)


def test_a_short_screen_docks_the_queue_at_the_side(
        window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    window.fit_screen(COUNTER)
    assert window.compact
    assert window.queue_dock is not None
    assert window.dockWidgetArea(window.queue_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.profile_panel is not None and window.profile_panel.compact
    assert COUNTER.contains(window.geometry())


def test_a_big_screen_keeps_the_profile_whole_and_the_queue_beside_it(
        window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    window.fit_screen(DESK)
    assert not window.compact
    assert window.queue_dock is not None and window.queue_panel is not None
    assert window.dockWidgetArea(window.queue_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.queue_panel.compact  # its narrow layout at the side
    assert window.profile_panel is not None and not window.profile_panel.compact
    assert window.size() == PREFERRED


def test_a_narrow_screen_docks_the_queue_under_the_tabs(
        window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    window.fit_screen(QRect(0, 0, 1024, 728))
    assert window.queue_dock is not None and window.queue_panel is not None
    assert window.dockWidgetArea(window.queue_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert not window.queue_panel.compact


def test_a_short_narrow_screen_keeps_the_profile_and_the_queue_one_key_away(
        window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    window.fit_screen(QRect(0, 0, 1093, 614))  # 1366×768 at 125 % display scaling
    assert window.compact and window.profile_panel is not None and window.profile_panel.compact
    assert window.queue_dock is not None and window.queue_dock.isHidden()
    window.focus_queue()  # F12
    assert window.queue_dock.isVisible()


def test_dragging_the_queue_changes_its_layout(
        window_with: Callable[..., MainWindow]) -> None:
    window = window_with()
    window.fit_screen(DESK)
    assert window.queue_dock is not None and window.queue_panel is not None
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, window.queue_dock)
    assert not window.queue_panel.compact  # the wide table under the tabs
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.queue_dock)
    assert window.queue_panel.compact


def test_each_screen_size_remembers_its_own_layout(
        window_with: Callable[..., MainWindow], tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    # Without a queue: two queue windows in one process are not a case (one per PC).
    first = window_with(settings=settings, queue=False)
    first.fit_screen(DESK)
    first.resize(ARRANGED)  # within the test's own offscreen screen, so Qt keeps it
    first.save_layout()  # what closing the window does
    assert settings.contains("layouts/1920x1040/geometry")
    again = window_with(settings=settings, queue=False)
    again.fit_screen(DESK)
    assert again.size() == ARRANGED  # the desk's own arrangement
    small = window_with(settings=settings, queue=False)
    small.fit_screen(COUNTER)
    assert small.size() != ARRANGED and COUNTER.contains(small.geometry())
