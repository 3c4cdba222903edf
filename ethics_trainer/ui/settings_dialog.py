"""Settings: language, font size and theme, kept in QSettings and applied at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ethics_trainer.i18n import LANGUAGES, current_language, tr
from ethics_trainer.ui import settings


class SettingsDialog(QDialog):
    """Read the choice with :meth:`values` after ``accepted``; the caller applies it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr("uis.settings.title"))
        form = QFormLayout(self)
        self.language = QComboBox()
        self.language.setObjectName("settingsLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.font_size = QSpinBox()
        self.font_size.setObjectName("settingsFontSize")
        self.font_size.setRange(*settings.FONT_SIZES)
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(settings.font_size())
        self.theme = QComboBox()
        self.theme.setObjectName("settingsTheme")
        for code in settings.THEMES:
            self.theme.addItem(tr(f"uis.settings.theme_{code}"), code)
        self.theme.setCurrentIndex(max(self.theme.findData(settings.theme()), 0))
        for key, widget in (
            ("uis.settings.language", self.language),
            ("uis.settings.font_size", self.font_size),
            ("uis.settings.theme", self.theme),
        ):
            label = QLabel(tr(key))
            label.setBuddy(widget)
            widget.setAccessibleName(tr(key).replace("&", "").rstrip(":"))
            form.addRow(label, widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def values(self) -> tuple[str, int, str]:
        return self.language.currentData(), self.font_size.value(), self.theme.currentData()
