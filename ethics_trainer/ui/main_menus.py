"""The main window's own menus (File, Study) and their shortcuts.

Kept apart from the window so the window reads as composition: it says what each entry does
(the handlers it passes) and this module says where the entry sits, its text and its keys.
The optional screens (HR, exams, import) add their menus themselves (``ui/features.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from ethics_trainer.i18n import tr
from ethics_trainer.record import record
from ethics_trainer.ui.startup import PROBLEMS_KEYS

Handler = Callable[[], object]


@record()
class MenuHandlers:
    """What each entry does."""

    switch_profile: Handler
    home: Handler
    problems: Handler
    settings: Handler
    quit: Handler
    search: Handler
    review: Handler
    progress: Handler


@record()
class MainMenus:
    """The entries the window enables, disables or a test triggers."""

    switch_action: QAction
    home_action: QAction
    problems_action: QAction
    settings_action: QAction
    search_action: QAction
    review_action: QAction
    progress_action: QAction


def build_main_menus(window: QMainWindow, handlers: MenuHandlers) -> MainMenus:
    """Add the File and Study menus to ``window``'s menu bar."""

    def action(
        text: str, handler: Handler, keys: str | QKeySequence.StandardKey | None = None
    ) -> QAction:
        # QAction(text, parent) would make PySide6 try the (QIcon, text, parent) overload
        # first and set up QIcon and its 151 theme-icon names (~3 ms before the first paint)
        entry = QAction(window)
        entry.setText(text)
        if keys is not None:
            # A list, and a standard key's first binding (as QKeySequence(key) gives):
            # setShortcut(QKeySequence) and QKeySequence(StandardKey) first try overloads
            # taking Qt.Key, which set up the whole Qt namespace before the first paint.
            if isinstance(keys, str):
                entry.setShortcuts([QKeySequence(keys)])
            else:
                entry.setShortcuts(QKeySequence.keyBindings(keys)[:1])
        entry.triggered.connect(lambda _checked=False: handler())
        return entry

    file_menu = window.menuBar().addMenu(tr("menu.file"))
    switch = action(tr("menu.switch_profile"), handlers.switch_profile)
    switch.setObjectName("switchProfile")
    home = action(tr("menu.home"), handlers.home, "Ctrl+H")
    problems = action(tr("menu.content_problems"), handlers.problems, PROBLEMS_KEYS)
    settings = action(tr("uis.menu.settings"), handlers.settings, "Ctrl+,")
    settings.setObjectName("settingsAction")
    for entry in (switch, home, problems, settings):
        file_menu.addAction(entry)
    file_menu.addSeparator()
    file_menu.addAction(action(tr("menu.quit"), handlers.quit, QKeySequence.StandardKey.Quit))

    study = window.menuBar().addMenu(tr("uis.menu.study"))
    search = action(tr("uis.menu.search"), handlers.search, QKeySequence.StandardKey.Find)
    review = action(tr("uis.menu.review"), handlers.review, "Ctrl+R")
    progress = action(tr("uis.menu.progress"), handlers.progress, "Ctrl+Shift+P")
    for entry in (search, review, progress):
        study.addAction(entry)
    return MainMenus(switch, home, problems, settings, search, review, progress)
