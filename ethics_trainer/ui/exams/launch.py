"""Starting the candidate screen or the proctor console on their own (exam-room PCs)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ethics_trainer.paths import AppPaths

if TYPE_CHECKING:  # Qt, the content and the database are imported on first use
    from PySide6.QtWidgets import QApplication

    from ethics_trainer.content.model import Library
    from ethics_trainer.storage.db import Database


def _open(paths: AppPaths) -> tuple[Database, Library]:
    from ethics_trainer.content.loader import load_library
    from ethics_trainer.storage.db import open_database

    paths.ensure()
    return open_database(paths.database_url), load_library(paths.content_dir)


def _look(app: QApplication) -> None:
    """The app's fonts, theme (light, dark or the system's, as chosen in the app) and Qt's
    own strings in the user's language: room PCs look like the app, not like bare Qt."""
    from ethics_trainer import i18n
    from ethics_trainer.ui import settings
    from ethics_trainer.ui.qt_translation import install_qt_translation
    from ethics_trainer.ui.theme import apply_theme, load_fonts

    load_fonts(app, settings.font_size())
    apply_theme(app, settings.theme())
    install_qt_translation(i18n.current_language())


def run_candidate(paths: AppPaths, *, windowed: bool = False) -> int:
    from PySide6.QtWidgets import QApplication

    from ethics_trainer.ui.exams.candidate import CandidateWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    _look(app)
    db, library = _open(paths)
    window = CandidateWindow(db, library, paths.data_dir)
    if windowed:
        window.show()
    else:
        window.showFullScreen()
    return int(app.exec())


def run_proctor(paths: AppPaths) -> int:
    from PySide6.QtWidgets import QApplication

    from ethics_trainer.ui.exams.password_dialog import ask_password
    from ethics_trainer.ui.exams.proctor import ProctorWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    _look(app)
    db, library = _open(paths)
    if not ask_password(db, "proctor"):
        return 1
    window = ProctorWindow(db, library, export_dir=paths.data_dir, data_dir=paths.data_dir)
    available = app.primaryScreen().availableGeometry()  # 1024×768 offices too
    window.resize(min(1100, available.width()), min(700, available.height()))
    window.show()
    return int(app.exec())
