"""Exam definitions: the list (new, edit, archive) and the form for one definition.

Every database call (listing, loading one definition before editing, saving, archiving or
restoring) runs on a :class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner`, never on the GUI thread: a
slow or unreachable server leaves the dialogs painting with a busy bar instead of freezing
them. A lost connection shows "Đang kết nối lại…" and the list tries again on its own. The
editor opened from the list shares the list's runner, so a save is always written before the
list re-reads it. Results arrive as signals (``loaded``, ``save_done``…) the tests wait on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
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
from ethics_trainer.ui.exams.common import show_error
from ethics_trainer.ui.theme import muted_colour
from ethics_trainer.ui.toolkit.tasks import TaskRunner

log = logging.getLogger(__name__)


def _split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in text.split(",") if t.strip())


def _as_user_error(exc: BaseException, offline_key: str) -> UserError:
    """A background failure as a message for the user (never a traceback)."""
    if isinstance(exc, OFFLINE_ERRORS):
        return UserError(tr(offline_key))
    if isinstance(exc, UserError):
        return exc
    log.error("exam definition task failed", exc_info=exc)
    return UserError(str(exc))


def _busy_bar() -> QProgressBar:
    """An indeterminate bar: the server gives no progress to show."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.hide()
    return bar


def _notice() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setObjectName("noticeText")  # the theme's warning colour, light or dark
    label.hide()
    return label


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
        self.busy_bar = _busy_bar()
        layout.addWidget(self.busy_bar)
        self.notice = _notice()
        layout.addWidget(self.notice)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
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
        error = _as_user_error(exc, "exams.def.save_offline")
        self._set_busy(False, tr("exams.def.reconnecting") if offline else "")
        show_error(self, error)
        self.save_failed.emit(error.message)

    def _on_finished(self, _code: int) -> None:
        """Closed: a late answer is ignored; an own runner stops without waiting for a hung
        server (a shared one belongs to the list, which still needs it)."""
        self._gone = True
        if self._owns_tasks:
            self.tasks.shutdown(wait=False)


