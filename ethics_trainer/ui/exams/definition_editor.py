"""Editing an exam definition: course, draw parts (banks, tags, count), time and rules."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
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
from ethics_trainer.exams.definitions import SHOW_CHOICES, DrawPart, ExamDef, ExamDraft
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.common import show_error


def _split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


class DefinitionEditor(QDialog):
    """A form over :class:`ExamDraft`; ``saved`` holds the stored definition after OK."""

    def __init__(
        self,
        db: Database,
        library: Library,
        existing: ExamDef | None = None,
        parent: QWidget | None = None,
        *,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self.db, self.library, self.existing, self.clock = db, library, existing, clock
        self.saved: ExamDef | None = None
        self.setWindowTitle(tr("exams.def.title"))
        layout = QVBoxLayout(self)
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
        layout.addLayout(form)
        self.parts = QTableWidget(0, 3)
        self.parts.setHorizontalHeaderLabels(
            [tr("exams.def.part_banks"), tr("exams.def.part_tags"), tr("exams.def.part_count")]
        )
        self.parts.horizontalHeader().setStretchLastSection(True)
        for part in existing.parts if existing else (DrawPart(),):
            self.add_part(part)
        layout.addWidget(self.parts)
        add = QPushButton(tr("exams.def.add_part"))
        add.clicked.connect(lambda: self.add_part(DrawPart()))
        layout.addWidget(add)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def add_part(self, part: DrawPart) -> None:
        row = self.parts.rowCount()
        self.parts.insertRow(row)
        self.parts.setItem(row, 0, QTableWidgetItem(", ".join(part.banks)))
        self.parts.setItem(row, 1, QTableWidgetItem(", ".join(part.tags)))
        self.parts.setItem(row, 2, QTableWidgetItem("" if part.count is None else str(part.count)))

    def draft(self) -> ExamDraft:
        parts = []
        for row in range(self.parts.rowCount()):
            cells = [
                (self.parts.item(row, c).text() if self.parts.item(row, c) else "")
                for c in range(3)
            ]
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
        try:
            self.saved = definitions.save_definition(
                self.db,
                self.draft(),
                definition_id=self.existing.id if self.existing else None,
                library=self.library,
                clock=self.clock,
            )
        except UserError as exc:
            show_error(self, exc)
            return
        self.accept()
