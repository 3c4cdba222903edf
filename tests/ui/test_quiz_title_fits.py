"""The quiz's title (kind of quiz and the course's full name) is read whole at 1024×768: it
wraps instead of running under the countdown and off the window's edge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.helpers import app_look_paths, open_window, sign_in, start_final_quiz


def test_final_quiz_title_fits_a_1024_screen(qtbot, tmp_path: Path, monkeypatch) -> None:
    # the app's look: its fonts and the bold page title
    window = open_window(qtbot, app_look_paths(tmp_path))
    window.resize(1024, 768 - 70)  # maximised: taskbar and title bar taken
    sign_in(qtbot, window)
    course = window.ctx.library.courses[0]
    title = start_final_quiz(qtbot, window, monkeypatch, course.id).title
    qtbot.waitUntil(lambda: course.title in title.text(), timeout=5000)
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=5000)
    room = title.contentsRect()
    needed = title.fontMetrics().boundingRect(room, int(Qt.TextFlag.TextWordWrap), title.text())
    assert needed.width() <= room.width() and needed.height() <= room.height(), (needed, room)
    countdown = window.quiz_view.countdown
    assert not title.geometry().intersects(countdown.geometry())
    assert countdown.geometry().right() <= window.quiz_view.width()
    window.close()
