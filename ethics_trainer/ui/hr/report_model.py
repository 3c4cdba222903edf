"""The report as a sortable Qt table model (shape of Qt's address-book TableModel)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ethics_trainer.hr.export_columns import COMPLETION_COLUMNS, Column, status_label
from ethics_trainer.hr.report_sort import SORT_KEYS, sort_rows
from ethics_trainer.hr.reports import ReportRow
from ethics_trainer.i18n import formats, tr

Index = QModelIndex | QPersistentModelIndex


class ReportModel(QAbstractTableModel):
    """Rows of :class:`ReportRow`; ``UserRole`` gives the raw value (for tests and sorting)."""

    def __init__(self, columns: tuple[Column, ...] = COMPLETION_COLUMNS, parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[ReportRow] = []

    def set_rows(self, rows: list[ReportRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        value = getattr(row, column.key)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in ("int", "number"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if value is None:
            return ""
        if column.kind == "datetime":
            return formats.date_time(value)
        if column.kind == "number":
            return formats.number(value, 1)
        if column.kind == "status":
            return status_label(value)
        if column.key == "content_hash":
            return str(value)[:12]
        return str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            # the whole title of a column narrowed to fit the window
            return tr(self.columns[section].header) if 0 <= section < len(self.columns) else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return tr(self.columns[section].header)
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column].key
        if key not in SORT_KEYS:
            return
        self.layoutAboutToBeChanged.emit()
        self.rows = sort_rows(self.rows, key, order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()
