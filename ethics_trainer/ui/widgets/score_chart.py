"""A small line chart of quiz scores over time, drawn with QPainter (no chart dependency)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ethics_trainer.i18n import formats, tr
from ethics_trainer.ui.theme import status_colours


class ScoreChart(QWidget):
    """Scores 0–100 in the order taken, a dashed pass line, the last date under the axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreChart")
        self.points: list[tuple[datetime, float]] = []
        self.pass_mark = 80.0
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("uis.progress.chart"))

    def sizeHint(self) -> QSize:
        return QSize(480, max(180, self.fontMetrics().height() * 10))

    def set_points(self, points: list[tuple[datetime, float]], pass_mark: float = 80.0) -> None:
        self.points = list(points)
        self.pass_mark = pass_mark
        if points:
            desc = tr(
                "uis.progress.chart_desc",
                count=len(points),
                last=formats.percent(points[-1][1]),
                best=formats.percent(max(p[1] for p in points)),
            )
        else:
            desc = tr("uis.progress.chart_empty")
        self.setAccessibleDescription(desc)
        self.setToolTip(desc)
        self.update()

    def plot_rect(self) -> QRectF:
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("100%") + 12
        return QRectF(
            left,
            8,
            max(self.width() - left - 12, 10),
            max(self.height() - metrics.height() * 2 - 16, 10),
        )

    def point_at(self, index: int) -> QPointF:
        rect = self.plot_rect()
        count = len(self.points)
        x = rect.left() + (rect.width() * index / (count - 1) if count > 1 else rect.width() / 2)
        y = rect.bottom() - rect.height() * max(0.0, min(100.0, self.points[index][1])) / 100
        return QPointF(x, y)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        rect = self.plot_rect()
        metrics = self.fontMetrics()
        grid = QColor(text)
        grid.setAlpha(60)
        for value in (0, 50, 100):
            y = rect.bottom() - rect.height() * value / 100
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            painter.setPen(text)
            label = f"{value}%"
            painter.drawText(
                QPointF(
                    rect.left() - metrics.horizontalAdvance(label) - 6, y + metrics.ascent() / 2
                ),
                label,
            )
        pass_y = rect.bottom() - rect.height() * self.pass_mark / 100
        colours = status_colours(palette)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(colours.warning, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(rect.left(), pass_y), QPointF(rect.right(), pass_y))
        if not self.points:
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tr("uis.progress.chart_empty"))
        else:
            painter.setPen(QPen(highlight, 2))
            for i in range(1, len(self.points)):
                painter.drawLine(self.point_at(i - 1), self.point_at(i))
            for i, (_, score) in enumerate(self.points):
                colour = colours.right if score >= self.pass_mark else colours.wrong
                painter.setBrush(colour)
                painter.setPen(QPen(colour, 1))
                painter.drawEllipse(self.point_at(i), 4, 4)
            painter.setPen(text)
            base = rect.bottom() + metrics.height() + 4
            painter.drawText(QPointF(rect.left(), base), formats.short_date(self.points[0][0]))
            last = formats.short_date(self.points[-1][0])
            painter.drawText(QPointF(rect.right() - metrics.horizontalAdvance(last), base), last)
        if self.hasFocus():
            painter.setPen(QPen(highlight, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()
