"""The baseline of bench_startup.py: a bare PySide6 window, frozen the same way as Clientdesk.

It paints one label, prints ``first paint`` (the same probe as the app: ui/first_paint.py)
and quits. Not a test and not part of the app; bench_startup.py freezes and runs it.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from ui.first_paint import FirstPaint


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setCentralWidget(QLabel("Bare PySide6 window"))
    window.resize(1280, 900)
    FirstPaint(window, on_paint=app.quit).install()
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
