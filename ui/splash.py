"""A start-up splash, painted before the heavy imports, so a click on the icon shows at once.

Why: from a click to the main window the app imports its whole stack (pydantic models, httpx,
aiohttp for training mode, sqlite-utils) — over a second on a counter PC, with nothing on the
screen (bench_startup.py). This module needs only Qt and the standard library, so
:mod:`ui.start` can show the splash first; :mod:`ui.main` closes it when the window is up.

Its one word ("Starting…") is translated with the system's language (or ``CLIENTDESK_LANGUAGE``):
the store's profile (``[store] language``) is not read yet, and reading it is the heavy start-up
this hides. The window's own translators (:mod:`ui.i18n`) replace this one when it closes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget

_current: QLabel | None = None
_translator: QTranslator | None = None


def _resources() -> Path:
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).parents[1]
    return root / "resources"


def _icon() -> Path:
    return _resources() / "icons" / "clientdesk.png"


def _load_words(app: QApplication) -> None:
    """The system's (or ``CLIENTDESK_LANGUAGE``'s) translations, for the splash's one word;
    none found (English, or a language not shipped) leaves it in English."""
    global _translator
    wanted = os.environ.get("CLIENTDESK_LANGUAGE", "").strip() or QLocale.system().name()
    lang = wanted.replace("-", "_").split("_")[0].lower()
    if not lang or lang == "en":
        return
    translator = QTranslator(app)
    if translator.load(str(_resources() / "translations" / f"clientdesk_{lang}.qm")):
        app.installTranslator(translator)
        _translator = translator


def show() -> None:
    """Create the application and paint the splash (once); never fails the start."""
    global _current
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    _load_words(app)
    # Fixed colours on purpose: the splash is painted before the theme (ui.theme) and its
    # palette exist, on a pixmap of its own; dark text on white reads on any desktop, and
    # the edge below keeps it a window on a white one. Fixed point sizes too: the text must
    # fit the fixed-size pixmap whatever the system's text size.
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
    painter.drawText(140, 106, QCoreApplication.translate("Splash", "Starting…"))
    painter.setPen(QColor("#cbd2d9"))  # an edge, so it reads as a window on a white desktop
    painter.drawRect(0, 0, pixmap.width() - 1, pixmap.height() - 1)
    painter.end()
    # A plain frameless label, not QSplashScreen: Qt 6's show() there waits up to a second
    # for the window to be exposed, which is exactly the wait a splash is meant to hide.
    splash = QLabel()
    splash.setAccessibleName(QCoreApplication.translate("Splash", "Clientdesk is starting"))
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
    global _current, _translator
    if _current is not None:
        _current.close()
        _current = None  # the last reference: Qt's object goes with it
    if _translator is not None:  # the window's own translators speak from now on
        QCoreApplication.removeTranslator(_translator)
        _translator = None
