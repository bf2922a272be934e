"""Ticket labels painted as chips — in the queue table and on the selected ticket's card.

Why its own module: the table's delegate (:mod:`ui.queue.delegate`) and the card's
:class:`ChipRow` must paint a label the same way, and the rules for a vendor's colour belong
in one place: the label's text is always painted (the meaning is in the word), its colour only
when ``Label.hex_color`` says it is a real ``#rrggbb`` — anything else, or a stale (offline)
queue, gets the neutral chip. Text is drawn with ``drawText``, never as markup.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.queue.model import Chip

NEUTRAL_CHIP = "#eceff1"


def chip_colours(chip: Chip, stale: bool) -> tuple[QColor, QColor]:
    """Fill and text colour: the label's own colour (neutral when it has none or the queue is
    stale), with black or white text, whichever reads better on it."""
    fill = QColor(chip.color) if chip.color and not stale else QColor(NEUTRAL_CHIP)
    light = 0.299 * fill.red() + 0.587 * fill.green() + 0.114 * fill.blue()
    return fill, QColor("#000000" if light >= 150 else "#ffffff")


def chip_width(metrics: QFontMetrics, chip: Chip) -> int:
    return metrics.horizontalAdvance(chip.text) + 16


def paint_chips(painter: QPainter, rect: QRectF, chips: list[Chip], metrics: QFontMetrics,
                stale: bool) -> None:
    """Chips left to right in ``rect``; what does not fit becomes "+N"."""
    height = metrics.height() + 4
    y = rect.top() + (rect.height() - height) / 2
    x = rect.left()
    for k, chip in enumerate(chips):
        width = chip_width(metrics, chip)
        rest = len(chips) - k
        more = f"+{rest}"
        if x + width > rect.right() and k > 0:
            painter.setPen(QColor("#37474f"))
            painter.drawText(QRectF(x, y, metrics.horizontalAdvance(more) + 8, height),
                             int(Qt.AlignmentFlag.AlignVCenter), more)
            return
        fill, text = chip_colours(chip, stale)
        box = QRectF(x, y, width, height)
        painter.setPen(QPen(fill.darker(150), 1))
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
        self.setAccessibleName("Labels: " + (", ".join(c.text for c in chips) or "none"))
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
                    self.fontMetrics(), self.stale)
        painter.end()
