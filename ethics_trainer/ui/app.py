"""Starting the desktop app: the window first, heavy work after it is on screen."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from ethics_trainer.paths import AppPaths

if TYPE_CHECKING:
    from ethics_trainer.ui.single_instance import SingleInstance

LISTEN_AT_LATEST_MS = 5000  # a start whose library never paints (an error) listens then


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
    from ethics_trainer.ui.instance_lock import InstanceLock, lock_path, server_name
    from ethics_trainer.ui.main_window import MainWindow, excepthook_parent
    from ethics_trainer.ui.qt_translation import install_qt_translation
    from ethics_trainer.ui.theme import (
        SystemThemeFollower,
        load_fonts,
        load_italic_fonts,
        start_theme,
    )
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
    name = server_name(paths.data_dir)
    lock = InstanceLock(lock_path(name))
    first = lock.acquire()
    if first is False:
        from ethics_trainer.ui.single_instance import hand_over

        if hand_over(name, lock):
            print(i18n.tr("uis.single.already"), file=sys.stderr)
            return 0
    launches = LaunchListener(name, app)
    if not lock.held and not launches.claim():  # no lock file here: the socket alone decides
        print(i18n.tr("uis.single.already"), file=sys.stderr)
        return 0
    load_fonts(app, settings.font_size(), italics=False)  # they follow the first paint
    seen_dark = settings.system_dark_seen()
    start_theme(app, settings.theme(), seen_dark)  # asks the system after the paint instead
    follower = SystemThemeFollower(app, settings.theme)  # dark/light switches while running
    i18n.set_language(startup_language(language, settings.language()))
    install_qt_translation(i18n.current_language())
    install_excepthook(excepthook_parent)
    holder = WindowHolder(MainWindow(AppContext(paths=paths)))
    launches.activated.connect(holder.bring_forward)
    # Later launches are heard from right after the first paint: Qt's network module is not
    # needed for it (issue #17). A start that never paints the library still listens.
    holder.window.painted_with_library.connect(launches.listen_soon)

    def after_first_paint() -> None:
        settings.set_system_dark_seen(follower.confirm(seen_dark))
        load_italic_fonts()

    # after the painted frame's other handlers, like listen_soon
    holder.window.painted_with_library.connect(lambda: QTimer.singleShot(0, after_first_paint))
    QTimer.singleShot(LISTEN_AT_LATEST_MS, launches.listen)
    holder.window.start()  # before it is shown: a current cache opens it on the library
    holder.window.show()
    code = app.exec()
    launches.close()
    lock.release()
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


class LaunchListener(QObject):
    """The first app's end of the single-instance socket, opened on :meth:`listen` (after the
    first paint) so ``PySide6.QtNetwork`` is imported then; emits ``activated`` per later
    launch (``ui/single_instance.py``)."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject) -> None:
        super().__init__(parent)
        self.name = name
        self.instance: SingleInstance | None = None  # once listening

    def claim(self) -> bool:
        """Without a lock file, before the window: False when another app answered."""
        if not self._instance().claim():
            self.close()
            return False
        return True

    def listen(self) -> None:
        self._instance().listen()

    def listen_soon(self) -> None:
        """After the painted frame's other handlers (the start-up bench's stamp among them)."""
        QTimer.singleShot(0, self.listen)

    def _instance(self) -> SingleInstance:
        if self.instance is None:
            from ethics_trainer.ui.single_instance import SingleInstance

            self.instance = SingleInstance(self.name, self)
            self.instance.activated.connect(self.activated)
        return self.instance

    def close(self) -> None:
        if self.instance is not None:
            self.instance.close()


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
