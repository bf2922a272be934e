"""The About box: what this install is (:func:`app.about.facts`), readable and copyable.

For the phone call with IT: every answer they ask for on one screen, selectable, and "Copy"
puts them all on the clipboard as plain lines. Values are shown literally (a store name or a
path with ``<`` in it stays as typed).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.widgets import plain_label


class AboutDialog(QDialog):
    """Modal, closed with Esc or Enter; ``Copy`` copies every row as ``label: value``."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Clientdesk")
        self.rows = rows
        layout = QVBoxLayout(self)
        title = plain_label("Clientdesk", "aboutTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(plain_label("Who is this customer, what have they booked, are they "
                                     "welcome, who is waiting.", wrap=True))
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for label, value in rows:
            shown = plain_label(value, f"about.{label}", wrap=True, selectable=True)
            form.addRow(plain_label(f"{label}:"), shown)
            self.values[label] = shown
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.copy_button = QPushButton("&Copy", self)
        self.copy_button.setToolTip("Copy these lines for IT or support")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(buttons)
        self.resize(640, self.sizeHint().height())

    def text(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.rows)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
