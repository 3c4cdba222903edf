"""The HR screen: filters, the sortable report, totals and chart per unit, exports, certificates.

Works standalone from a Database, a Library and AppPaths. Loading the report, exporting and
making certificates run off the GUI thread through the UI's one
:class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner` (progress with Cancel, errors shown to
the person). Fits a 1024×768 screen: the controls wrap onto short rows, nothing has a fixed
width, and the window remembers its size and place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.content.model import Library
from ethics_trainer.hr import certificate_files, certificates, export_columns, exports, reports
from ethics_trainer.hr.org_settings import load_org_settings
from ethics_trainer.hr.progress import Progress
from ethics_trainer.hr.reports import Report, ReportFilter
from ethics_trainer.hr.roster import RosterEntry
from ethics_trainer.hr.verification import load_signing_key
from ethics_trainer.i18n import formats, tr, trn
from ethics_trainer.paths import AppPaths
from ethics_trainer.storage.db import Database
from ethics_trainer.ui import settings
from ethics_trainer.ui.hr.chart import CompletionChart
from ethics_trainer.ui.hr.report_filters import ReportFilters
from ethics_trainer.ui.hr.report_model import ReportModel
from ethics_trainer.ui.hr.report_table import ReportTable
from ethics_trainer.ui.toolkit.errors import show_error
from ethics_trainer.ui.toolkit.tasks import Lane, Task, TaskRunner

if TYPE_CHECKING:  # the preview (QtPdf) is imported when first opened
    from ethics_trainer.ui.hr.preview import CertificatePreview

GEOMETRY_KEY = "hr/geometry"


class HrWindow(QWidget):
    """Signals: report_loaded(Report); job_finished(str) — the path written, or "" if
    cancelled or failed; preview_opened(CertificatePreview)."""

    report_loaded = Signal(object)
    job_finished = Signal(str)
    preview_opened = Signal(object)

    def __init__(
        self, db: Database, library: Library, paths: AppPaths, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.library, self.paths = db, library, paths
        self.titles = {c.id: c.title for c in library.courses}
        self.report: Report | None = None
        self.shown_filter: ReportFilter | None = None  # what the shown report was asked with
        self.tasks = TaskRunner(self)
        self.preview: CertificatePreview | None = None  # the open one, if any
        self.setObjectName("hrWindow")
        self.setWindowTitle(tr("hr.ui.title"))
        self.model = ReportModel()
        self._build()
        self._restore_geometry()
        self.refresh()

    def _restore_geometry(self) -> None:
        """Last size and place; the first time, as large as fits the screen (at most
        1200×760), so it opens whole on a 1024×768 or 1366×768 office screen."""
        saved = settings.store().value(GEOMETRY_KEY)
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            return
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen else None
        width, height = 1200, 760
        if room is not None:
            width, height = min(width, room.width() - 24), min(height, room.height() - 48)
        self.resize(max(width, 640), max(height, 480))

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.store().setValue(GEOMETRY_KEY, self.saveGeometry())
        self.tasks.shutdown(wait=True)
        super().closeEvent(event)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.filters = ReportFilters(list(self.library.courses))
        self.filters.changed.connect(self.refresh)
        self.unit, self.course, self.status = (
            self.filters.unit,
            self.filters.course,
            self.filters.status,
        )
        self.refresh_button = self.filters.refresh_button
        # fitted to the window's width, no sideways scrolling; a right click on the header
        # shows or hides columns
        self.table = ReportTable(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda _index: self.preview_selected())

        self.summary = QLabel("")
        self.summary.setObjectName("hrSummary")
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message = QLabel("")
        self.message.setObjectName("hrMessage")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = CompletionChart()
        chart_scroll = QScrollArea()
        chart_scroll.setWidgetResizable(True)
        chart_scroll.setWidget(self.chart)
        chart_box = QGroupBox(tr("hr.ui.chart"))
        QVBoxLayout(chart_box).addWidget(chart_scroll)

        self.delimiter = QComboBox()
        self.delimiter.addItem(tr("hr.ui.delimiter_comma"), ",")
        self.delimiter.addItem(tr("hr.ui.delimiter_semicolon"), ";")
        # Buttons call lambdas: ``clicked(bool)`` must never reach a method's optional
        # argument (it once passed False as the bulk certificates' output path).
        self.export_csv = QPushButton(tr("hr.ui.export_csv"))
        self.export_csv.setObjectName("hrExportCsv")
        self.export_csv.clicked.connect(lambda: self.ask_export("csv"))
        self.export_xlsx = QPushButton(tr("hr.ui.export_xlsx"))
        self.export_xlsx.setObjectName("hrExportXlsx")
        self.export_xlsx.clicked.connect(lambda: self.ask_export("xlsx"))
        self.preview_button = QPushButton(tr("hr.ui.preview"))
        self.preview_button.setObjectName("hrPreview")
        self.preview_button.clicked.connect(lambda: self.preview_selected())
        self.bulk_button = QPushButton(tr("ui_admin.hr.bulk_zip"))
        self.bulk_button.setObjectName("hrBulkZip")
        self.bulk_button.setToolTip(tr("ui_admin.hr.bulk_tip"))
        self.bulk_button.clicked.connect(lambda: self.ask_bulk(zip_file=True))
        self.bulk_folder_button = QPushButton(tr("ui_admin.hr.bulk_folder"))
        self.bulk_folder_button.setObjectName("hrBulkFolder")
        self.bulk_folder_button.setToolTip(tr("ui_admin.hr.bulk_tip"))
        self.bulk_folder_button.clicked.connect(lambda: self.ask_bulk(zip_file=False))
        delimiter_caption = QLabel(tr("hr.ui.delimiter"))
        delimiter_caption.setBuddy(self.delimiter)
        export_row = QHBoxLayout()
        for widget in (self.export_csv, delimiter_caption, self.delimiter, self.export_xlsx):
            export_row.addWidget(widget)
        export_row.addStretch(1)
        certificate_row = QHBoxLayout()
        for widget in (self.preview_button, self.bulk_button, self.bulk_folder_button):
            certificate_row.addWidget(widget)
        certificate_row.addStretch(1)
        actions = QVBoxLayout()
        actions.addLayout(export_row)
        actions.addLayout(certificate_row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(chart_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addLayout(actions)

    @property
    def roster(self) -> tuple[RosterEntry, ...] | None:
        return self.filters.roster

    def current_filter(self) -> ReportFilter:
        return self.filters.current_filter()

    def refresh(self) -> None:
        """Reload the report in the background; ``report_loaded`` fires when it is shown."""
        f = self.current_filter()
        self.refresh_button.setEnabled(False)
        db, titles = self.db, self.titles

        def shown(report: Report) -> None:
            self.shown_filter = f
            self._show_report(report)

        self.tasks.run(
            lambda: reports.completion_report(db, f, titles),
            on_done=shown,
            on_error=self._failed,
        )

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
        self.filters.fill_units(report)
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

    # -- exports -------------------------------------------------------------------------------
    def ask_export(self, fmt: str) -> Task | None:
        """Ask where to save the report, then export it."""
        pattern = "Excel (*.xlsx)" if fmt == "xlsx" else "CSV (*.csv)"
        path, _ = QFileDialog.getSaveFileName(
            self, tr("hr.ui.export_title"), f"bao-cao-hoan-thanh.{fmt}", pattern
        )
        if not path:
            return None
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        return self.export(fmt, path)

    def export(self, fmt: str, path: str) -> Task:
        """Export the report shown (its filter, in the report's order: units, then names) to
        ``path``: the rows are read again from the database and streamed to the file, as the
        command line does, never taken from the table (a city's report need not fit in it)."""
        f = self.shown_filter or self.current_filter()
        delimiter = self.delimiter.currentData() or ","
        target = Path(path)
        db, titles = self.db, self.titles

        def job() -> Iterator[Progress]:
            stream = reports.completion_rows(db, f, titles)
            yield Progress(0, stream.total)  # counted: the dialog shows how many are to come
            yield from exports.export_rows(
                stream.rows,
                export_columns.COMPLETION_COLUMNS,
                target,
                fmt,
                delimiter,
                total=stream.total,
            )

        return self._job(
            job,
            tr("hr.ui.exporting"),
            str(target),
            tr("ui_admin.hr.exported", path=str(target)),
        )

    def _job(
        self,
        op: Callable[[], object],
        title: str,
        target: str,
        done_message: str,
        after: Callable[[], object] | None = None,
    ) -> Task:
        """A cancellable job with a progress dialog; the outcome is said below the table."""

        def done(_result: object) -> None:
            self.message.setText(done_message)
            if after is not None:
                after()
            self.job_finished.emit(target)

        def cancelled() -> None:
            self.message.setText(tr("ui_admin.hr.cancelled"))
            self.job_finished.emit("")

        def failed(exc: BaseException) -> None:
            self.message.setText(tr("ui_admin.hr.failed"))
            show_error(self, exc)
            self.job_finished.emit("")

        self.message.setText(title)
        return self.tasks.run(
            op,
            title=title,
            cancellable=True,
            lane=Lane.LONG,
            on_done=done,
            on_cancel=cancelled,
            on_error=failed,
        )

    # -- certificates --------------------------------------------------------------------------
    def ask_bulk(self, *, zip_file: bool) -> Task | None:
        """Ask for a ZIP file or a folder, then make every certificate of the current filter."""
        if zip_file:
            output, _ = QFileDialog.getSaveFileName(
                self, tr("ui_admin.hr.bulk_zip_title"), "giay-chung-nhan.zip", "ZIP (*.zip)"
            )
            if output and not output.lower().endswith(".zip"):
                output += ".zip"
        else:
            output = QFileDialog.getExistingDirectory(self, tr("ui_admin.hr.bulk_folder_title"))
        if not output:
            return None
        return self.bulk_certificates(output)

    def bulk_certificates(self, output: str) -> Task:
        """All certificates for the current filter, into a folder or a ``.zip``, cancellable."""
        if not isinstance(output, str) or not output:
            raise TypeError("bulk_certificates needs a path")  # a wiring mistake, not a user's
        f = self.current_filter()
        db, data_dir, titles = self.db, self.paths.data_dir, self.titles
        count: list[int] = [0]

        def job() -> Iterator[Progress]:
            org = load_org_settings(db)
            prepared = certificates.prepare_certificates(db, data_dir, f, titles, org=org)
            count[0] = len(prepared)
            yield from certificate_files.write_certificates(prepared, org, output)

        return self._job(
            job,
            tr("hr.ui.making_certificates"),
            output,
            "",
            after=lambda: self._bulk_done(count[0], output),
        )

    def _bulk_done(self, count: int, output: str) -> None:
        self.message.setText(
            trn("ui_admin.hr.bulk_done", count, count=formats.number(count, 0), path=output)
        )
        self.refresh()  # numbers were given out

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

    def preview_selected(self) -> Task | None:
        """Number, sign and render the selected person's certificate in the background, then
        show it (Save and Print are in the preview)."""
        row = self.selected_row()
        if row is None or row.completion_id is None:
            self.message.setText(tr("hr.ui.select_completed"))
            return None
        self.preview_button.setEnabled(False)

        def show(pdf: bytes) -> None:
            from ethics_trainer.ui.hr.preview import CertificatePreview

            self.preview_button.setEnabled(True)
            name = certificates.ascii_slug(row.full_name) or "giay-chung-nhan"
            dialog = CertificatePreview(pdf, self, default_name=f"giay-chung-nhan-{name}.pdf")
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda: setattr(self, "preview", None))
            self.preview = dialog
            dialog.open()
            self.preview_opened.emit(dialog)
            self.refresh()  # a number may have been given out

        def failed(exc: BaseException) -> None:
            self.preview_button.setEnabled(True)
            show_error(self, exc)

        return self.tasks.run(lambda: self.certificate_pdf(row), on_done=show, on_error=failed)
