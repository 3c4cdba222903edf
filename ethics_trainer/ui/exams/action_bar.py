"""The proctor's action buttons: extra time, lock/unlock, approve a move to another PC, note
an incident, end the session.

Each button asks what it needs (which candidate: the table's selection; minutes and reason;
"really end?") and hands the answer to :class:`~.room_actions.RoomActions`, which does the
work in the background. Composed by the console with its table and its actions.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.ui.exams.common import show_error
from ethics_trainer.ui.exams.proctor_dialogs import (
    ask_extra_time,
    ask_incident,
    confirm_end_session,
)
from ethics_trainer.ui.exams.room_actions import RoomActions
from ethics_trainer.ui.exams.room_table import RoomTable


class ActionBar(QWidget):
    def __init__(
        self, table: RoomTable, actions: RoomActions, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.table, self.room_actions = table, actions
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("extra_time", tr("exams.proctor.extra_time"), self.extra_time_dialog),
            ("lock", tr("exams.proctor.lock"), self.toggle_lock_selected),
            ("approve_move", tr("exams.proctor.approve_move"), self.approve_move_selected),
            ("incident", tr("exams.proctor.incident"), self.incident_dialog),
            ("end_session", tr("exams.proctor.end_session"), self.end_session_dialog),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.buttons[name] = button

    def _selected_or_warn(self) -> int | None:
        cid = self.table.selected_id()
        if cid is None:
            show_error(self.window(), UserError(tr("exams.proctor.pick_candidate")))
        return cid

    def extra_time_dialog(self) -> None:
        cid = self._selected_or_warn()
        if cid is None:
            return
        extra = ask_extra_time(self.window())
        if extra is not None:
            self.room_actions.grant_extra_time(cid, extra.minutes, extra.reason)

    def toggle_lock_selected(self) -> None:
        cid = self._selected_or_warn()
        if cid is not None:
            row = self.table.row_of(cid)
            if row is not None:
                self.room_actions.set_locked(cid, not row.locked)

    def approve_move_selected(self) -> None:
        cid = self._selected_or_warn()
        if cid is not None:
            self.room_actions.approve_move(cid)

    def incident_dialog(self) -> None:
        if self.room_actions.session_id is None:
            return
        text = ask_incident(self.window())
        if text is not None:
            self.room_actions.add_incident(text, self.table.selected_id())

    def end_session_dialog(self) -> None:
        if self.room_actions.session_id is not None and confirm_end_session(self.window()):
            self.room_actions.end_session()