class DefinitionList(QDialog):
    """Every exam definition: create, edit, archive (hidden from new sessions) or restore.

    Archiving never deletes: past sessions, their minutes and results keep pointing at it.
    Each database call runs on ``tasks``; while one is out the busy bar shows and the
    buttons that act on the (maybe stale) selection are disabled. Only the newest list read
    is painted, so toggling "show archived" quickly never shows an older answer.

    Signals:
        loaded: the list was read and painted.
        load_failed: the list could not be read (the message); offline, it retries itself.
        archive_done: a definition was archived or restored (the stored :class:`ExamDef`).
        action_failed: archiving/restoring or loading a definition failed (the message).
        editor_opened: the form for a definition is open (the :class:`DefinitionEditor`).
    """

    loaded = Signal()
    load_failed = Signal(str)
    archive_done = Signal(object)
    action_failed = Signal(str)
    editor_opened = Signal(object)

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
        self.tasks = TaskRunner(self)
        self._gone = False
        self._loads = 0  # list reads in flight
        self._actions = 0  # archive/restore or loading one definition in flight
        self._generation = 0  # the newest list read; older answers are dropped
        self._select_after: int | None = None
        self.retry = QTimer(self)  # offline: read the list again after a pause
        self.retry.setSingleShot(True)
        self.retry.setInterval(3000)
        self.retry.timeout.connect(lambda: self.reload(self._select_after))
        self.setWindowTitle(tr("exams.deflist.title"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.show_archived = QCheckBox(tr("exams.deflist.show_archived"))
        self.show_archived.toggled.connect(lambda _on: self.reload())
        layout.addWidget(self.show_archived)
        self.notice = _notice()
        layout.addWidget(self.notice)
        self.items = QListWidget()
        self.items.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.items.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(self.items, 1)
        self.busy_bar = _busy_bar()
        layout.addWidget(self.busy_bar)
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
        self.finished.connect(self._on_finished)
        self.reload()

    # -- background work -------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """True while any database call of the list is on its way."""
        return self._loads > 0 or self._actions > 0

    def _update_busy(self) -> None:
        self.busy_bar.setVisible(self.busy)
        self._update_buttons()

    def _run(
        self,
        op: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """One action (not a list read): counted for the busy bar, ignored once closed."""

        def on_done(result: Any) -> None:
            self._actions -= 1
            self._update_busy()
            if not self._gone:
                done(result)

        def on_error(exc: BaseException) -> None:
            self._actions -= 1
            self._update_busy()
            if not self._gone:
                failed(exc)

        self._actions += 1
        self._update_busy()
        self.tasks.run_db(op, on_done, on_error)

    def _action_failed(self, exc: BaseException) -> None:
        offline = isinstance(exc, OFFLINE_ERRORS)
        error = _as_user_error(exc, "exams.deflist.action_offline")
        if offline:
            self._show_notice(tr("exams.deflist.reconnecting"))
        show_error(self, error)
        self.action_failed.emit(error.message)

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- the list --------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        """Read the list in the background, then paint it and select ``select_id``."""
        if self._gone:
            return
        self.retry.stop()
        self._generation += 1
        generation = self._generation
        self._select_after = select_id
        db, include_archived = self.db, self.show_archived.isChecked()

        def done(found: list[ExamDef]) -> None:
            self._loads -= 1
            if generation == self._generation and not self._gone:
                self._show_notice("")
                self._paint(found, select_id)
                self.loaded.emit()
            self._update_busy()

        def failed(exc: BaseException) -> None:
            self._loads -= 1
            self._update_busy()
            if generation != self._generation or self._gone:
                return
            if isinstance(exc, OFFLINE_ERRORS):
                self._show_notice(tr("exams.deflist.reconnecting"))
                self.retry.start()
                self.load_failed.emit(tr("exams.deflist.reconnecting"))
                return
            error = _as_user_error(exc, "exams.deflist.reconnecting")
            self._show_notice(error.message)
            self.load_failed.emit(error.message)

        self._loads += 1
        self._update_busy()
        self.tasks.run_db(
            lambda: definitions.list_definitions(db, include_archived=include_archived),
            done,
            failed,
        )

    def _paint(self, found: list[ExamDef], select_id: int | None) -> None:
        self.definitions = found
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
                item.setForeground(muted_colour(self.palette()))
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
        """Acting on the selection waits for the list and for the previous action."""
        chosen = self.selected()
        free = chosen is not None and not self.busy
        self.edit_button.setEnabled(free)
        self.archive_button.setEnabled(free)
        self.archive_button.setText(
            tr("exams.deflist.restore" if chosen and chosen.archived else "exams.deflist.archive")
        )

    # -- editing ---------------------------------------------------------------------------
    def editor(self, existing: ExamDef | None) -> DefinitionEditor:
        """The form for one definition (tests fill it in and call ``save``)."""
        return DefinitionEditor(
            self.db, self.library, existing, self, clock=self.clock, tasks=self.tasks
        )

    def edit(self, existing: ExamDef | None) -> None:
        """Open the form; an existing definition is read afresh first (another PC may have
        changed it since the list was read)."""
        if existing is None:
            self._open_editor(None)
            return
        db, definition_id = self.db, existing.id
        self._run(
            lambda: definitions.get_definition(db, definition_id),
            self._open_editor,
            self._load_failed,
        )

    def _load_failed(self, exc: BaseException) -> None:
        self._action_failed(exc)
        self.reload(self._select_after)  # it may have gone: show the list as it is now

    def _open_editor(self, existing: ExamDef | None) -> None:
        dialog = self.editor(existing)
        dialog.finished.connect(
            lambda _code: self.reload(dialog.saved.id if dialog.saved else None)
        )
        dialog.open()
        self.editor_opened.emit(dialog)

    def edit_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and not self.busy:
            self.edit(chosen)

    def toggle_archive_selected(self, *, confirm: bool = True) -> None:
        """Archive (after asking) or restore the selection in the background."""
        chosen = self.selected()
        if chosen is None or self.busy:
            return
        if not chosen.archived and confirm:
            answer = QMessageBox.question(
                self,
                tr("exams.deflist.archive"),
                tr("exams.deflist.confirm_archive", name=chosen.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        db, definition_id, archived = self.db, chosen.id, not chosen.archived

        def done(saved: ExamDef) -> None:
            self._show_notice("")
            self.archive_done.emit(saved)
            self.reload(saved.id)

        self._run(
            lambda: definitions.set_archived(db, definition_id, archived), done, self._action_failed
        )

    def _on_finished(self, _code: int) -> None:
        """Closed: late answers are ignored and a hung server does not hold the window."""
        self._gone = True
        self.retry.stop()
        self.tasks.shutdown(wait=False)
