"""The About box: what this install is (:func:`app.about.facts`), readable and copyable.

For the phone call with IT: every answer they ask for on one screen, selectable, and "Copy"
puts them all on the clipboard as plain lines. Values are shown literally (a store name or a
path with ``<`` in it stays as typed). The row labels the core writes ("Version", "Data
folder") are shown in the window's language; vendor names and the values stay as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
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

from ui.common.widgets import mnemonic_free, plain_label
from ui.theme import set_size

# The labels of app.about.facts, marked here so that lupdate extracts them (the core has no
# Qt); a vendor's name is not among them and shows untranslated.
LABELS = (
    QT_TRANSLATE_NOOP("AboutDialog", "Version"),
    QT_TRANSLATE_NOOP("AboutDialog", "Store"),
    QT_TRANSLATE_NOOP("AboutDialog", "Profile"),
    QT_TRANSLATE_NOOP("AboutDialog", "Data folder"),
    QT_TRANSLATE_NOOP("AboutDialog", "Keyring"),
)


def label_text(label: str) -> str:
    """A row's label in the window's language (unchanged when it is not one of
    :data:`LABELS`: a vendor's name)."""
    return QCoreApplication.translate("AboutDialog", label)


class AboutDialog(QDialog):
    """Modal, closed with Esc or Enter; ``Copy`` copies every row as ``label: value``."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Clientdesk"))
        self.setAccessibleName(self.tr("About Clientdesk"))
        self.rows = rows
        layout = QVBoxLayout(self)
        title = plain_label("Clientdesk", "aboutTitle")  # the product's name
        set_size(title, "title")
        layout.addWidget(title)
        layout.addWidget(plain_label(self.tr("Who is this customer, what have they booked, "
                                             "are they welcome, who is waiting."), wrap=True))
        form = QFormLayout()
        # The value labels by the core's (English) row label: tests and support scripts.
        self.values: dict[str, QLabel] = {}
        for label, value in rows:
            shown = plain_label(value, f"about.{label}", wrap=True, selectable=True)
            form.addRow(plain_label(self._caption(label)), shown)
            self.values[label] = shown
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("aboutOk")
        self.ok_button.setAccessibleName(mnemonic_free(self.ok_button.text()))
        self.ok_button.setAccessibleDescription(self.tr("Close the About box"))
        self.copy_button = QPushButton(self.tr("&Copy"), self)
        self.copy_button.setObjectName("aboutCopy")
        self.copy_button.setAccessibleName(mnemonic_free(self.copy_button.text()))
        self.copy_button.setAccessibleDescription(
            self.tr("Copy these lines for IT or support"))
        self.copy_button.setToolTip(self.tr("Copy these lines for IT or support"))
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.copy_button.clicked.connect(self.copy)
        layout.addWidget(self.buttons)
        # OK (focused when the box opens: Enter closes it), then Copy: the order the buttons
        # are laid out in on Windows and with Fusion.
        QWidget.setTabOrder(self.ok_button, self.copy_button)
        self.resize(640, self.sizeHint().height())

    def _caption(self, label: str) -> str:
        return self.tr("{label}:", "a row of the About box: its label").format(
            label=label_text(label))

    def text(self) -> str:
        """Every row as ``label: value``, in the words the dialog shows."""
        return "\n".join(f"{self._caption(label)} {value}" for label, value in self.rows)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
