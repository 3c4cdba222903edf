"""Exam definitions: the list (new, edit, archive or restore) that opens the form of one
(:mod:`.definition_editor`).

Every database call (listing, loading one definition before editing, archiving or restoring)
runs on a :class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner`, never on the GUI thread: a slow
or unreachable server leaves the dialog painting with a busy bar instead of freezing it. A
lost connection shows "Đang kết nối lại…" and the list tries again on its own. The editor
opened from the list shares the list's runner, so a save is always written before the list
re-reads it. Results arrive as signals (``loaded``, ``archive_done``…) the tests wait on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.exams import definitions
from ethics_trainer.exams.client import OFFLINE_ERRORS
from ethics_trainer.exams.definitions import ExamDef
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.common import as_user_error, show_error
from ethics_trainer.ui.exams.definition_editor import DefinitionEditor
from ethics_trainer.ui.theme import muted_colour
from ethics_trainer.ui.toolkit.tasks import TaskRunner
from ethics_trainer.ui.widgets.dialog_parts import busy_bar, notice_line

log = logging.getLogger(__name__)


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
        self.notice = notice_line()
        layout.addWidget(self.notice)
        self.items = QListWidget()
        self.items.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.items.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(self.items, 1)
        self.busy_bar = busy_bar()
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
        error = as_user_error(exc, "exams.deflist.action_offline")
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
            error = as_user_error(exc, "exams.deflist.reconnecting")
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
