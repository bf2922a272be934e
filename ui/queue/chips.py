"""Ticket labels painted as chips — in the queue table and on the selected ticket's card.

Why its own module: the table's delegate (:mod:`ui.queue.delegate`) and the card's
:class:`ChipRow` must paint a label the same way, and the rules for a vendor's colour belong
in one place: the label's text is always painted (the meaning is in the word), its colour only
when ``Label.hex_color`` says it is a real ``#rrggbb`` — anything else, or a stale (offline)
queue, gets the neutral chip. Text is drawn with ``drawText``, never as markup.

A vendor's colour is the store's signal and stays exactly as Qminder gives it, with black or
white text by its lightness; everything else — the neutral chip, its outline, the "+2" of
chips that did not fit — is the palette's (the widget's own, or the view's), so it reads in a
dark theme as in a light one.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.i18n import formats
from ui.queue.model import Chip

#: The neutral chip: the palette's button face, its text and its outline.
NEUTRAL_FILL = QPalette.ColorRole.Button
NEUTRAL_TEXT = QPalette.ColorRole.ButtonText
NEUTRAL_PEN = QPalette.ColorRole.Mid


def chip_colours(chip: Chip, stale: bool, palette: QPalette | None = None
                 ) -> tuple[QColor, QColor, QColor]:
    """Fill, text and outline: the label's own colour with black or white text, whichever
    reads better on it; the palette's neutral chip when it has none or the queue is stale."""
    if chip.color and not stale:
        fill = QColor(chip.color)
        light = 0.299 * fill.red() + 0.587 * fill.green() + 0.114 * fill.blue()
        return fill, QColor(Qt.GlobalColor.black if light >= 150 else Qt.GlobalColor.white), \
            fill.darker(150)
    shown = palette if palette is not None else QGuiApplication.palette()
    return shown.color(NEUTRAL_FILL), shown.color(NEUTRAL_TEXT), shown.color(NEUTRAL_PEN)


def chip_width(metrics: QFontMetrics, chip: Chip) -> int:
    return metrics.horizontalAdvance(chip.text) + 16


def paint_chips(painter: QPainter, rect: QRectF, chips: list[Chip], metrics: QFontMetrics,
                stale: bool, palette: QPalette | None = None) -> None:
    """Chips left to right in ``rect``; what does not fit becomes "+N" (in the palette's
    text colour: it stands on the view's or the card's own background)."""
    shown = palette if palette is not None else QGuiApplication.palette()
    height = metrics.height() + 4
    y = rect.top() + (rect.height() - height) / 2
    x = rect.left()
    for k, chip in enumerate(chips):
        width = chip_width(metrics, chip)
        rest = len(chips) - k
        more = f"+{formats().number(rest)}"
        if x + width > rect.right() and k > 0:
            painter.setPen(shown.color(QPalette.ColorRole.Text))
            painter.drawText(QRectF(x, y, metrics.horizontalAdvance(more) + 8, height),
                             int(Qt.AlignmentFlag.AlignVCenter), more)
            return
        fill, text, outline = chip_colours(chip, stale, shown)
        box = QRectF(x, y, width, height)
        painter.setPen(QPen(outline, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(text)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), chip.text)
        x += width + 4


class ChipRow(QWidget):
    """The selected ticket's labels as chips (the same painting as the table's)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketLabels")
        self.chips: list[Chip] = []
        self.stale = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_chips(self, chips: list[Chip], stale: bool) -> None:
        self.chips, self.stale = chips, stale
        if chips:
            self.setAccessibleName(self.tr("Labels: {labels}").format(
                labels=self.tr(", ", "between labels").join(c.text for c in chips)))
        else:
            self.setAccessibleName(self.tr("No labels"))
        self.setVisible(bool(chips))
        self.updateGeometry()
        self.update()

    def texts(self) -> list[str]:
        return [c.text for c in self.chips]

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(sum(chip_width(metrics, c) + 4 for c in self.chips),
                     metrics.height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_chips(painter, QRectF(self.rect()).adjusted(0, 0, -1, 0), self.chips,
                    self.fontMetrics(), self.stale, self.palette())
        painter.end()
