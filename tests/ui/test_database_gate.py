"""After a light start the database is not open; the HR, exams and import menus open it on the
database worker, never on the GUI thread, and then open their screen as before. A failed open
tells the person why, in their language, and opens nothing (issue #17 item 3 follow-up)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMenu

from ethics_trainer import i18n
from ethics_trainer.storage.db import Database, open_database
from ethics_trainer.ui.hr import menu as hr_menu
from ethics_trainer.ui.main_window import MainWindow
from tests.journeys.steps import top_level
from tests.ui.test_startup_light import (
    error_box,
    ready_window,
    seeded,
    taken_over_by_a_newer_version,
)


class SlowOpener:
    """Opens the real database, but only after the GUI thread's event loop has run a timer a
    few times: opened on the GUI thread it could never finish (the timer would not run)."""

    def __init__(self, window: MainWindow) -> None:
        self.url = window.ctx.paths.database_url
        self.threads: list[threading.Thread] = []
        self.loop_ran = threading.Event()
        self.ticks = 0
        self.timer = QTimer(window)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1
        if self.ticks >= 3:
            self.loop_ran.set()

    def __call__(self) -> Database:
        self.threads.append(threading.current_thread())
        if threading.current_thread() is threading.main_thread():
            raise AssertionError("the database was opened on the GUI thread")
        assert self.loop_ran.wait(30), "the event loop stopped while the database opened"
        return open_database(self.url)


def deferred_window(qtbot, paths) -> tuple[MainWindow, SlowOpener]:  # type: ignore[no-untyped-def]
    seeded(paths)
    window = ready_window(qtbot, paths)
    assert window.ctx.db is None  # a light start: the database is not open
    opener = SlowOpener(window)
    window.ctx.defer_db(opener)
    return window, opener


def menu_named(window: MainWindow, name: str) -> QMenu:
    (menu,) = [
        a.menu()
        for a in window.menuBar().actions()
        if isinstance(a.menu(), QMenu) and a.menu().objectName() == name
    ]
    return menu


def exams_menu(window: MainWindow) -> QMenu:
    title = i18n.tr("exams.menu.title")
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == title]
    return menu


def opened_off_the_gui_thread(window: MainWindow, opener: SlowOpener) -> None:
    assert window.ctx.db is not None
    assert len(opener.threads) == 1 and opener.threads[0] is not threading.main_thread()
    assert opener.ticks >= 3  # the window kept processing events during the open
    window.close()


def test_hr_reports_open_the_database_off_the_gui_thread(qtbot, paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ethics_trainer.ui.hr.hr_window import HrWindow

    monkeypatch.setattr(hr_menu, "ask_hr", lambda _db, _parent: True)  # the password prompt
    window, opener = deferred_window(qtbot, paths)
    menu_named(window, "hrMenu").actions()[0].trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(HrWindow)), timeout=30000)
    assert window.findChildren(HrWindow)[0].isVisible()
    opened_off_the_gui_thread(window, opener)


def test_exams_proctor_opens_the_database_off_the_gui_thread(qtbot, paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ethics_trainer.ui.exams import menu as exam_menu
    from ethics_trainer.ui.exams.proctor import ProctorWindow

    monkeypatch.setattr(exam_menu, "ask_password", lambda *_a: True)
    window, opener = deferred_window(qtbot, paths)
    exams_menu(window).actions()[0].trigger()
    qtbot.waitUntil(lambda: top_level(ProctorWindow) is not None, timeout=30000)
    proctor = top_level(ProctorWindow)
    assert proctor is not None
    opened_off_the_gui_thread(window, opener)
    proctor.close()


def test_import_opens_the_database_off_the_gui_thread(qtbot, paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ethics_trainer.ui.import_dialog import ImportDialog

    monkeypatch.setattr(hr_menu, "ask_admin", lambda _db, _parent: True)
    window, opener = deferred_window(qtbot, paths)
    menu_named(window, "interopMenu").actions()[0].trigger()
    qtbot.waitUntil(lambda: bool(window.findChildren(ImportDialog)), timeout=30000)
    assert window.findChildren(ImportDialog)[0].isVisible()
    opened_off_the_gui_thread(window, opener)


def test_showing_the_menu_starts_the_open_in_the_background(qtbot, paths) -> None:  # type: ignore[no-untyped-def]
    window, opener = deferred_window(qtbot, paths)
    menu_named(window, "hrMenu").aboutToShow.emit()
    qtbot.waitUntil(lambda: window.ctx.db is not None, timeout=30000)
    opened_off_the_gui_thread(window, opener)


def test_the_gui_thread_never_opens_it(qtbot, paths) -> None:  # type: ignore[no-untyped-def]
    window, opener = deferred_window(qtbot, paths)
    assert window.ctx.db is None  # reading it opens nothing
    with pytest.raises(RuntimeError):
        window.ctx.open_db()
    assert opener.threads == []
    window.close()


@pytest.mark.parametrize("entry", ["hr", "exams", "import"])
def test_a_failed_open_says_why_and_opens_nothing(qtbot, paths, monkeypatch, entry: str) -> None:  # type: ignore[no-untyped-def]
    """The file was taken over by a newer version of the app after the start."""
    from ethics_trainer.ui.exams import menu as exam_menu
    from ethics_trainer.ui.exams.proctor import ProctorWindow
    from ethics_trainer.ui.hr.hr_window import HrWindow
    from ethics_trainer.ui.import_dialog import ImportDialog

    asked: list[object] = []
    monkeypatch.setattr(hr_menu, "ask_hr", lambda *_a: asked.append(1) or True)
    monkeypatch.setattr(hr_menu, "ask_admin", lambda *_a: asked.append(1) or True)
    monkeypatch.setattr(exam_menu, "ask_password", lambda *_a: asked.append(1) or True)
    seeded(paths)
    window = ready_window(qtbot, paths)
    assert window.ctx.db is None
    taken_over_by_a_newer_version(paths)
    triggers: dict[str, Callable[[], None]] = {
        "hr": lambda: menu_named(window, "hrMenu").actions()[0].trigger(),
        "exams": lambda: exams_menu(window).actions()[0].trigger(),
        "import": lambda: menu_named(window, "interopMenu").actions()[0].trigger(),
    }
    triggers[entry]()
    qtbot.waitUntil(lambda: error_box(window) is not None, timeout=30000)
    box = error_box(window)
    assert box is not None
    assert box.text() == i18n.tr("errors.database_newer")
    assert "Traceback" not in box.text() + box.informativeText()
    box.close()
    assert asked == []  # no password asked, no screen opened
    assert not window.findChildren(HrWindow) and not window.findChildren(ImportDialog)
    assert top_level(ProctorWindow) is None
    assert window.ctx.db is None
    window.close()


def test_study_menus_wait_for_the_profile_choice_to_open_it(qtbot, paths) -> None:  # type: ignore[no-untyped-def]
    """Progress and review asked for while the choice of profile is still opening the
    database do nothing yet: they never open it on the GUI thread."""
    window, opener = deferred_window(qtbot, paths)
    window.navigation.choose_learner(window.navigation.learners[0])
    assert window.ctx.learner is None  # not hers until the choice is written
    window.menus.progress_action.trigger()
    window.menus.review_action.trigger()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=30000)
    assert window.ctx.learner is not None
    opened_off_the_gui_thread(window, opener)


def test_before_start_up_knows_the_database_the_person_is_asked_to_wait(qtbot, paths) -> None:  # type: ignore[no-untyped-def]
    from ethics_trainer.ui.context import AppContext
    from ethics_trainer.ui.hr.hr_window import HrWindow

    window = MainWindow(AppContext(paths=paths))
    qtbot.addWidget(window)
    window.show()
    window._install_features()  # the menus are there once the content is painted
    menu_named(window, "hrMenu").actions()[0].trigger()
    qtbot.waitUntil(lambda: error_box(window) is not None, timeout=30000)
    box = error_box(window)
    assert box is not None and box.text() == i18n.tr("exams.menu.not_ready")
    box.close()
    assert not window.findChildren(HrWindow) and window.ctx.db is None
    window.close()
