"""Starting the desktop app: the window first, heavy work after it is on screen."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ethics_trainer.paths import AppPaths


def run_gui(paths: AppPaths, argv: list[str] | None = None) -> int:
    from ethics_trainer import i18n
    from ethics_trainer.ui.context import AppContext
    from ethics_trainer.ui.errors import install_excepthook
    from ethics_trainer.ui.main_window import MainWindow, excepthook_parent
    from ethics_trainer.ui.theme import load_fonts

    logging.basicConfig(level=logging.WARNING)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("ethics-trainer")
    app.setOrganizationName("ethics-trainer")
    app.setApplicationDisplayName("Ethics Trainer")
    load_fonts(app)
    i18n.set_language(i18n.current_language())
    install_excepthook(excepthook_parent)
    window = MainWindow(AppContext(paths=paths))
    window.show()
    QTimer.singleShot(0, window.start)
    return app.exec()


def main() -> int:
    """Entry point of the ``ethics-trainer-gui`` launcher (no console on Windows)."""
    from ethics_trainer.cli.main import main as cli_main

    return cli_main([])
