"""Fonts and look: the bundled Noto Sans, so Vietnamese renders the same on every system."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ethics_trainer.paths import FONTS_DIR

FAMILY = "Noto Sans"
BASE_POINT_SIZE = 11

STYLE = """
QTreeWidget { font-size: 11pt; }
QPushButton { padding: 6px 14px; }
QPushButton:focus, QRadioButton:focus, QCheckBox:focus, QTreeWidget:focus, QLineEdit:focus {
    outline: 2px solid #1a73e8;
}
QPushButton#navButton { min-width: 34px; max-width: 40px; padding: 4px; }
QPushButton#navButton[answered="true"] { background: #cfe8d6; }
QPushButton#navButton[flagged="true"] { border: 2px solid #e37400; }
QPushButton#navButton[current="true"] { font-weight: bold; border: 2px solid #1a73e8; }
QLabel#countdown { font-size: 15pt; font-weight: bold; }
QLabel#countdown[warning="true"] { color: #c5221f; }
QLabel#pageTitle { font-size: 16pt; font-weight: bold; }
QRadioButton, QCheckBox { padding: 6px 2px; }
"""


def load_fonts(app: QApplication) -> str:
    """Register the bundled fonts and make Noto Sans the application font."""
    family = FAMILY
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families = QFontDatabase.applicationFontFamilies(font_id)
            if families:
                family = families[0]
    font = QFont(family, BASE_POINT_SIZE)
    app.setFont(font)
    app.setStyleSheet(STYLE)
    return family
