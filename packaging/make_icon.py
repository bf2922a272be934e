"""Draw Clientdesk's icon (a counter-desk speech bubble with a check mark) as PNG and ICO.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py

Drawn with Qt rather than kept as an opaque binary from elsewhere, so anyone can change it and
re-run this; the outputs in resources/icons/ are committed (the build does not need Qt's
image plugins at freeze time).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).parents[1] / "resources" / "icons"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 256
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(16 * s, 24 * s, 224 * s, 168 * s), 40 * s, 40 * s)
    tail = QPainterPath()
    tail.moveTo(QPointF(64 * s, 180 * s))
    tail.lineTo(QPointF(48 * s, 240 * s))
    tail.lineTo(QPointF(120 * s, 184 * s))
    tail.closeSubpath()
    painter.fillPath(bubble.united(tail), QBrush(QColor("#1f6fb2")))
    pen = QPen(QColor("#ffffff"), max(2.0, 26 * s))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    check = QPainterPath()
    check.moveTo(QPointF(72 * s, 110 * s))
    check.lineTo(QPointF(112 * s, 148 * s))
    check.lineTo(QPointF(184 * s, 72 * s))
    painter.drawPath(check)
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if not draw(256).save(str(OUT / "clientdesk.png")):
        return 1
    # Qt's ICO writer stores one image per file; the 256 px one is what Windows scales from.
    return 0 if draw(256).save(str(OUT / "clientdesk.ico"), "ICO") else 1


if __name__ == "__main__":
    sys.exit(main())
