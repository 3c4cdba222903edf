"""The proctor's "open a session" dialog: which exam, which day, which room.

Apart from the console so the console stays one concept (watching a room) and the dialog can
be tested alone (``tests/exams/test_open_session_dialog.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from ethics_trainer.exams import definitions
from ethics_trainer.i18n import tr


class OpenSessionDialog(QDialog):
    """Pick a definition, a date and a room (the definitions were read in the background)."""

    def __init__(
        self,
        choices: list[definitions.ExamDef],
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("exams.proctor.open_session"))
        form = QFormLayout(self)
        self.definition = QComboBox()
        for d in choices:
            self.definition.addItem(d.name, d.id)
        # today (on the room's clock), not a date fixed in the code; picked from a calendar
        self.date = QDateEdit(QDate(today or datetime.now().astimezone().date()))
        self.date.setObjectName("examDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.room = QLineEdit()
        self.room.setPlaceholderText(tr("ui_admin.exam.room_placeholder"))
        form.addRow(tr("exams.proctor.definition"), self.definition)
        form.addRow(tr("exams.proctor.date"), self.date)
        form.addRow(tr("exams.proctor.room"), self.room)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def exam_date(self) -> str:
        """The chosen day as stored (ISO)."""
        day = cast(date, self.date.date().toPython())  # PySide6's stubs say object; it is a date
        return day.isoformat()
