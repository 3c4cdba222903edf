"""The quiz's title (kind of quiz and the course's full name) is read whole at 1024×768: it
wraps instead of running under the countdown and off the window's edge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ethics_trainer.paths import bundled_content_dir, resolve_paths
from ethics_trainer.ui.theme import apply_theme, load_fonts
from tests.ui.helpers import open_window, sign_in, yes_to_questions


def test_final_quiz_title_fits_a_1024_screen(qtbot, tmp_path: Path, monkeypatch) -> None:
    load_fonts(QApplication.instance())  # the app's look: its fonts and the bold page title
    apply_theme(QApplication.instance(), "light")  # the conftest puts the previous look back
    paths = resolve_paths(
        tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", bundled_content_dir()
    )
    window = open_window(qtbot, paths)
    window.resize(1024, 768 - 70)  # maximised: taskbar and title bar taken
    sign_in(qtbot, window)
    course = window.ctx.library.courses[0]
    yes_to_questions(monkeypatch)
    window.quiz.start_final_quiz(course.id)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=10000)
    title = window.quiz_view.title
    qtbot.waitUntil(lambda: course.title in title.text(), timeout=5000)
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=5000)
    room = title.contentsRect()
    needed = title.fontMetrics().boundingRect(room, int(Qt.TextFlag.TextWordWrap), title.text())
    assert needed.width() <= room.width() and needed.height() <= room.height(), (needed, room)
    countdown = window.quiz_view.countdown
    assert not title.geometry().intersects(countdown.geometry())
    assert countdown.geometry().right() <= window.quiz_view.width()
    window.close()
