"""Two quick clicks on a menu entry while the database is still opening open one screen, and
the windows the exams and HR menus open are owned by the menu: freed when closed, brought to
the front when asked for again (nothing is kept on a list poked onto the main window).

Before: each click queued its own open on the database worker, and each open then asked for
the password and opened a window, so two HR reports or two proctor consoles stood one
behind the other; closed proctor consoles stayed alive on ``window._exam_windows``.
"""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from ethics_trainer import i18n
from ethics_trainer.storage.db import Database, open_database
from ethics_trainer.ui.exams import menu as exam_menu
from ethics_trainer.ui.hr import menu as hr_menu
from ethics_trainer.ui.main_window import MainWindow
from tests.journeys.conftest import SCREENS
from tests.journeys.steps import fit_to_screen, menu_action
from tests.ui.test_startup_light import ready_window, seeded


class HeldOpener:
    """Opens the real database on the worker only once the test lets it: the clicks come
    while the open is under way, whatever the machine's speed."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.release = threading.Event()
        self.calls = 0

    def __call__(self) -> Database:
        self.calls += 1
        assert self.release.wait(60), "the test never let the database open"
        return open_database(self.url)


def visible(kind: type) -> list[QWidget]:
    return [w for w in QApplication.allWidgets() if isinstance(w, kind) and w.isVisible()]


def deleted_later() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


def deferred(qtbot, paths, size: tuple[int, int]) -> tuple[MainWindow, HeldOpener]:  # type: ignore[no-untyped-def]
    seeded(paths)
    window = ready_window(qtbot, paths)
    fit_to_screen(window, size)
    assert window.ctx.db is None  # a light start: the database is not open yet
    opener = HeldOpener(paths.database_url)
    window.ctx.defer_db(opener)
    return window, opener


ENTRIES: dict[str, tuple[str, str]] = {
    "hr": ("hrMenu", "hr.ui.menu_reports"),
    "exams": ("examsMenu", "exams.menu.proctor"),
    "import": ("interopMenu", "interop.ui.menu_import"),
}


def click_entry(qtbot, window: MainWindow, entry: str) -> None:  # type: ignore[no-untyped-def]
    name, text = ENTRIES[entry]
    menu_action(qtbot, window, name, i18n.tr(text).replace("&", "").rstrip("…."))


@pytest.mark.parametrize("size", SCREENS)
@pytest.mark.parametrize("entry", ["hr", "exams", "import"])
def test_two_quick_clicks_while_the_database_opens_open_one_screen(
    qtbot, paths, monkeypatch, entry: str, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    from ethics_trainer.ui.exams.proctor import ProctorWindow
    from ethics_trainer.ui.hr.hr_window import HrWindow
    from ethics_trainer.ui.import_dialog import ImportDialog

    asked: list[str] = []
    monkeypatch.setattr(hr_menu, "ask_hr", lambda *_a: asked.append("hr") or True)
    monkeypatch.setattr(hr_menu, "ask_admin", lambda *_a: asked.append("admin") or True)
    monkeypatch.setattr(exam_menu, "ask_password", lambda *_a: asked.append("exam") or True)
    kind = {"hr": HrWindow, "exams": ProctorWindow, "import": ImportDialog}[entry]
    window, opener = deferred(qtbot, paths, size)
    click_entry(qtbot, window, entry)
    click_entry(qtbot, window, entry)  # again, before the database is open
    assert window.ctx.db is None and visible(kind) == []
    opener.release.set()
    qtbot.waitUntil(lambda: len(visible(kind)) >= 1, timeout=30000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=30000)
    QApplication.processEvents()
    assert len(visible(kind)) == 1, visible(kind)
    assert len(asked) == 1  # one password prompt, not one per click
    for screen in visible(kind):
        screen.close()
    window.close()


@pytest.mark.parametrize("size", SCREENS)
def test_exam_windows_are_owned_by_the_menu_and_freed_when_closed(
    qtbot, paths, monkeypatch, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    from ethics_trainer.ui.exams.proctor import ProctorWindow

    monkeypatch.setattr(exam_menu, "ask_password", lambda *_a: True)
    window, opener = deferred(qtbot, paths, size)
    opener.release.set()
    click_entry(qtbot, window, "exams")
    qtbot.waitUntil(lambda: len(visible(ProctorWindow)) == 1, timeout=30000)
    (first,) = visible(ProctorWindow)
    assert not hasattr(window, "_exam_windows")
    # asked for again while open: the same console comes to the front, no second one
    click_entry(qtbot, window, "exams")
    QApplication.processEvents()
    assert visible(ProctorWindow) == [first]
    # closed: Qt frees it, and the next click opens a fresh console
    first.close()
    deleted_later()
    assert not shiboken6.isValid(first)
    click_entry(qtbot, window, "exams")
    qtbot.waitUntil(lambda: len(visible(ProctorWindow)) == 1, timeout=30000)
    (second,) = visible(ProctorWindow)
    second.close()
    deleted_later()
    assert not shiboken6.isValid(second)
    window.close()


def test_hr_report_asked_for_again_comes_to_the_front(qtbot, paths, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ethics_trainer.ui.hr.hr_window import HrWindow

    asked: list[str] = []
    monkeypatch.setattr(hr_menu, "ask_hr", lambda *_a: asked.append("hr") or True)
    window, opener = deferred(qtbot, paths, (1024, 768))
    opener.release.set()
    click_entry(qtbot, window, "hr")
    qtbot.waitUntil(lambda: len(visible(HrWindow)) == 1, timeout=30000)
    (report,) = visible(HrWindow)
    click_entry(qtbot, window, "hr")
    QApplication.processEvents()
    assert visible(HrWindow) == [report] and asked == ["hr"]
    report.close()
    deleted_later()
    assert not shiboken6.isValid(report)
    assert window.findChildren(HrWindow) == []
    window.close()


def test_a_minimised_full_screen_window_comes_back_full_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The candidate screen is full screen: brought back, it must not become a normal window."""
    from PySide6.QtCore import Qt

    from ethics_trainer.ui.open_windows import OpenWindows

    opened = OpenWindows()
    screen = QWidget()
    qtbot.addWidget(screen)
    screen.showFullScreen()
    opened.keep(screen)
    screen.setWindowState(screen.windowState() | Qt.WindowState.WindowMinimized)
    assert opened.focus(QWidget) is screen
    assert not screen.isMinimized() and screen.isFullScreen()
    screen.close()
    deleted_later()
    assert opened.windows() == []
