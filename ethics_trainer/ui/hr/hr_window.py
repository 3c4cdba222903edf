"""The HR screen: filters, the sortable report, totals and chart per unit, exports, certificates.

Works standalone from a Database, a Library and AppPaths. Loading the report, exporting and
making certificates run off the GUI thread (:mod:`ethics_trainer.ui.hr.jobs`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.content.model import Library
from ethics_trainer.hr import certificates, exports, reports
from ethics_trainer.hr.org_settings import load_org_settings
from ethics_trainer.hr.reports import Report, ReportFilter
from ethics_trainer.hr.roster import RosterEntry, load_roster
from ethics_trainer.hr.verification import load_signing_key
from ethics_trainer.i18n import formats, tr
from ethics_trainer.paths import AppPaths
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.toolkit.errors import show_error
from ethics_trainer.ui.hr.chart import CompletionChart
from ethics_trainer.ui.hr.jobs import Job, call_in_background, with_dialog
from ethics_trainer.ui.hr.report_model import ReportModel


class HrWindow(QWidget):
    """Signals: report_loaded(Report), job_finished(str) — the path written, or "" if cancelled."""

    report_loaded = Signal(object)
    job_finished = Signal(str)

    def __init__(
        self, db: Database, library: Library, paths: AppPaths, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.library, self.paths = db, library, paths
        self.titles = {c.id: c.title for c in library.courses}
        self.report: Report | None = None
        self.roster: tuple[RosterEntry, ...] | None = None
        self.jobs: list[Job] = []
        self.setWindowTitle(tr("hr.ui.title"))
        self.resize(1200, 760)
        self.model = ReportModel()
        self._build()
        self.refresh()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setMinimumWidth(220)
        self.unit.lineEdit().setPlaceholderText(tr("hr.ui.all_units"))
        self.course = QComboBox()
        self.course.addItem(tr("hr.ui.all_courses"), "")
        for course in self.library.courses:
            self.course.addItem(course.title, course.id)
        self.status = QComboBox()
        self.status.addItem(tr("hr.ui.all_statuses"), "")
        for status in reports.STATUSES:
            self.status.addItem(exports.status_label(status), status)
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
        self.refresh_button.clicked.connect(self.refresh)
        self.roster_button = QPushButton(tr("hr.ui.roster"))
        self.roster_button.setToolTip(tr("hr.ui.roster_tip"))
        self.roster_button.clicked.connect(lambda: self.choose_roster())
        self.roster_clear = QPushButton(tr("hr.ui.roster_clear"))
        self.roster_clear.setEnabled(False)
        self.roster_clear.clicked.connect(self.clear_roster)
        self.roster_label = QLabel(tr("hr.ui.no_roster"))
        self.roster_label.setObjectName("hrRosterLabel")

        filters = QGridLayout()
        filters.addWidget(QLabel(tr("hr.col.unit")), 0, 0)
        filters.addWidget(self.unit, 0, 1)
        filters.addWidget(QLabel(tr("hr.col.course")), 0, 2)
        filters.addWidget(self.course, 0, 3)
        filters.addWidget(QLabel(tr("hr.col.status")), 0, 4)
        filters.addWidget(self.status, 0, 5)
        filters.addWidget(self.use_period, 1, 0)
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("–"))
        period.addWidget(self.date_to)
        period.addStretch(1)
        filters.addLayout(period, 1, 1, 1, 3)
        filters.addWidget(self.refresh_button, 1, 5)
        filters.addWidget(self.roster_button, 2, 0)
        roster_row = QHBoxLayout()
        roster_row.addWidget(self.roster_label, 1)
        roster_row.addWidget(self.roster_clear)
        filters.addLayout(roster_row, 2, 1, 1, 5)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        for i, column in enumerate(self.model.columns):
            self.table.setColumnWidth(i, column.width * 8)

        self.summary = QLabel("")
        self.summary.setObjectName("hrSummary")
        self.chart = CompletionChart()
        chart_scroll = QScrollArea()
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(self.chart)
        chart_box = QGroupBox(tr("hr.ui.chart"))
        QVBoxLayout(chart_box).addWidget(chart_scroll)

        self.delimiter = QComboBox()
        self.delimiter.addItem(tr("hr.ui.delimiter_comma"), ",")
        self.delimiter.addItem(tr("hr.ui.delimiter_semicolon"), ";")
        self.export_csv = QPushButton(tr("hr.ui.export_csv"))
        self.export_csv.clicked.connect(lambda: self.export("csv"))
        self.export_xlsx = QPushButton(tr("hr.ui.export_xlsx"))
        self.export_xlsx.clicked.connect(lambda: self.export("xlsx"))
        self.preview_button = QPushButton(tr("hr.ui.preview"))
        self.preview_button.clicked.connect(self.preview_selected)
        self.bulk_button = QPushButton(tr("hr.ui.bulk"))
        self.bulk_button.clicked.connect(self.bulk_certificates)
        actions = QHBoxLayout()
        for widget in (
            self.export_csv,
            QLabel(tr("hr.ui.delimiter")),
            self.delimiter,
            self.export_xlsx,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.bulk_button)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(chart_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addLayout(actions)

    # -- filter and report -------------------------------------------------------------------
    def current_filter(self) -> ReportFilter:
        date_from = date_to = None
        if self.use_period.isChecked():
            date_from = self.date_from.date().toPython()
            date_to = self.date_to.date().toPython()
        return ReportFilter(
            unit=self.unit.currentText().strip(),
            course_id=self.course.currentData() or "",
            date_from=date_from,  # type: ignore[arg-type]
            date_to=date_to,  # type: ignore[arg-type]
            status=self.status.currentData() or "",
            roster=self.roster,
        )

    # -- roster ------------------------------------------------------------------------------
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
            show_error(self, exc)
            return False
        self.roster = entries
        self.roster_label.setText(
            tr("hr.ui.roster_loaded", count=formats.number(len(entries), 0), name=Path(path).name)
        )
        self.roster_clear.setEnabled(True)
        self.refresh()
        return True

    def clear_roster(self) -> None:
        """Back to everyone in the learners table."""
        self.roster = None
        self.roster_label.setText(tr("hr.ui.no_roster"))
        self.roster_clear.setEnabled(False)
        self.refresh()

    def refresh(self) -> None:
        """Reload the report in the background; ``report_loaded`` fires when it is shown."""
        f = self.current_filter()
        self.refresh_button.setEnabled(False)
        job = call_in_background(lambda: reports.completion_report(self.db, f, self.titles), self)
        job.done.connect(self._show_report)
        job.failed.connect(self._failed)
        self._start(job)

    def _start(self, job: Job) -> None:
        self.jobs.append(job)
        for signal in (job.done, job.failed, job.cancelled):
            signal.connect(lambda *_, j=job: self.jobs.remove(j) if j in self.jobs else None)
        job.start()

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        show_error(self, exc)

    def _show_report(self, report: Report) -> None:
        self.report = report
        self.refresh_button.setEnabled(True)
        header = self.table.horizontalHeader()
        self.model.set_rows(report.rows)
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.chart.set_units(report.units)
        self._fill_units(report)
        total = report.total
        self.summary.setText(
            tr(
                "hr.ui.summary",
                rows=formats.number(len(report.rows), 0),
                people=formats.number(total.people, 0),
                completed=formats.number(total.completed, 0),
                in_progress=formats.number(total.in_progress, 0),
                not_started=formats.number(total.not_started, 0),
                rate=formats.percent(total.rate),
            )
        )
        self.report_loaded.emit(report)

    def _fill_units(self, report: Report) -> None:
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

    # -- exports -------------------------------------------------------------------------------
    def export(self, fmt: str, path: str | None = None) -> Job | None:
        """Export the rows shown, in the order shown. ``path`` skips the file dialog (tests)."""
        if path is None:
            pattern = "Excel (*.xlsx)" if fmt == "xlsx" else "CSV (*.csv)"
            path, _ = QFileDialog.getSaveFileName(
                self, tr("hr.ui.export_title"), f"bao-cao-hoan-thanh.{fmt}", pattern
            )
            if not path:
                return None
        rows = list(self.model.rows)
        delimiter = self.delimiter.currentData() or ","
        target = Path(path)
        job = with_dialog(
            self,
            lambda: exports.export_rows(rows, exports.COMPLETION_COLUMNS, target, fmt, delimiter),
            tr("hr.ui.exporting"),
        )
        self._watch(job, str(target))
        job.start()
        return job

    def _watch(self, job: Job, target: str) -> None:
        self.jobs.append(job)
        job.done.connect(lambda _r: self._job_end(job, target))
        job.cancelled.connect(lambda: self._job_end(job, ""))
        job.failed.connect(lambda exc: (self._job_end(job, ""), show_error(self, exc)))

    def _job_end(self, job: Job, target: str) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        self.job_finished.emit(target)

    # -- certificates --------------------------------------------------------------------------
    def bulk_certificates(self, output: str | None = None) -> Job | None:
        """All certificates for the current filter, into a folder or a ZIP, cancellable."""
        if output is None:
            output, _ = QFileDialog.getSaveFileName(
                self, tr("hr.ui.bulk"), "giay-chung-nhan.zip", "ZIP (*.zip)"
            )
            if not output:
                return None
        f = self.current_filter()
        db, data_dir, titles = self.db, self.paths.data_dir, self.titles

        def job_factory():  # type: ignore[no-untyped-def]
            org = load_org_settings(db)
            prepared = certificates.prepare_certificates(db, data_dir, f, titles, org=org)
            yield from certificates.write_certificates(prepared, org, output)

        job = with_dialog(self, job_factory, tr("hr.ui.making_certificates"))
        self._watch(job, output)
        job.done.connect(lambda _r: self.refresh())  # numbers were given out
        job.start()
        return job

    def selected_row(self) -> reports.ReportRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.rows[indexes[0].row()]

    def certificate_pdf(self, row: reports.ReportRow) -> bytes:
        """Number (if needed), sign and render one person's certificate."""
        from ethics_trainer.hr.numbers import assign_numbers

        org = load_org_settings(self.db)
        assert row.completion_id is not None
        numbers = assign_numbers(self.db, [row.completion_id], org.number_prefix)
        key = load_signing_key(self.db, self.paths.data_dir)
        data = next(certificates.certificate_data([row], key, numbers))
        return certificates.render_certificate(data, org)

    def preview_selected(self) -> None:
        from ethics_trainer.ui.hr.preview import CertificatePreview

        row = self.selected_row()
        if row is None or row.completion_id is None:
            self.summary.setText(tr("hr.ui.select_completed"))
            return
        try:
            pdf = self.certificate_pdf(row)
        except Exception as exc:  # shown as a message, never a traceback
            show_error(self, exc)
            return
        dialog = CertificatePreview(pdf, self)
        dialog.setObjectName("certificatePreview")
        dialog.open()
        self.refresh()
