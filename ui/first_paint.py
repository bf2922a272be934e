"""Say when a window is first painted: for the start-up benchmark (bench_startup.py).

With ``CLIENTDESK_STARTUP_PROBE`` set, the window prints ``first paint`` on stdout the moment
Qt has painted it once, then ``on_paint`` runs (the benchmark closes it). The bare PySide6
window the benchmark compares against uses this same class, so both are timed the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

STARTUP_PROBE_ENV = "CLIENTDESK_STARTUP_PROBE"
MARK = "first paint"


class FirstPaint(QObject):
    """An event filter on ``window`` that fires once, after its first paint event."""

    def __init__(self, window: QWidget, on_paint: Callable[[], object]) -> None:
        super().__init__(window)
        self.window = window
        self.on_paint = on_paint
        self.done = False

    def install(self) -> None:
        self.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and watched is self.window and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self._report)  # after the paint has finished
        return False

    def _report(self) -> None:
        print(MARK, flush=True, file=sys.stdout)
        self.window.removeEventFilter(self)
        self.on_paint()
