"""The proctor/admin password prompt; on first use it sets the admin password instead."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.exams import passwords
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database


class PasswordDialog(QDialog):
    """Asks for a role's password and checks it against the database (with the lockout)."""

    def __init__(
        self, db: Database, role: str, parent: QWidget | None = None, *, clock: Clock = SYSTEM_CLOCK
    ) -> None:
        super().__init__(parent)
        self.db, self.role, self.clock = db, role, clock
        self.first_use = not passwords.has_password(db, role) and not passwords.has_password(
            db, passwords.ROLE_ADMIN
        )
        self.setWindowTitle(tr("exams.password.title"))
        layout = QVBoxLayout(self)
        self.prompt = QLabel(
            tr("exams.password.first_use")
            if self.first_use
            else tr(f"exams.password.prompt_{role}")
        )
        self.prompt.setWordWrap(True)
        layout.addWidget(self.prompt)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("exams.password.label"), self.password)
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        if self.first_use:
            form.addRow(tr("exams.password.confirm"), self.confirm)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_accept(self) -> None:
        text = self.password.text()
        try:
            if self.first_use:
                if text != self.confirm.text():
                    raise UserError(tr("exams.password.mismatch"))
                passwords.set_password(self.db, passwords.ROLE_ADMIN, text, clock=self.clock)
            else:
                passwords.verify_password(self.db, self.role, text, clock=self.clock)
        except UserError as exc:
            self.message.setText(exc.message)
            self.password.clear()
            return
        self.accept()


def ask_password(
    db: Database, role: str, parent: QWidget | None = None, *, clock: Clock = SYSTEM_CLOCK
) -> bool:
    """True when the right password was typed (modal)."""
    return PasswordDialog(db, role, parent, clock=clock).exec() == QDialog.DialogCode.Accepted
