"""The quiz navigator takes as few rows as the window's width allows, so the question keeps
room: on a 1366×768 screen the 30 buttons of the final quiz took three rows of ten, and
the question's flag box was cut off under them. On 1024×768 every button still shows its
whole label ("30 ✓⚑")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ethics_trainer.ui.quiz_view import MARK_ANSWERED, MARK_FLAGGED
from tests.ui.helpers import app_look_paths, open_window, sign_in, start_final_quiz


def rows(view) -> int:  # type: ignore[no-untyped-def]
    """Rows on screen, by each button's vertical centre: the current question's button is
    drawn with a thicker border, so its top edge can sit a pixel off its row's."""
    return len({button.geometry().center().y() for button in view.nav_buttons})


def test_navigator_rows_follow_the_screen(qtbot, tmp_path: Path, monkeypatch) -> None:
    window = open_window(qtbot, app_look_paths(tmp_path))
    window.resize(1366, 768 - 70)  # maximised: taskbar and title bar taken
    sign_in(qtbot, window)
    view = start_final_quiz(qtbot, window, monkeypatch, window.ctx.library.courses[0].id)
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
