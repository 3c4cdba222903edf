"""A small line chart of quiz scores over time, drawn with QPainter (no chart dependency).

Each point has its own label under the axis, as many as fit. Two attempts on one day would
share a date, so a day's attempts add their time ("03/12 14:05"), and an ordinal when even the
minute is the same ("03/12 14:05 (2)"): every label names one attempt.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ethics_trainer.i18n import current_language, formats, tr
from ethics_trainer.ui.theme import status_colours

LABEL_GAP = 8  # pixels between two axis labels


def day_label(when: datetime, with_year: bool) -> str:
    """ "03/12" in Vietnamese, "3 Dec" in English (the full date when the years differ)."""
    if with_year:
        return formats.short_date(when)
    from babel.dates import format_date

    lang = current_language()
    return format_date(formats.local(when), "dd/MM" if lang == "vi" else "d MMM", locale=lang)


def point_labels(points: list[tuple[datetime, float]]) -> list[str]:
    """One distinct label per point: its day, plus the time when the day has several."""
    local = [formats.local(when) for when, _ in points]
    with_year = len({when.year for when in local}) > 1
    days = [day_label(when, with_year) for when in local]
    per_day = Counter(days)
    labels = [
        f"{day} {when:%H:%M}" if per_day[day] > 1 else day
        for day, when in zip(days, local, strict=True)
    ]
    repeats = Counter(labels)
    seen: Counter[str] = Counter()
    numbered = []
    for label in labels:
        seen[label] += 1
        numbered.append(f"{label} ({seen[label]})" if repeats[label] > 1 else label)
    return numbered


class ScoreChart(QWidget):
    """Scores 0–100 in the order taken, a dashed pass line, the last date under the axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scoreChart")
        self.points: list[tuple[datetime, float]] = []
        self.labels: list[str] = []  # one per point, each distinct
        # (point index, text) of the labels the last paint drew: as many as fit the width
        self.drawn_labels: list[tuple[int, str]] = []
        self.pass_mark = 80.0
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("uis.progress.chart"))

    def sizeHint(self) -> QSize:
        return QSize(480, max(180, self.fontMetrics().height() * 10))

    def set_points(self, points: list[tuple[datetime, float]], pass_mark: float = 80.0) -> None:
        self.points = list(points)
        self.labels = point_labels(self.points)
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

    def label_places(self) -> list[tuple[int, float]]:
        """(point index, left x) of the labels that fit: the first and the last, then the
        others left to right wherever they do not touch a label already placed."""
        metrics = self.fontMetrics()
        count = len(self.points)
        order = [0, count - 1] if count > 1 else [0]
        order += range(1, count - 1)
        placed: list[tuple[int, float, float]] = []
        for index in order:
            width = metrics.horizontalAdvance(self.labels[index])
            centre = self.point_at(index).x()
            left = max(0.0, min(centre - width / 2, self.width() - width))
            right = left + width
            if all(right + LABEL_GAP <= a or left >= b + LABEL_GAP for _, a, b in placed):
                placed.append((index, left, right))
        return sorted((index, left) for index, left, _ in placed)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.drawn_labels = []
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
            for index, left in self.label_places():
                painter.drawText(QPointF(left, base), self.labels[index])
                self.drawn_labels.append((index, self.labels[index]))
        if self.hasFocus():
            painter.setPen(QPen(highlight, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()
