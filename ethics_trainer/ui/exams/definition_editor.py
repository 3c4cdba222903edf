"""Exam definitions: the list (new, edit, archive) and the form for one definition."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
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


class DefinitionList(QDialog):
    """Every exam definition: create, edit, archive (hidden from new sessions) or restore.

    Archiving never deletes: past sessions, their minutes and results keep pointing at it.
    """

    def __init__(
        self,
        db: Database,
        library: Library,
        parent: QWidget | None = None,
        *,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self.db, self.library, self.clock = db, library, clock
        self.setWindowTitle(tr("exams.deflist.title"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.show_archived = QCheckBox(tr("exams.deflist.show_archived"))
        self.show_archived.toggled.connect(lambda _on: self.reload())
        layout.addWidget(self.show_archived)
        self.items = QListWidget()
        self.items.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.items.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(self.items, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(tr("exams.deflist.new"))
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button = QPushButton(tr("exams.deflist.edit"))
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.archive_button = QPushButton(tr("exams.deflist.archive"))
        self.archive_button.clicked.connect(lambda: self.toggle_archive_selected())
        for button in (self.new_button, self.edit_button, self.archive_button):
            row.addWidget(button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.definitions: list[ExamDef] = []
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        self.definitions = definitions.list_definitions(
            self.db, include_archived=self.show_archived.isChecked()
        )
        titles = {c.id: c.title for c in self.library.courses}
        self.items.clear()
        for d in self.definitions:
            text = tr(
                "exams.deflist.summary",
                name=d.name,
                course=titles.get(d.course_id, d.course_id),
                minutes=d.minutes,
                pass_percent=f"{d.pass_percent:g}",
            )
            if d.archived:
                text += " " + tr("exams.deflist.archived_mark")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            if d.archived:
                item.setForeground(Qt.GlobalColor.gray)
            self.items.addItem(item)
        ids = [d.id for d in self.definitions]
        if select_id in ids:
            self.items.setCurrentRow(ids.index(select_id))
        elif ids:
            self.items.setCurrentRow(0)
        self._update_buttons()

    def selected(self) -> ExamDef | None:
        row = self.items.currentRow()
        return self.definitions[row] if 0 <= row < len(self.definitions) else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.archive_button.setEnabled(chosen is not None)
        self.archive_button.setText(
            tr("exams.deflist.restore" if chosen and chosen.archived else "exams.deflist.archive")
        )

    def editor(self, existing: ExamDef | None) -> DefinitionEditor:
        """The form for one definition (tests fill it in and call ``save``)."""
        return DefinitionEditor(self.db, self.library, existing, self, clock=self.clock)

    def edit(self, existing: ExamDef | None) -> None:
        dialog = self.editor(existing)
        dialog.finished.connect(
            lambda _code: self.reload(dialog.saved.id if dialog.saved else None)
        )
        dialog.open()

    def edit_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.edit(chosen)

    def toggle_archive_selected(self, *, confirm: bool = True) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if not chosen.archived and confirm:
            answer = QMessageBox.question(
                self,
                tr("exams.deflist.archive"),
                tr("exams.deflist.confirm_archive", name=chosen.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            saved = definitions.set_archived(self.db, chosen.id, not chosen.archived)
        except UserError as exc:
            show_error(self, exc)
            return
        self.reload(saved.id)
