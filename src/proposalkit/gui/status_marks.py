"""How a step's status looks: a colour *and* a shape (readable without colour), always
next to its words; and the legend that explains them."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from proposalkit.core.steps import STATUSES, Status, status_word
from proposalkit.i18n import Translator

STATUS_COLORS: dict[Status, QColor] = {
    "not_started": QColor(117, 117, 117),
    "in_progress": QColor(21, 101, 192),
    "complete": QColor(46, 125, 50),
    "errors": QColor(198, 40, 40),
}


def _draw(painter: QPainter, status: Status, size: int) -> None:
    color = STATUS_COLORS[status]
    box = QRectF(1.5, 1.5, size - 3, size - 3)
    pen = QPen(color, max(1.5, size / 10))
    painter.setPen(pen)
    if status == "not_started":  # an empty ring
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box)
        return
    if status == "in_progress":  # a ring, half filled
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box)
        half = QPainterPath()
        half.moveTo(box.center())
        half.arcTo(box, 90, 180)
        half.closeSubpath()
        painter.fillPath(half, color)
        return
    painter.setBrush(color)
    painter.drawEllipse(box)
    white = QPen(QColor("white"), max(1.5, size / 8))
    white.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(white)
    s = size
    if status == "complete":  # a tick
        painter.drawPolyline([QPointF(s * 0.28, s * 0.52), QPointF(s * 0.44, s * 0.68),
                              QPointF(s * 0.72, s * 0.34)])
    else:  # an exclamation mark
        painter.drawLine(QPointF(s / 2, s * 0.25), QPointF(s / 2, s * 0.58))
        painter.drawPoint(QPointF(s / 2, s * 0.75))


@cache
def status_icon(status: Status, size: int = 16) -> QIcon:
    """The mark of a status: ring, half ring, tick, exclamation mark."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw(painter, status, size)
    painter.end()
    return QIcon(pixmap)


class StatusLegend(QWidget):
    """Each mark with its words, two by two (under the step list, on the overview)."""

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(2)
        size = self.fontMetrics().height()
        self.words: dict[Status, str] = {}
        for n, status in enumerate(STATUSES):
            mark = QLabel()
            mark.setPixmap(status_icon(status, size).pixmap(size, size))
            word = status_word(status, tr)
            mark.setAccessibleName(word)
            row, column = divmod(n, 2)
            layout.addWidget(mark, row, column * 2)
            text = QLabel(word)
            text.setWordWrap(True)  # a narrow step list: the words wrap, never cut
            layout.addWidget(text, row, column * 2 + 1)
            self.words[status] = word
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(3, 1)
        self.setAccessibleName(tr.gettext("Legend"))
