"""Completion rate per unit as horizontal bars, painted with QPainter (no chart library)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ethics_trainer.hr.reports import UnitTotal
from ethics_trainer.i18n import formats, tr
from ethics_trainer.ui.theme import chart_colours


class CompletionChart(QWidget):
    """One bar per unit: the share of people who completed, with the percentage and count."""

    ROW = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units: list[UnitTotal] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(tr("hr.ui.chart"))

    def set_units(self, units: list[UnitTotal]) -> None:
        self.units = sorted(units, key=lambda u: -u.rate)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, max(60, self.ROW * len(self.units) + 12))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.units:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("hr.ui.no_data"))
            return
        metrics = painter.fontMetrics()
        bar_colour, track_colour = chart_colours(self.palette())
        label_w = min(
            max(metrics.horizontalAdvance(u.unit) for u in self.units) + 12, self.width() // 2
        )
        value_w = metrics.horizontalAdvance("100% (99999/99999)") + 8
        bar_w = max(20, self.width() - label_w - value_w - 8)
        for i, unit in enumerate(self.units):
            y = 6 + i * self.ROW
            text_rect = QRectF(0, y, label_w - 6, self.ROW - 4)
            name = metrics.elidedText(unit.unit or "—", Qt.TextElideMode.ElideRight, label_w - 8)
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name
            )
            track = QRectF(label_w, y + 3, bar_w, self.ROW - 10)
            painter.fillRect(track, track_colour)
            painter.fillRect(
                QRectF(track.x(), track.y(), bar_w * unit.rate / 100, track.height()), bar_colour
            )
            value = f"{formats.percent(unit.rate, 0)} ({unit.completed}/{unit.people})"
            painter.drawText(
                QRectF(label_w + bar_w + 6, y, value_w, self.ROW - 4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                value,
            )
        painter.end()
