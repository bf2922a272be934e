"""The editing views on their own, over an empty cache: no sandbox, no main window.

Why: the words, tones, accessible names and tab orders of a view do not depend on vendors;
building one panel or dialog over a fresh cache takes milliseconds, so each can be checked in
every state it has (staff and manager, pending and failed, a conflict) without a sync.

Helpers here are shared by the tests of issue 16 (tests/ui/editing/test_words_and_order.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QToolButton,
    QWidget,
)

from app.cache.db import Cache
from app.cache.outbox import Edit
from app.cache.search import SearchHit
from app.cache.thread import CacheThread
from app.manager import ManagerLock
from app.secrets import MemorySecrets
from ui.editing.manager_lock import ManagerGate
from ui.editing.service import EditService

PIN = "482613"
#: An accessible name that is an identifier ("blacklistTable", "note_editor"), not words.
IDENTIFIER = re.compile(r"^[a-z]+[A-Z]\w*$")
#: The controls a screen reader announces by name (labels read their own text).
CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QCheckBox,
            QListView, QTableView)


class NoSearch:
    """A customer search that finds nobody (the pickers are only looked at here)."""

    async def search(self, text: str, limit: int = 50, offset: int = 0) -> list[SearchHit]:
        return []


@dataclass
class Parts:
    """What every editing view is built from: the edit service, the manager gate, a host."""

    service: EditService
    gate: ManagerGate
    lock: ManagerLock
    jobs: CacheThread
    host: QWidget

    def manager(self) -> None:
        """Manager mode, as if the PIN had been typed (the dialog is tested elsewhere)."""
        self.lock.set_pin(PIN)
        self.lock.unlock(PIN)
        self.gate.check()
        assert self.gate.mode == "manager"

    def close(self) -> None:
        self.gate.close()
        self.service.timer.stop()
        self.jobs.close()


def parts_in(tmp_path: Path) -> Iterator[Parts]:
    """A fresh cache, its thread, a manager lock and an edit service (closed after)."""
    cache = Cache.open(tmp_path / "parts.sqlite3")
    jobs = CacheThread(cache)
    lock = ManagerLock(MemorySecrets("parts-test"), tmp_path / "manager-lock.json")
    service = EditService(jobs.run, lock, counter="till-parts", every_ms=600_000)
    host = QWidget()
    parts = Parts(service, ManagerGate(lock, host), lock, jobs, host)
    try:
        yield parts
    finally:
        parts.close()
        host.deleteLater()


def an_edit(**changes: Any) -> Edit:
    """An open note edit of reservations record R1 (fields as ``changes`` say)."""
    values: dict[str, Any] = {
        "id": 1, "created_at": datetime.now(UTC), "record": "reservations:customer:R1",
        "vendor": "reservations", "kind": "note.set",
        "payload": {"customer_id": "R1", "name": "Ana Pérez", "note": "Ours"}, "base": "",
        "state": "pending", "attempts": 0, "next_attempt_at": None, "last_error": "",
        "upstream": None, "counter": "till-parts", "mode": "staff"}
    values.update(changes)
    return Edit(**values)


def tab_stops(root: QWidget) -> list[str]:
    """The object names Tab visits inside ``root``, from its first control: the focus chain,
    keeping what Tab stops at (visible, enabled, taking Tab focus, not a proxy)."""
    stops: list[str] = []
    widget: QWidget | None = root.nextInFocusChain()
    for _ in range(2000):
        if widget is None or widget is root:
            break
        if root.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() and \
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            stops.append(widget.objectName())
        widget = widget.nextInFocusChain()
    return stops


def named_badly(root: QWidget) -> list[str]:
    """Every control in ``root`` (and ``root``) whose accessible name is missing, an object
    name, or identifier-like; empty when all are words."""
    bad = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not isinstance(widget, CONTROLS):
            continue
        if widget.window() is not root.window():
            continue  # a combo box's popup list: its own window, Qt's
        if isinstance(widget, QToolButton) and isinstance(widget.parentWidget(), QLineEdit):
            continue  # a line edit's built-in clear button (never takes focus)
        if widget.objectName() == "qt_tableview_cornerbutton" or widget.focusProxy():
            continue  # Qt's own parts, reached through their owner
        name = widget.accessibleName()
        if not name or name == widget.objectName() or IDENTIFIER.match(name) or "_" in name:
            bad.append(f"{type(widget).__name__} {widget.objectName()!r}: {name!r}")
    return bad


def styled(root: QWidget) -> list[str]:
    """Widgets in ``root`` that still carry a style sheet of their own."""
    return [w.objectName() or type(w).__name__ for w in [root, *root.findChildren(QWidget)]
            if w.styleSheet()]
