"""The proctor's room table: one row per candidate (status, answered, time left, score, PC).

A table widget of its own so the console composes it: the console reads the database and hands
the rows over; the table paints them, keeps the selected candidate across repaints and
repaints only the time-left column every second (from the server's time, no database).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from ethics_trainer.exams import live_roster
from ethics_trainer.i18n import formats, tr
from ethics_trainer.ui.exams.common import clock_text

COLUMNS = ("no", "name", "unit", "status", "answered", "time_left", "score", "machine")
TIME_LEFT_COLUMN = COLUMNS.index("time_left")


def size_columns(header: QHeaderView) -> None:
    """Name and unit share the spare width; every other column is as wide as its content
    (measured on the first rows, so a long roster does not slow each repaint)."""
    header.setResizeContentsPrecision(50)
    header.setMinimumSectionSize(40)
    for i, name in enumerate(COLUMNS):
        stretch = name in ("name", "unit")
        header.setSectionResizeMode(
            i,
            QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.ResizeToContents,
        )


def status_text(row: live_roster.CandidateRow) -> str:
    """The status cell: the status, then locked and an asked-for move to another PC."""
    status = tr(f"exams.status.{row.status}")
    if row.locked:
        status += " · " + tr("exams.proctor.locked_mark")
    if row.move_to:
        status += " · " + tr("exams.proctor.move_mark", machine=row.move_to)
    return status


class RoomTable(QTableWidget):
    """The candidates of one session; each cell carries the candidate id (UserRole)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([tr(f"exams.proctor.col_{c}") for c in COLUMNS])
        self.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(False)
        size_columns(self.horizontalHeader())
        self.rows: list[live_roster.CandidateRow] = []

    def show_rows(self, rows: list[live_roster.CandidateRow]) -> None:
        """Paint ``rows``, keeping the selected candidate selected (time left: the next tick)."""
        selected = self.selected_id()
        self.rows = rows
        self.setRowCount(len(rows))
        for i, row in enumerate(rows):
            values = (
                str(row.row_no),
                row.full_name,
                row.unit,
                status_text(row),
                f"{row.answered}/{row.question_count}" if row.attempt_id else "",
                "",  # time left: painted by paint_time_left, every second
                formats.percent(row.score) if row.score is not None else "",
                row.machine,
            )
            for j, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.setItem(i, j, item)
            if row.id == selected:
                self.selectRow(i)

    def paint_time_left(self, now: datetime) -> None:
        for i, row in enumerate(self.rows[: self.rowCount()]):
            item = self.item(i, TIME_LEFT_COLUMN)
            if item is None:
                continue
            left = row.seconds_left(now)
            item.setText(clock_text(left) if row.status == live_roster.STATUS_IN_PROGRESS else "")

    def row_of(self, candidate_id: int) -> live_roster.CandidateRow | None:
        return next((r for r in self.rows if r.id == candidate_id), None)

    def selected_id(self) -> int | None:
        items = self.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None
