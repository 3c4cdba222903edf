"""Starting the desktop app: the window first, heavy work after it is on screen."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ethics_trainer.paths import AppPaths


def startup_language(explicit: str | None, saved: str | None) -> str:
    """``gui --lang`` wins, then ETHICS_TRAINER_LANG, then the saved setting, then the default."""
    from ethics_trainer import i18n

    for choice in (explicit, os.environ.get(i18n.ENV_LANGUAGE), saved):
        if choice in i18n.LANGUAGES:
            return choice
    return i18n.current_language()


def run_gui(paths: AppPaths, argv: list[str] | None = None, language: str | None = None) -> int:
    from ethics_trainer import i18n
    from ethics_trainer.ui import settings
    from ethics_trainer.ui.context import AppContext
    from ethics_trainer.ui.main_window import MainWindow, excepthook_parent
    from ethics_trainer.ui.qt_translation import install_qt_translation
    from ethics_trainer.ui.single_instance import SingleInstance, server_name
    from ethics_trainer.ui.theme import SystemThemeFollower, apply_theme, load_fonts
    from ethics_trainer.ui.toolkit import gui_gc
    from ethics_trainer.ui.toolkit.errors import install_excepthook

    logging.basicConfig(level=logging.WARNING)
    from ethics_trainer.ui.toolkit.errors import log_to_file

    log_to_file(paths.data_dir / "logs" / "ethics-trainer.log")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("ethics-trainer")
    app.setOrganizationName("ethics-trainer")
    app.setApplicationDisplayName("Ethics Trainer")
    gui_gc.install(app)  # cycles are collected on this thread only, never on a worker
    instance = SingleInstance(server_name(paths.data_dir), app)
    if not instance.claim():
        print(i18n.tr("uis.single.already"), file=sys.stderr)
        return 0
    load_fonts(app, settings.font_size())
    apply_theme(app, settings.theme())
    follower = SystemThemeFollower(app, settings.theme)  # dark/light switches while running
    i18n.set_language(startup_language(language, settings.language()))
    install_qt_translation(i18n.current_language())
    install_excepthook(excepthook_parent)
    holder = WindowHolder(MainWindow(AppContext(paths=paths)))
    instance.activated.connect(holder.bring_forward)
    holder.window.show()
    QTimer.singleShot(0, holder.window.start)
    code = app.exec()
    instance.close()
    follower.deleteLater()
    return code


def show_startup_error(message: str, hint: str) -> None:
    """A failure before the main window (a bad data folder, a mistyped --database): shown in
    a box, since the app's launcher may have no console for the line on stderr."""
    from PySide6.QtWidgets import QMessageBox

    from ethics_trainer import i18n

    app = QApplication.instance() or QApplication(sys.argv[:1])
    box = QMessageBox(QMessageBox.Icon.Critical, i18n.tr("app.error_title"), message)
    box.setObjectName("startupErrorBox")
    if hint:
        box.setInformativeText(hint)
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return  # tests and headless runs: stderr and the log already have it
    box.exec()
    del app


class WindowHolder:
    """The current main window; a language switch replaces it, a second launch raises it."""

    def __init__(self, window: Any) -> None:
        self.window = window
        window.replaced.connect(self._replaced)

    def _replaced(self, window: Any) -> None:
        self.window = window
        window.replaced.connect(self._replaced)

    def bring_forward(self) -> None:
        self.window.bring_forward()
