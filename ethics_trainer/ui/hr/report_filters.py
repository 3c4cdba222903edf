"""The HR report's filters: unit (typed or picked), course, status, period, and the roster
of people expected to train (so those who never started show up).

A widget of its own: it says ``changed`` when the report should be read again (Enter in the
unit, Refresh, a roster loaded or cleared) and gives the :class:`ReportFilter` it shows.
Nothing has a fixed width, so it wraps onto short rows on a 1024×768 screen.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ethics_trainer.content.model import Course
from ethics_trainer.hr import export_columns, reports
from ethics_trainer.hr.reports import Report, ReportFilter
from ethics_trainer.hr.roster import RosterEntry, load_roster
from ethics_trainer.i18n import formats, tr, trn
from ethics_trainer.ui.toolkit.errors import show_error


def _compact(combo: QComboBox, characters: int = 14) -> QComboBox:
    """A combo box whose width does not grow with its longest item (course titles are long)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


class ReportFilters(QWidget):
    """``changed``: read the report again with :meth:`current_filter`."""

    changed = Signal()

    def __init__(self, courses: list[Course], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.roster: tuple[RosterEntry, ...] | None = None
        self.unit = _compact(QComboBox(), 16)
        self.unit.setEditable(True)
        self.unit.setObjectName("hrUnit")
        unit_edit = self.unit.lineEdit()  # made by setEditable(True)
        if unit_edit is not None:
            unit_edit.setPlaceholderText(tr("hr.ui.all_units"))
            unit_edit.returnPressed.connect(self.changed.emit)
        self.unit.setToolTip(tr("ui_admin.hr.unit_tip"))
        self.course = _compact(QComboBox())
        self.course.addItem(tr("hr.ui.all_courses"), "")
        for course in courses:
            self.course.addItem(course.title, course.id)
        self.status = _compact(QComboBox(), 10)
        self.status.addItem(tr("hr.ui.all_statuses"), "")
        for status in reports.STATUSES:
            self.status.addItem(export_columns.status_label(status), status)
        today = QDate.currentDate()
        self.use_period = QCheckBox(tr("hr.ui.period"))
        self.date_from = QDateEdit(QDate(today.year(), 1, 1))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setEnabled(False)
            self.use_period.toggled.connect(edit.setEnabled)
        self.refresh_button = QPushButton(tr("hr.ui.refresh"))
        self.refresh_button.setObjectName("hrRefresh")
        self.refresh_button.clicked.connect(self.changed.emit)
        self.roster_button = QPushButton(tr("hr.ui.roster"))
        self.roster_button.setToolTip(tr("hr.ui.roster_tip"))
        self.roster_button.clicked.connect(lambda: self.choose_roster())
        self.roster_clear = QPushButton(tr("hr.ui.roster_clear"))
        self.roster_clear.setEnabled(False)
        self.roster_clear.clicked.connect(lambda: self.clear_roster())
        self.roster_label = QLabel(tr("hr.ui.no_roster"))
        self.roster_label.setObjectName("hrRosterLabel")
        self.roster_label.setWordWrap(True)
        self.roster_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        filters = QGridLayout(self)
        filters.setContentsMargins(0, 0, 0, 0)
        for column, (label, field) in enumerate(
            ((tr("hr.col.unit"), self.unit), (tr("hr.col.course"), self.course))
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            filters.addWidget(caption, 0, 2 * column)
            filters.addWidget(field, 0, 2 * column + 1)
        status_caption = QLabel(tr("hr.col.status"))
        status_caption.setBuddy(self.status)
        filters.addWidget(status_caption, 1, 0)
        filters.addWidget(self.status, 1, 1)
        period = QHBoxLayout()
        period.addWidget(self.use_period)
        period.addWidget(self.date_from)
        period.addWidget(QLabel("–"))
        period.addWidget(self.date_to)
        period.addStretch(1)
        filters.addLayout(period, 1, 2, 1, 2)
        roster_row = QHBoxLayout()
        roster_row.addWidget(self.roster_button)
        roster_row.addWidget(self.roster_label, 1)
        roster_row.addWidget(self.roster_clear)
        roster_row.addWidget(self.refresh_button)
        filters.addLayout(roster_row, 2, 0, 1, 4)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 2)

    def current_filter(self) -> ReportFilter:
        date_from: date | None = None
        date_to: date | None = None
        if self.use_period.isChecked():  # PySide6's stubs type toPython() as object: a date
            date_from = cast(date, self.date_from.date().toPython())
            date_to = cast(date, self.date_to.date().toPython())
        return ReportFilter(
            unit=self.unit.currentText().strip(),
            course_id=self.course.currentData() or "",
            date_from=date_from,
            date_to=date_to,
            status=self.status.currentData() or "",
            roster=self.roster,
        )

    def choose_roster(self, path: str | None = None) -> bool:
        """Load the people expected to train, so those who never started show up.

        ``path`` skips the file dialog (tests). Returns whether a roster was loaded.
        """
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("hr.ui.roster_title"), "", tr("hr.ui.roster_filter")
            )
            if not path:
                return False
        try:
            entries = tuple(load_roster(path))
        except Exception as exc:  # a bad file is a message, never a crash
            show_error(self.window(), exc)
            return False
        self.roster = entries
        self.roster_label.setText(
            trn(
                "hr.ui.roster_loaded",
                len(entries),
                count=formats.number(len(entries), 0),
                name=Path(path).name,
            )
        )
        self.roster_clear.setEnabled(True)
        self.changed.emit()
        return True

    def clear_roster(self) -> None:
        """Back to everyone in the learners table."""
        self.roster = None
        self.roster_label.setText(tr("hr.ui.no_roster"))
        self.roster_clear.setEnabled(False)
        self.changed.emit()

    def fill_units(self, report: Report) -> None:
        """Offer the units the report found (the typed text stays)."""
        typed = self.unit.currentText()
        known = [self.unit.itemText(i) for i in range(self.unit.count())]
        names = [u.unit for u in report.units if u.unit]
        if set(names) - set(known):
            self.unit.blockSignals(True)
            self.unit.clear()
            self.unit.addItem("")
            self.unit.addItems(sorted(set(names) | set(known) - {""}, key=reports.text_key))
            self.unit.setEditText(typed)
            self.unit.blockSignals(False)
