"""Where the window goes on the counter's screen, and which layout a screen that size gets.

Why: the first window used to be 1280×900. On the most common counter screen, 1366×768
(about 728 px above a taskbar), its status bar was off-screen and, with the queue docked
under the tabs, the profile showed two timeline rows. Now the window opens inside the
screen's *available* area (:func:`first_geometry`); the queue docks beside the profile on
any landscape screen wide enough (:func:`side_dock`), where it costs width rather than the
height the profile's timeline needs; and a short screen (:func:`is_short`) gets the compact
profile: its sections as tabs under a header that never scrolls away.

Each screen size remembers its own layout (:func:`layout_key`): a laptop docked to a big
screen at the counter and used on its own screen in the back office keeps both arrangements,
and a geometry saved on a bigger screen never opens a window half off a smaller one
(:func:`fits`).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

__all__ = ["PREFERRED", "SHORT_HEIGHT", "first_geometry", "fits", "is_short", "layout_key",
           "side_dock"]

#: The window's size when the screen has room for it (and no layout was saved for it): most
#: of a 1920×1080 screen, since the profile, the search and the queue share it.
PREFERRED = QSize(1840, 1010)
#: Screens at least this wide dock the queue beside the profile (search 300 + profile 630 +
#: queue 420, with borders); narrower ones under it.
SIDE_DOCK_WIDTH = 1280
#: Available heights below this get the compact layout (1366×768, 1280×800, 1440×900 with a
#: taskbar); 1920×1080 (about 1040 available) gets the roomy one.
SHORT_HEIGHT = 900
#: Kept clear around a window that does not fill the screen (the taskbar's edge, a border).
MARGIN = 8


def is_short(available: QRect) -> bool:
    """Whether a screen with this available area gets the compact layout."""
    return available.height() < SHORT_HEIGHT


def side_dock(available: QRect) -> bool:
    """Whether the queue docks at the side (landscape screens wide enough) or underneath."""
    return available.width() >= SIDE_DOCK_WIDTH


def layout_key(available: QRect) -> str:
    """The settings group a screen's layout is saved under: ``"1366x728"``."""
    return f"{available.width()}x{available.height()}"


def first_geometry(available: QRect, preferred: QSize = PREFERRED) -> QRect:
    """The window's first frame: ``preferred`` when it fits, else as much of the available
    area as there is, centred in it."""
    width = min(preferred.width(), available.width() - 2 * MARGIN)
    height = min(preferred.height(), available.height() - 2 * MARGIN)
    if is_short(available):  # every pixel of height counts: take it all
        width = available.width()
        height = available.height()
    frame = QRect(0, 0, max(width, 320), max(height, 240))
    frame.moveCenter(available.center())
    return frame


def fits(frame: QRect, available: QRect) -> bool:
    """Whether a saved frame lies wholly inside the available area (with a little slack
    for window borders)."""
    slack = available.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    return slack.contains(frame)
