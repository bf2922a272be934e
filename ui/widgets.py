"""Small widgets shared by the panels."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


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
