"""The quiz's title (kind of quiz and the course's full name) never runs under the countdown or
off the window's edge at 1024×768. It takes one line, ending in "…" when the course's name is
long, with the whole title in its tooltip and in what a screen reader says: the second line it
used to wrap to went to the question, so every option is in sight (test_question_reach.py)."""

from __future__ import annotations

from pathlib import Path

from tests.ui.helpers import app_look_paths, open_window, sign_in, start_final_quiz


def test_final_quiz_title_fits_a_1024_screen(qtbot, tmp_path: Path, monkeypatch) -> None:
    # the app's look: its fonts and the bold page title
    window = open_window(qtbot, app_look_paths(tmp_path))
    window.resize(1024, 768 - 70)  # maximised: taskbar and title bar taken
    sign_in(qtbot, window)
    course = window.ctx.library.courses[0]
    title = start_final_quiz(qtbot, window, monkeypatch, course.id).title
    qtbot.waitUntil(lambda: course.title in title.full_text(), timeout=5000)
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=5000)
    shown = title.text()
    assert shown.endswith("…") and title.full_text().startswith(shown[:-1])
    assert title.toolTip() == title.full_text() == title.accessibleName()
    metrics = title.fontMetrics()
    assert metrics.horizontalAdvance(shown) <= title.contentsRect().width()
    assert title.height() < 2 * metrics.lineSpacing()  # one line
    countdown = window.quiz_view.countdown
    assert not title.geometry().intersects(countdown.geometry())
    assert countdown.geometry().right() <= window.quiz_view.width()
    # wide enough for the whole title: shown whole
    window.resize(1366, 768 - 70)
    qtbot.waitUntil(lambda: window.width() == 1366, timeout=5000)
    qtbot.waitUntil(lambda: title.text() == title.full_text(), timeout=5000)
    window.close()
