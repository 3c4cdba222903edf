"""The form for one exam definition (name, course, time, pass mark, drawing parts); the list
of definitions that opens it is :mod:`.definition_list`.

Every database call (listing, loading one definition before editing, saving, archiving or
restoring) runs on a :class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner`, never on the GUI thread: a
slow or unreachable server leaves the dialogs painting with a busy bar instead of freezing
them. A lost connection shows "Đang kết nối lại…" and the list tries again on its own. The
editor opened from the list shares the list's runner, so a save is always written before the
list re-reads it. Results arrive as signals (``loaded``, ``save_done``…) the tests wait on.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import UserError
from ethics_trainer.exams import definitions
from ethics_trainer.exams.client import OFFLINE_ERRORS
from ethics_trainer.exams.definitions import SHOW_CHOICES, ExamDef, ExamDraft
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.draw_parts import DrawPart
from ethics_trainer.ui.exams.common import as_user_error, show_error
from ethics_trainer.ui.toolkit.tasks import TaskRunner
from ethics_trainer.ui.widgets.dialog_parts import busy_bar, notice_line, ok_cancel

log = logging.getLogger(__name__)


def _split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


class DefinitionEditor(QDialog):
    """A form over :class:`ExamDraft`; ``saved`` holds the stored definition after a save.

    ``save`` writes in the background: the form and the Save button are disabled meanwhile,
    Cancel stays usable so a hung server never traps the user. Pass the list's ``tasks`` so
    the write is queued before the list re-reads; without it the editor has its own runner.

    Signals:
        save_done: the definition was stored (the :class:`ExamDef`); the dialog then closes.
        save_failed: the save was refused or the server did not answer (the message).
    """

    save_done = Signal(object)
    save_failed = Signal(str)

    def __init__(
        self,
        db: Database,
        library: Library,
        existing: ExamDef | None = None,
        parent: QWidget | None = None,
        *,
        clock: Clock = SYSTEM_CLOCK,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.library, self.existing, self.clock = db, library, existing, clock
        self.saved: ExamDef | None = None
        self._owns_tasks = tasks is None
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self._busy = False
        self._gone = False
        self.setWindowTitle(tr("exams.def.title"))
        layout = QVBoxLayout(self)
        self.body = QWidget()  # everything the user can change; disabled while saving
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.name = QLineEdit(existing.name if existing else "")
        self.course = QComboBox()
        for course in library.courses:
            self.course.addItem(course.title, course.id)
        if existing:
            self.course.setCurrentIndex(max(0, self.course.findData(existing.course_id)))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 600)
        self.minutes.setValue(existing.minutes if existing else 30)
        self.pass_percent = QDoubleSpinBox()
        self.pass_percent.setRange(0, 100)
        self.pass_percent.setValue(existing.pass_percent if existing else 80)
        self.attempts = QSpinBox()
        self.attempts.setRange(1, 20)
        self.attempts.setValue(existing.attempts_allowed if existing else 1)
        self.shuffle_questions = QCheckBox(tr("exams.def.shuffle_questions"))
        self.shuffle_questions.setChecked(existing.shuffle_questions if existing else True)
        self.shuffle_options = QCheckBox(tr("exams.def.shuffle_options"))
        self.shuffle_options.setChecked(existing.shuffle_options if existing else True)
        self.show_after = QComboBox()
        for choice in SHOW_CHOICES:
            self.show_after.addItem(tr(f"exams.def.show_{choice}"), choice)
        if existing:
            self.show_after.setCurrentIndex(max(0, self.show_after.findData(existing.show_after)))
        form.addRow(tr("exams.def.name"), self.name)
        form.addRow(tr("exams.def.course"), self.course)
        form.addRow(tr("exams.def.minutes"), self.minutes)
        form.addRow(tr("exams.def.pass_percent"), self.pass_percent)
        form.addRow(tr("exams.def.attempts"), self.attempts)
        form.addRow("", self.shuffle_questions)
        form.addRow("", self.shuffle_options)
        form.addRow(tr("exams.def.show_after"), self.show_after)
        body.addLayout(form)
        self.parts = QTableWidget(0, 3)
        self.parts.setHorizontalHeaderLabels(
            [tr("exams.def.part_banks"), tr("exams.def.part_tags"), tr("exams.def.part_count")]
        )
        header = self.parts.horizontalHeader()
        # banks and count as wide as their headers (which say what an empty cell means);
        # tags, the shortest header, takes the rest
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.parts.verticalHeader().setVisible(False)
        for part in existing.parts if existing else (DrawPart(),):
            self.add_part(part)
        body.addWidget(self.parts)
        add = QPushButton(tr("exams.def.add_part"))
        add.clicked.connect(lambda: self.add_part(DrawPart()))
        body.addWidget(add)
        layout.addWidget(self.body)
        self.busy_bar = busy_bar()
        layout.addWidget(self.busy_bar)
        self.notice = notice_line()
        layout.addWidget(self.notice)
        self.buttons = ok_cancel(self, self.save, QDialogButtonBox.StandardButton.Save)
        layout.addWidget(self.buttons)
        self.finished.connect(self._on_finished)
        self._fit_headers()

    def _fit_headers(self) -> None:
        """Open wide enough for the parts table's headers (they explain what an empty cell
        means), but never wider than the screen; each header also says it in a tooltip."""
        self.ensurePolished()
        self.parts.horizontalHeader().ensurePolished()
        metrics = self.parts.horizontalHeader().fontMetrics()
        wanted = 0
        for column in range(self.parts.columnCount()):
            item = self.parts.horizontalHeaderItem(column)
            if item is not None:
                item.setToolTip(item.text())
                wanted += metrics.horizontalAdvance(item.text()) + 3 * metrics.averageCharWidth()
        layout = self.layout()
        wanted += (layout.contentsMargins().left() if layout is not None else 0) * 2 + 8
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        limit = screen.width() - 40 if screen is not None else wanted
        self.resize(max(self.sizeHint().width(), min(wanted, limit)), self.sizeHint().height())

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    @property
    def busy(self) -> bool:
        """True while a save is on its way to the server."""
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.body.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def add_part(self, part: DrawPart) -> None:
        row = self.parts.rowCount()
        self.parts.insertRow(row)
        self.parts.setItem(row, 0, QTableWidgetItem(", ".join(part.banks)))
        self.parts.setItem(row, 1, QTableWidgetItem(", ".join(part.tags)))
        self.parts.setItem(row, 2, QTableWidgetItem("" if part.count is None else str(part.count)))

    def draft(self) -> ExamDraft:
        parts = []
        for row in range(self.parts.rowCount()):
            items = [self.parts.item(row, c) for c in range(3)]
            cells = [item.text() if item else "" for item in items]
            count_text = cells[2].strip()
            if count_text and not count_text.isdigit():
                raise UserError(tr("exams.def.bad_count", row=row + 1))
            parts.append(
                DrawPart(
                    int(count_text) if count_text else None, _split(cells[0]), _split(cells[1])
                )
            )
        return ExamDraft(
            name=self.name.text(),
            course_id=str(self.course.currentData() or ""),
            parts=parts or [DrawPart()],
            minutes=self.minutes.value(),
            pass_percent=self.pass_percent.value(),
            attempts_allowed=self.attempts.value(),
            shuffle_questions=self.shuffle_questions.isChecked(),
            shuffle_options=self.shuffle_options.isChecked(),
            show_after=str(self.show_after.currentData()),
        )

    def save(self) -> None:
        """Check and store the form in the background; ``save_done`` or ``save_failed`` follows."""
        if self._busy or self._gone:
            return
        try:
            draft = self.draft()
        except UserError as exc:  # the form itself is wrong: no need to ask the server
            show_error(self, exc)
            self.save_failed.emit(exc.message)
            return
        db, library, clock = self.db, self.library, self.clock
        definition_id = self.existing.id if self.existing else None

        def op() -> ExamDef:
            return definitions.save_definition(
                db, draft, definition_id=definition_id, library=library, clock=clock
            )

        self._set_busy(True, tr("exams.def.saving"))
        self.tasks.run_db(op, self._saved, self._save_failed)

    def _saved(self, stored: ExamDef) -> None:
        self.saved = stored  # kept even when cancelled meanwhile: the write did happen
        if self._gone:
            return
        self._set_busy(False)
        self.save_done.emit(stored)
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        if self._gone:
            return
        offline = isinstance(exc, OFFLINE_ERRORS)
        error = as_user_error(exc, "exams.def.save_offline")
        self._set_busy(False, tr("exams.def.reconnecting") if offline else "")
        show_error(self, error)
        self.save_failed.emit(error.message)

    def _on_finished(self, _code: int) -> None:
        """Closed: a late answer is ignored; an own runner stops without waiting for a hung
        server (a shared one belongs to the list, which still needs it)."""
        self._gone = True
        if self._owns_tasks:
            self.tasks.shutdown(wait=False)
