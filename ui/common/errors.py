"""The single exception funnel of the GUI.

Unexpected exceptions — from Qt slots (``sys.excepthook``) or from asyncio tasks (the loop's
exception handler) — are logged with context and shown once in a plain dialog that points to the
log file. ``error_dialogs=False`` (tests, smoke runs) only logs, so nothing modal blocks.
The dialog speaks the window's language; the log stays in English (support reads it).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("clientdesk.ui")


class ErrorFunnel:
    def __init__(self, *, dialogs: bool, log_hint: str) -> None:
        self.dialogs = dialogs
        self.log_hint = log_hint
        self.errors: list[BaseException] = []
        self._showing = False

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        sys.excepthook = self.excepthook
        loop.set_exception_handler(self.loop_handler)

    def excepthook(self, kind: type[BaseException], exc: BaseException,
                   tb: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, exc, tb))
        self._report(exc)

    def loop_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, asyncio.CancelledError):
            return
        log.error("unexpected error in background work: %s", context.get("message"),
                  exc_info=exc if isinstance(exc, BaseException) else None)
        if isinstance(exc, BaseException):
            self._report(exc)

    def _report(self, exc: BaseException) -> None:
        self.errors.append(exc)
        if not self.dialogs or self._showing:
            return
        self._showing = True
        try:
            box = error_box(self.log_hint)
            box.exec()
        finally:
            self._showing = False


def error_box(log_hint: str) -> QMessageBox:
    """The "something went wrong" dialog (not shown yet): plain text, named in words."""
    text = QCoreApplication.translate(
        "ErrorFunnel", "Something went wrong inside Clientdesk. Your data is safe; the details "
        "were written to {log_file}.").format(log_file=log_hint)
    box = QMessageBox(QMessageBox.Icon.Warning, "Clientdesk", text)  # the product's name
    box.setObjectName("errorDialog")
    box.setTextFormat(Qt.TextFormat.PlainText)  # a path is shown as typed
    box.setAccessibleName(QCoreApplication.translate("ErrorFunnel", "Something went wrong"))
    box.setAccessibleDescription(text)
    return box
