"""The main window fits small office screens, says its name once, and reopens where it was."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from ethics_trainer.ui.window_geometry import fitted
from tests.ui.helpers import open_window, sign_in, take_final_quiz

DISPLAY_NAME = "Ethics Trainer"


def shown_title(title: str) -> str:
    """What the window manager shows: Qt appends the display name unless the title ends
    with it (QPlatformWindow::formatWindowTitle)."""
    return title if title.endswith(DISPLAY_NAME) else f"{title} — {DISPLAY_NAME}"


def test_title_names_the_app_once(qtbot, paths) -> None:
    window = open_window(qtbot, paths)
    assert shown_title(window.windowTitle()).count(DISPLAY_NAME) == 1
    assert "Đạo đức công vụ" in window.windowTitle()
    window.close()


def test_fitted_shrinks_to_small_screens_and_centres() -> None:
    for available in (QRect(0, 0, 1024, 728), QRect(0, 0, 1366, 728)):
        rect = fitted(QSize(1180, 780), available)
        assert available.contains(rect)
        assert (
            rect.center() == available.center()
            or abs(rect.center().x() - available.center().x()) <= 1
        )
    assert fitted(QSize(800, 600), QRect(0, 0, 1920, 1040)).size() == QSize(800, 600)


def test_window_opens_inside_the_screen_and_fits_1024x700(qtbot, paths, monkeypatch) -> None:
    window = open_window(qtbot, paths)
    available = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert available.contains(window.frameGeometry())
    sign_in(qtbot, window)
    take_final_quiz(qtbot, window, monkeypatch, correct=False)
    for show in (window.navigation.show_home, window.study.show_progress, window.study.show_review):
        show()
        QApplication.processEvents()
        hint = window.minimumSizeHint().expandedTo(window.minimumSize())
        assert hint.width() <= 1024 and hint.height() <= 700, (show.__name__, hint)
    window.navigation.open_lesson("mau-l1")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
    hint = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert hint.width() <= 1024 and hint.height() <= 700, ("lesson", hint)
    window.close()


def test_size_and_position_are_remembered(qtbot, paths) -> None:
    window = open_window(qtbot, paths)
    window.setGeometry(QRect(40, 50, 700, 520))
    QApplication.processEvents()
    before = window.geometry()
    window.close()
    again = open_window(qtbot, paths)
    assert again.geometry().size() == before.size()
    assert again.geometry().topLeft() == before.topLeft()
    again.close()
