"""What a screen reader hears from a window, checked: every control named in words.

Why: screen readers used to hear object names — "searchBox", "loadOlder", "trainingBanner" —
because widgets were given their object name as accessible name. :func:`problems` walks a
widget tree the way an assistive technology sees it (``QAccessible`` interfaces, so a line
edit's buddy label or a button's own text counts as its name) and lists every control with
no name, and every name or description that reads like an identifier. The training smoke run
(:mod:`ui.training`, ``CLIENTDESK_SMOKE_WALK``) walks every tab, panel and dialog of the demo
window with it, in each shipped language, and fails on any problem; the UI tests call it on
single panels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

__all__ = ["Problem", "identifier_like", "name_of", "problems"]

#: What a person operates: each must have a name.
CONTROLS: tuple[type[QWidget], ...] = (
    QAbstractButton, QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
    QAbstractItemView, QTabWidget, QSlider, QDockWidget, QDialog,
)
#: Widgets whose children are their own parts (a combo box's line edit, a tab bar's scroll
#: arrows, a calendar's buttons): the owner is named, the parts are Qt's.
OWNERS: tuple[type[QWidget], ...] = (QComboBox, QAbstractSpinBox, QTabBar, QCalendarWidget,
                                     QLineEdit)

_CAMEL = re.compile(r"^[a-z]+(?:[A-Z][a-z0-9]*)+$")
_IDENT = re.compile(r"^[A-Za-z0-9]+(?:[_:.][A-Za-z0-9]+)+$")  # "E-mail" is a word


@dataclass(frozen=True)
class Problem:
    """One thing a screen reader user would trip on."""

    widget: str  # object name or class, for the test's message
    kind: str  # "no name", "identifier name", "identifier description"
    text: str

    def __str__(self) -> str:
        return f"{self.widget}: {self.kind}" + (f" ({self.text!r})" if self.text else "")


def identifier_like(text: str, object_name: str = "") -> bool:
    """Whether ``text`` reads like code rather than words: ``searchBox``, ``load_older``,
    ``shortcut:help``, or the widget's own object name."""
    words = text.strip()
    if not words:
        return False
    if object_name and words == object_name and " " not in words:
        return True
    return bool(_CAMEL.match(words) or _IDENT.match(words))


def name_of(widget: QWidget) -> str:
    """The name an assistive technology reads for ``widget``."""
    face = QAccessible.queryAccessibleInterface(widget)
    if face is None:
        return widget.accessibleName()
    return face.text(QAccessible.Text.Name) or ""


def _is_part(widget: QWidget) -> bool:
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, OWNERS):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QHeaderView)  # a view's header reads its column titles


def _label(widget: QWidget) -> str:
    return widget.objectName() or type(widget).__name__


def problems(roots: Iterable[QWidget]) -> list[Problem]:
    """Every naming problem under ``roots`` (the roots included), each widget once."""
    found: list[Problem] = []
    seen: set[int] = set()
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if id(widget) in seen or _is_part(widget):
                continue
            seen.add(id(widget))
            own = widget.accessibleName()
            if own and identifier_like(own, widget.objectName()):
                found.append(Problem(_label(widget), "identifier name", own))
            description = widget.accessibleDescription()
            if description and identifier_like(description, widget.objectName()):
                found.append(Problem(_label(widget), "identifier description", description))
            if isinstance(widget, CONTROLS):
                name = name_of(widget).strip()
                if not name:
                    found.append(Problem(_label(widget), "no name", ""))
                elif not own and identifier_like(name, widget.objectName()):
                    found.append(Problem(_label(widget), "identifier name", name))
    return found
