"""The quiz navigator takes as few rows as the window's width allows, so the question keeps
room: on a 1366×768 screen the 30 buttons of the final quiz took three rows of ten, and
the question's flag box was cut off under them. On 1024×768 every button still shows its
whole label ("30 ✓⚑")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ethics_trainer.paths import bundled_content_dir, resolve_paths
from ethics_trainer.ui.quiz_view import MARK_ANSWERED, MARK_FLAGGED
from ethics_trainer.ui.theme import apply_theme, load_fonts
from tests.ui.helpers import open_window, sign_in, yes_to_questions


def rows(view) -> int:  # type: ignore[no-untyped-def]
    """Rows on screen, by each button's vertical centre: the current question's button is
    drawn with a thicker border, so its top edge can sit a pixel off its row's."""
    return len({button.geometry().center().y() for button in view.nav_buttons})


def test_navigator_rows_follow_the_screen(qtbot, tmp_path: Path, monkeypatch) -> None:
    load_fonts(QApplication.instance())
    apply_theme(QApplication.instance(), "light")  # the conftest puts the previous look back
    paths = resolve_paths(
        tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", bundled_content_dir()
    )
    window = open_window(qtbot, paths)
    window.resize(1366, 768 - 70)  # maximised: taskbar and title bar taken
    sign_in(qtbot, window)
    course = window.ctx.library.courses[0]
    yes_to_questions(monkeypatch)
    window.quiz.start_final_quiz(course.id)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=10000)
    view = window.quiz_view
    assert len(view.nav_buttons) == 30
    qtbot.waitUntil(lambda: rows(view) == 2, timeout=5000)

    window.resize(1024, 768 - 70)
    qtbot.waitUntil(lambda: window.width() == 1024 and rows(view) == 3, timeout=5000)
    widest = view.nav_buttons[-1]
    widest.setText(f"30 {MARK_ANSWERED}{MARK_FLAGGED}")
    QApplication.processEvents()
    room = widest.contentsRect().width()
    assert widest.fontMetrics().horizontalAdvance(widest.text()) <= room
    assert all(b.geometry().right() <= view.nav_box.width() for b in view.nav_buttons)
    window.close()
