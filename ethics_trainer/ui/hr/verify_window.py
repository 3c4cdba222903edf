"""The Verify screen: paste the scanned QR text or type a certificate number."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.hr.verification import Verification, verify
from ethics_trainer.i18n import formats, tr
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.theme import set_state


class VerifyWidget(QWidget):
    """Checks offline against the keys and records in ``db``; no password needed."""

    def __init__(
        self,
        db: Database,
        course_titles: dict[str, str] | None = None,
        parent: QWidget | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.data_dir = data_dir  # whose trusted keys count (None: beside the SQLite file)
        self.titles = course_titles or {}
        self.result: Verification | None = None
        self.setWindowTitle(tr("hr.ui.verify_title"))
        self.input = QLineEdit()
        self.input.setPlaceholderText(tr("hr.ui.verify_placeholder"))
        self.input.returnPressed.connect(self.check)
        self.button = QPushButton(tr("hr.ui.verify_button"))
        self.button.clicked.connect(self.check)
        self.status = QLabel("")
        self.status.setObjectName("verifyStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # the QR's text is never markup
        self.details = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("hr.ui.verify_help")))
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addLayout(self.details)
        layout.addStretch(1)

    def check(self) -> None:
        self.result = verify(self.db, self.input.text(), data_dir=self.data_dir)
        self.show_result(self.result)

    def show_result(self, result: Verification) -> None:
        # right: issued here; warning: genuine, but issued by another trusted centre; wrong: invalid
        set_state(self.status, "good", result.valid)
        set_state(self.status, "elsewhere", result.valid and not result.issued_here)
        self.status.setText(result.message)
        while self.details.rowCount():
            self.details.removeRow(0)
        fields = result.fields
        if fields is None:
            return
        when = datetime(
            fields.completed_on.year, fields.completed_on.month, fields.completed_on.day, 12
        )
        for key, value in (
            ("hr.verify.field.number", fields.number),
            ("hr.verify.field.name", fields.full_name),
            ("hr.verify.field.unit", result.unit),
            ("hr.verify.field.course", self.titles.get(fields.course_id, fields.course_id)),
            ("hr.verify.field.date", formats.long_date(when)),
            ("hr.verify.field.hash", fields.content_hash),
        ):
            if value:
                label = QLabel(value)
                label.setTextFormat(Qt.TextFormat.PlainText)  # a forged name is not HTML
                label.setWordWrap(True)
                self.details.addRow(tr(key), label)
