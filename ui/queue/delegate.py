"""The queue table's delegate: the labels column as chips, every other cell as Qt's default.

Why a delegate at all: a label's colour is the store's own signal ("VIP" magenta), worth
showing in the table — but putting vendor colours into a style sheet or rich text would let a
vendor string style the window. The model hands over :class:`~ui.queue.model.Chip` values
(``Role.CHIPS``) and this paints them with :func:`ui.queue.chips.paint_chips`; every other
cell goes through the default, plain-text path untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.queue.chips import chip_width, paint_chips
from ui.queue.model import Role

Index = QModelIndex | QPersistentModelIndex


class QueueDelegate(QStyledItemDelegate):
    """Paints the labels column as chips; every other cell as the default (plain) delegate."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        found = index.data(Role.CHIPS)
        if not found:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        model = index.model()
        stale = bool(getattr(model, "stale", False))
        painter.save()
        rect = QRectF(option.rect).adjusted(4, 0, -4, 0)
        painter.setClipRect(rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = QPalette(opt.palette)
        if opt.state & QStyle.StateFlag.State_Selected:  # "+2" on the selection's colour
            palette.setColor(QPalette.ColorRole.Text,
                             palette.color(QPalette.ColorRole.HighlightedText))
        paint_chips(painter, rect, list(found), QFontMetrics(opt.font), stale, palette)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        found = index.data(Role.CHIPS)
        if found:
            metrics = QFontMetrics(option.font)
            size.setWidth(sum(chip_width(metrics, c) + 4 for c in found) + 8)
        return size
