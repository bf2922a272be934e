"""A start-up splash, painted before the heavy imports, so a click on the icon shows at once.

Why: from a click to the main window the app imports its whole stack (pydantic models, httpx,
aiohttp for training mode, sqlite-utils) — over a second on a counter PC, with nothing on the
screen (bench_startup.py). This module needs only Qt and the standard library, so
:mod:`ui.start` can show the splash first; :mod:`ui.main` closes it when the window is up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget

_current: QLabel | None = None


def _icon() -> Path:
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).parents[1]
    return root / "resources" / "icons" / "clientdesk.png"


def show() -> None:
    """Create the application and paint the splash (once); never fails the start."""
    global _current
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    pixmap = QPixmap(420, 160)
    pixmap.fill(QColor("#ffffff"))
    painter = QPainter(pixmap)
    icon = QPixmap(str(_icon()))
    if not icon.isNull():
        painter.drawPixmap(24, 32, 96, 96, icon)
    title = QFont()
    title.setPointSize(20)
    title.setBold(True)
    painter.setFont(title)
    painter.setPen(QColor("#1f2933"))
    painter.drawText(140, 76, "Clientdesk")
    small = QFont()
    small.setPointSize(11)
    painter.setFont(small)
    painter.setPen(QColor("#52606d"))
    painter.drawText(140, 106, "Starting…")
    painter.setPen(QColor("#cbd2d9"))  # an edge, so it reads as a window on a white desktop
    painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
    painter.end()
    # A plain frameless label, not QSplashScreen: Qt 6's show() there waits up to a second
    # for the window to be exposed, which is exactly the wait a splash is meant to hide.
    splash = QLabel()
    splash.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint
                          | Qt.WindowType.WindowStaysOnTopHint)
    splash.setPixmap(pixmap)
    splash.resize(pixmap.size())
    screen = app.primaryScreen()
    if screen is not None:
        splash.move(screen.availableGeometry().center() - splash.rect().center())
    splash.show()
    app.processEvents()
    _current = splash
    if os.environ.get("CLIENTDESK_STARTUP_PROBE"):
        print("splash paint", flush=True)


def finish(window: QWidget) -> None:
    """Close the splash once ``window`` is shown (no-op without one)."""
    global _current
    if _current is not None:
        _current.close()
        _current = None  # the last reference: Qt's object goes with it
