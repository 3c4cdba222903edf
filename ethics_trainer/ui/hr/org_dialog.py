"""Organisation settings: who issues and signs the certificates (shared in the database)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ethics_trainer.errors import UserError
from ethics_trainer.hr.org_settings import OrgSettings, load_org_settings, save_org_settings
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database


class OrgSettingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(tr("hr.ui.org_title"))
        current = load_org_settings(db)
        self.parent_org = QLineEdit(current.parent_org)
        self.org_name = QLineEdit(current.org_name)
        self.place = QLineEdit(current.place)
        self.signer_title = QPlainTextEdit(current.signer_title)
        self.signer_title.setFixedHeight(52)
        self.signer_name = QLineEdit(current.signer_name)
        self.number_prefix = QLineEdit(current.number_prefix)
        self.logo = QLineEdit(current.logo_path)
        browse = QPushButton(tr("hr.ui.browse"))
        browse.clicked.connect(self.choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(tr("hr.ui.org.parent"), self.parent_org)
        form.addRow(tr("hr.ui.org.name"), self.org_name)
        form.addRow(tr("hr.ui.org.place"), self.place)
        form.addRow(tr("hr.ui.org.signer_title"), self.signer_title)
        form.addRow(tr("hr.ui.org.signer_name"), self.signer_name)
        form.addRow(tr("hr.ui.org.prefix"), self.number_prefix)
        form.addRow(tr("hr.ui.org.logo"), logo_row)
        self.message = QLabel("")
        self.message.setObjectName("errorText")  # the theme's colour for errors
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("hr.ui.org.logo"), "", "PNG/JPEG (*.png *.jpg *.jpeg)"
        )
        if path:
            self.logo.setText(path)

    def settings(self) -> OrgSettings:
        return OrgSettings(
            parent_org=self.parent_org.text(),
            org_name=self.org_name.text(),
            place=self.place.text(),
            signer_title=self.signer_title.toPlainText(),
            signer_name=self.signer_name.text(),
            logo_path=self.logo.text(),
            number_prefix=self.number_prefix.text(),
        )

    def save(self) -> None:
        try:
            save_org_settings(self.db, self.settings())
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
