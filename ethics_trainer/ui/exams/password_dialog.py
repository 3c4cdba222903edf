"""The proctor/admin password prompt; on first use it sets the admin password instead.

Whether a password exists, and checking one (scrypt plus the lockout counter, both in the
shared database), run on the dialog's own :class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner`: a slow
or unreachable server leaves the dialog painting with a busy indicator instead of freezing
the screen behind it (the candidate's full-screen exam, the proctor console). The dialog has
its own runner so a check never waits behind the window's queued answer writes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.exams import passwords
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.toolkit.tasks import TaskRunner
from ethics_trainer.ui.widgets.dialog_parts import busy_bar, error_line, ok_cancel

log = logging.getLogger(__name__)


class PasswordDialog(QDialog):
    """Asks for a role's password and checks it against the database (with the lockout).

    Signals:
        ready: the dialog knows whether this is the first use (``first_use`` is set).
        checked: a check came back; True when the password was accepted.
    """

    ready = Signal()
    checked = Signal(bool)

    def __init__(
        self, db: Database, role: str, parent: QWidget | None = None, *, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        super().__init__(parent)
        self.db, self.role, self.clock = db, role, clock
        self.first_use: bool | None = None  # known once the database answered
        self._busy = False
        self._gone = False
        self.tasks = TaskRunner(self)
        self.setWindowTitle(tr("exams.password.title"))
        layout = QVBoxLayout(self)
        self.prompt = QLabel(tr(f"exams.password.prompt_{role}"))
        self.prompt.setWordWrap(True)
        layout.addWidget(self.prompt)
        self.form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(tr("exams.password.label"), self.password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_label = QLabel(tr("exams.password.confirm"))
        self.form.addRow(self.confirm_label, self.confirm)
        self.confirm_label.hide()
        self.confirm.hide()
        layout.addLayout(self.form)
        self.busy_bar = busy_bar()
        layout.addWidget(self.busy_bar)
        self.message = error_line()
        layout.addWidget(self.message)
        self.buttons = ok_cancel(self, self.try_accept)
        layout.addWidget(self.buttons)
        self.finished.connect(self._on_finished)
        self.load()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        self.ok_button.setEnabled(not busy)
        self.password.setReadOnly(busy)
        self.confirm.setReadOnly(busy)
        # While busy the line says what is happening (plain); otherwise it shows errors.
        self.message.setObjectName("" if busy else "errorText")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        if busy:
            self.message.setText(text)

    def load(self) -> None:
        """Ask the database whether any password is set (first use sets the admin one)."""
        db, role = self.db, self.role

        def op() -> bool:
            return not passwords.has_password(db, role) and not passwords.has_password(
                db, passwords.ROLE_ADMIN
            )

        self._set_busy(True, tr("exams.password.checking"))
        self.tasks.run_db(op, self._loaded, self._failed)

    def _loaded(self, first_use: bool) -> None:
        if self._gone:
            return
        self._set_busy(False)
        self.message.setText("")
        self.first_use = first_use
        if first_use:
            self.prompt.setText(tr("exams.password.first_use"))
            self.confirm_label.show()
            self.confirm.show()
        self.password.setFocus()
        self.ready.emit()

    def try_accept(self) -> None:
        """Check the typed password in the background; the dialog stays open meanwhile."""
        if self._busy or self._gone:
            return
        if self.first_use is None:  # the first look-up failed (offline): try it again
            self.load()
            return
        text, first_use = self.password.text(), self.first_use
        if first_use and text != self.confirm.text():
            self._show_error(tr("exams.password.mismatch"))
            return
        db, role, clock = self.db, self.role, self.clock

        def op() -> None:
            if first_use:
                passwords.set_password(db, passwords.ROLE_ADMIN, text, clock=clock)
            else:
                passwords.verify_password(db, role, text)

        self._set_busy(True, tr("exams.password.checking"))
        self.tasks.run_db(op, self._accepted, self._failed)

    def _accepted(self, _result: object) -> None:
        if self._gone:
            return
        self._set_busy(False)
        self.checked.emit(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if self._gone:
            return
        self._set_busy(False)
        if isinstance(exc, UserError):  # wrong, locked, not set, or the server unreachable
            self._show_error(exc.message)
        else:
            log.error("password check failed", exc_info=exc)
            self._show_error(str(exc))
        self.checked.emit(False)

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        self.password.clear()
        self.password.setFocus()

    def _on_finished(self, _code: int) -> None:
        """Closed: an answer still on its way is ignored (the runner's threads end with it)."""
        self._gone = True


def ask_password(
    db: Database, role: str, parent: QWidget | None = None, *, clock: Clock = SYSTEM_CLOCK
) -> bool:
    """True when the right password was typed (modal; the check runs in the background)."""
    return PasswordDialog(db, role, parent, clock=clock).exec() == QDialog.DialogCode.Accepted
