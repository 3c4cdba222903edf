"""The admin password asked before the start-up restore puts a backup in place.

``db restore`` asks for it (``exams.restore_guard``); the restore the app offers when its
database is damaged follows the same rule, or anyone at the PC could damage the file and
restore a backup from before the admin password was set. The check (scrypt, and the lockout
when the current file can still keep it) runs on the dialog's own worker.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.errors import UserError
from ethics_trainer.exams.restore_guard import RestoreGate
from ethics_trainer.i18n import tr
from ethics_trainer.ui.toolkit.tasks import TaskRunner
from ethics_trainer.ui.widgets.dialog_parts import error_line, ok_cancel


class RestorePasswordDialog(QDialog):
    """Asks for the admin password a restore needs. Signal ``checked(bool)``: a check came
    back (True: accepted, and the dialog is accepted with it)."""

    checked = Signal(bool)

    def __init__(self, gate: RestoreGate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restorePasswordDialog")
        self.gate = gate
        self.tasks = TaskRunner(self)
        self._busy = False
        self.setWindowTitle(tr("app.restore_password_title"))
        layout = QVBoxLayout(self)
        prompt = QLabel(tr("app.restore_password_prompt"))
        prompt.setWordWrap(True)
        layout.addWidget(prompt)
        self.password = QLineEdit()
        self.password.setObjectName("restorePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(tr("exams.password.label"))
        layout.addWidget(self.password)
        self.message = error_line()
        layout.addWidget(self.message)
        self.buttons = ok_cancel(self, self.try_accept)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def try_accept(self) -> None:
        if self._busy:
            return
        text, gate = self.password.text(), self.gate
        self._busy = True
        self.ok_button.setEnabled(False)
        self.message.setText(tr("exams.password.checking"))
        self.tasks.run(lambda: gate.check(text), on_done=self._accepted, on_error=self._failed)

    def _accepted(self, _result: object) -> None:
        self._busy = False
        self.checked.emit(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.message.setText(exc.message if isinstance(exc, UserError) else str(exc))
        self.password.clear()
        self.password.setFocus()
        self.checked.emit(False)
