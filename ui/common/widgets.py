"""Small widgets shared by the panels."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.theme import set_surface


def plain_label(text: str = "", name: str = "", *, wrap: bool = False,
                selectable: bool = False) -> QLabel:
    """A label that never interprets its text: vendor and profile text is shown literally
    (a customer named ``<b>Bob</b>`` reads exactly that).

    ``name`` is the object name (tests, support scripts); a screen reader reads the label's
    own text, so it is not made the accessible name (that read "storeName" aloud)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def mnemonic_free(text: str) -> str:
    """A button's text without its ``&`` mnemonic marks (``"&&"`` stays one ``&``): the
    words a screen reader should say for it."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


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

    def __init__(self, name: str, yes: str, no: str, surface: str = "caution",
                 parent: QWidget | None = None, *, question: str = "", yes_says: str = "",
                 no_says: str = "") -> None:
        """``surface``: how the box looks (:func:`ui.theme.set_surface`); ``yes`` and ``no``
        are the buttons' words, translated by the caller; ``question``, ``yes_says`` and
        ``no_says`` what a screen reader hears for the box and each button when the short
        words are not enough ("No" → "No, keep them on the blacklist")."""
        super().__init__(parent)
        self.setObjectName(name)
        set_surface(self, surface)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.text = plain_label("", f"{name}Text", wrap=True)
        row.addWidget(self.text, 1)
        self.yes = QPushButton(yes)
        self.yes.setObjectName(f"{name}Yes")
        self.yes.setAccessibleName(mnemonic_free(yes))
        self.no = QPushButton(no)
        self.no.setObjectName(f"{name}No")
        self.no.setAccessibleName(mnemonic_free(no))
        row.addWidget(self.yes)
        row.addWidget(self.no)
        # A base class: the context is written out (self.tr would use a subclass's name).
        self.setAccessibleName(
            question or QCoreApplication.translate("InlineConfirm", "Please confirm"))
        if yes_says:
            self.yes.setAccessibleName(yes_says)
        if no_says:
            self.no.setAccessibleName(no_says)
        QWidget.setTabOrder(self.yes, self.no)
        self.hide()

    def ask(self, question: str) -> None:
        """Show ``question`` (a reader hears it as the box's description) with No focused."""
        self.text.setText(question)
        self.setAccessibleDescription(question)
        self.show()
        self.no.setFocus(Qt.FocusReason.OtherFocusReason)
