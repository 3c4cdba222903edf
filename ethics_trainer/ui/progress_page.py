"""Progress: completion and time per course, the score chart, and the reviewable history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.i18n import formats, tr
from ethics_trainer.ui.result_view import graded
from ethics_trainer.ui.widgets.score_chart import ScoreChart

if TYPE_CHECKING:
    from ethics_trainer.services.attempts import AttemptSummary
    from ethics_trainer.study.stats import LearnerStats

ID_ROLE = Qt.ItemDataRole.UserRole
COURSE_ROWS_SHOWN = 5  # more courses scroll; fewer leave no empty rows under them


def kind_name(kind: str) -> str:
    key = f"uis.kind.{kind}"
    text = tr(key)
    return kind if text == key else text


def spent(seconds: int) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return tr("uis.progress.minutes", minutes=minutes)
    return tr("uis.progress.hours", hours=minutes // 60, minutes=minutes % 60)


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        table.horizontalHeader().setSectionResizeMode(
            column, QHeaderView.ResizeMode.ResizeToContents
        )
    return table


class ProgressPage(QWidget):
    """Signals: open_attempt(attempt_id), certificate(course_id) for the learner's own
    certificate of a completed course."""

    open_attempt = Signal(int)
    certificate = Signal(str)
    certificate_on_offer = Signal()  # a completed course is listed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.title = QLabel(tr("uis.progress.title"))
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setObjectName("progressSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.courses = _table(
            [
                tr("uis.progress.course"),
                tr("uis.progress.completion"),
                tr("uis.progress.time"),
                tr("uis.progress.attempts"),
                tr("uis.progress.best"),
            ],
            "courseStats",
        )
        self.courses.setAccessibleName(tr("uis.progress.courses"))
        self.courses.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_courses()
        self.courses.horizontalScrollBar().rangeChanged.connect(lambda *_: self._fit_courses())
        layout.addWidget(self.courses)
        certificate_row = QHBoxLayout()
        # what the button needs when it is disabled (no completed course selected)
        self.certificate_reason = QLabel()
        self.certificate_reason.setObjectName("certificateReason")
        self.certificate_reason.setWordWrap(True)
        certificate_row.addWidget(self.certificate_reason, stretch=1)
        self.certificate_button = QPushButton(tr("uis.cert.view"))
        self.certificate_button.setObjectName("viewCertificate")
        self.certificate_button.clicked.connect(self._certificate)
        certificate_row.addWidget(self.certificate_button)
        layout.addLayout(certificate_row)
        self.courses.itemSelectionChanged.connect(self._course_selected)
        self.course_ids: list[str] = []
        self.completed: set[str] = set()
        chart_label = QLabel(f"<b>{tr('uis.progress.chart')}</b>")
        layout.addWidget(chart_label)
        self.chart = ScoreChart()
        chart_label.setBuddy(self.chart)
        layout.addWidget(self.chart, stretch=1)
        history_label = QLabel(f"<b>{tr('uis.progress.history')}</b>")
        history_label.setWordWrap(True)
        layout.addWidget(history_label)
        self.history = _table(
            [
                tr("uis.progress.course"),
                tr("uis.progress.when"),
                tr("uis.progress.kind"),
                tr("uis.progress.score"),
                tr("uis.progress.result"),
            ],
            "attemptHistory",
        )
        self.history.setAccessibleName(tr("uis.progress.history"))
        history_label.setBuddy(self.history)
        self.history.itemActivated.connect(lambda _item: self._open_selected())
        self.history.itemDoubleClicked.connect(lambda _item: self._open_selected())
        layout.addWidget(self.history, stretch=1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.open_button = QPushButton(tr("uis.progress.open"))
        self.open_button.setObjectName("openAttempt")
        self.open_button.clicked.connect(self._open_selected)
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self.attempts: list[AttemptSummary] = []

    def show_stats(
        self, stats: LearnerStats, attempts: list[AttemptSummary], titles: dict[str, str]
    ) -> None:
        self.summary.setText(
            tr("uis.progress.summary", time=spent(stats.seconds_spent), attempts=stats.attempts)
        )
        self.course_ids = [course.course_id for course in stats.courses]
        self.completed = {c.course_id for c in stats.courses if c.progress.completed_at is not None}
        if self.completed:
            self.certificate_on_offer.emit()
        self.courses.setRowCount(len(stats.courses))
        for row, course in enumerate(stats.courses):
            best = formats.percent(course.best_score) if course.best_score is not None else "—"
            cells = [
                course.title,
                formats.percent(100 * course.fraction, 0),
                spent(course.seconds_spent),
                str(course.attempts),
                best,
            ]
            for column, text in enumerate(cells):
                self.courses.setItem(row, column, QTableWidgetItem(text))
        # the first completed course is selected: its certificate is one click away
        first = next((i for i, c in enumerate(self.course_ids) if c in self.completed), 0)
        if self.course_ids:
            self.courses.selectRow(first)
        self._fit_courses()
        self._course_selected()
        self.chart.set_points(stats.scores)
        self.attempts = [a for a in attempts if a.submitted_at is not None]
        self.history.setRowCount(len(self.attempts))
        for row, attempt in enumerate(self.attempts):
            assert attempt.submitted_at is not None
            score = formats.percent(attempt.score) if attempt.score is not None else "—"
            verdict = ""
            if not graded(attempt.kind):
                verdict = tr("uis.progress.ungraded")  # practice and review: a score only
            elif attempt.passed is not None:
                verdict = tr("uis.progress.passed") if attempt.passed else tr("uis.progress.failed")
            cells = [
                titles.get(attempt.course_id, attempt.course_id),
                formats.date_time(attempt.submitted_at),
                kind_name(attempt.kind),
                score,
                verdict,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, attempt.id)
                self.history.setItem(row, column, item)
        if self.attempts:
            self.history.selectRow(0)
        self.open_button.setEnabled(bool(self.attempts))

    def changeEvent(self, event: QEvent) -> None:
        """A new font size (settings apply it at once) changes the header's and rows' height:
        fit the course table again once the table itself has taken the font."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            QTimer.singleShot(0, self._fit_courses)

    def _fit_courses(self) -> None:
        """The course table as tall as its rows (one to five), so the history below gets the
        room an empty table would take; a horizontal scroll bar, when the columns need one,
        adds its own height rather than hiding a row."""
        table = self.courses
        rows = min(max(table.rowCount(), 1), COURSE_ROWS_SHOWN)
        header = table.verticalHeader()
        heights = [table.rowHeight(row) for row in range(min(rows, table.rowCount()))]
        heights += [header.defaultSectionSize()] * (rows - len(heights))
        height = 2 * table.frameWidth() + table.horizontalHeader().sizeHint().height()
        height += sum(heights)
        bar = table.horizontalScrollBar()
        if bar.maximum() > 0:
            height += bar.sizeHint().height()
        table.setFixedHeight(height)

    def _open_selected(self) -> None:
        row = self.history.currentRow()
        if 0 <= row < len(self.attempts):
            self.open_attempt.emit(self.attempts[row].id)

    def selected_course(self) -> str | None:
        row = self.courses.currentRow()
        return self.course_ids[row] if 0 <= row < len(self.course_ids) else None

    def _course_selected(self) -> None:
        course_id = self.selected_course()
        ready = course_id is not None and course_id in self.completed
        self.certificate_button.setEnabled(ready)
        if ready:
            reason = ""
        elif course_id is None:
            reason = tr("uis.cert.pick_course")
        else:
            reason = tr("uis.cert.not_yet")
        self.certificate_button.setToolTip(reason)
        self.certificate_reason.setText(reason)

    def _certificate(self) -> None:
        course_id = self.selected_course()
        if course_id is not None and course_id in self.completed:
            self.certificate.emit(course_id)
