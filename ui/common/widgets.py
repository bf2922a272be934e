"""Small widgets shared by the panels."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


def plain_label(text: str = "", name: str = "", *, wrap: bool = False,
                selectable: bool = False) -> QLabel:
    """A label that never interprets its text: vendor and profile text is shown literally
    (a customer named ``<b>Bob</b>`` reads exactly that)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if name:
        label.setObjectName(name)
        label.setAccessibleName(name)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` literally: Qt guesses whether a tooltip is rich text, so a
    reason like ``<b>loud</b>`` would turn bold; escaped inside an explicit rich-text paragraph
    it reads exactly as typed (line breaks kept)."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"


class InlineConfirm(QFrame):
    """"Are you sure?" inside the panel, not a modal dialog: the question (plain text), Yes
    and No. :meth:`ask` shows it with No focused, so Enter or Esc right after a destructive
    key keeps things as they are; the owner connects ``yes``/``no`` and hides it."""

    def __init__(self, name: str, yes: str, no: str, style: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(style)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.text = plain_label("", f"{name}Text", wrap=True)
        row.addWidget(self.text, 1)
        self.yes = QPushButton(yes)
        self.yes.setObjectName(f"{name}Yes")
        self.no = QPushButton(no)
        self.no.setObjectName(f"{name}No")
        row.addWidget(self.yes)
        row.addWidget(self.no)
        self.hide()

    def ask(self, question: str) -> None:
        self.text.setText(question)
        self.show()
        self.no.setFocus(Qt.FocusReason.OtherFocusReason)
