"""A timed quiz done with the keyboard alone: choose, move, flag, submit, confirm."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ethics_trainer.ui.main_window import MainWindow
from ethics_trainer.ui.widgets.question import OPTION_LETTERS
from tests.ui.helpers import open_window, sign_in, start_final_quiz


def final_quiz_in_focus(qtbot, paths, monkeypatch) -> MainWindow:
    """Signed in, the final quiz on screen and the window active (keys reach it)."""
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    start_final_quiz(qtbot, window, monkeypatch)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    return window


def test_quiz_by_keyboard_only(qtbot, paths, monkeypatch) -> None:
    window = final_quiz_in_focus(qtbot, paths, monkeypatch)
    view = window.quiz_view
    total = len(view.state.questions)

    for index in range(total):
        question = view.current_question
        right = [i for i, o in enumerate(question.options) if o.correct]
        for number, choice in enumerate(right):
            key = (
                getattr(Qt.Key, f"Key_{choice + 1}")
                if number % 2 == 0
                else getattr(Qt.Key, f"Key_{OPTION_LETTERS[choice]}")
            )
            with qtbot.waitSignal(window.saved, timeout=5000):
                qtbot.keyClick(view, key)
        if index == 1:  # Ctrl+D flags the question; the navigator shows it
            with qtbot.waitSignal(window.saved, timeout=5000):
                qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
            assert view.nav_buttons[1].property("flagged") is True
            assert view.flagged() == [2]
        if index < total - 1:
            qtbot.keyClick(view, Qt.Key.Key_Right if index % 2 == 0 else Qt.Key.Key_Return)
            assert view.index == index + 1
    assert view.unanswered() == []
    assert all(b.property("answered") for b in view.nav_buttons)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.index == total - 2
    qtbot.keyClick(view, Qt.Key.Key_Right)

    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = view._confirm
    assert box is not None and "2" in box.informativeText()  # the flagged question is listed
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.quiz_finished, timeout=5000) as finished:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    state = finished.args[0]
    assert state.score == 100.0 and state.passed
    assert window.pages.currentWidget() is window.result_view
    window.close()


def test_unanswered_questions_are_listed_and_enter_keeps_working(qtbot, paths, monkeypatch) -> None:
    window = final_quiz_in_focus(qtbot, paths, monkeypatch)
    view = window.quiz_view
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.keyClick(view, Qt.Key.Key_A)
    qtbot.keyClick(view, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    box = view._confirm
    assert box is not None and "2, 3" in box.informativeText()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # default: keep working
    qtbot.waitUntil(lambda: view._confirm is None, timeout=5000)
    assert window.pages.currentWidget() is view and view.timer.isActive()
    window.close()


def test_navigator_says_its_state_without_colour(qtbot, paths, monkeypatch) -> None:
    """Answered and flagged show as ✓ and ⚑ in the button text, and are spoken in its
    accessible name and tooltip; a question with neither shows its number alone."""
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    view = start_final_quiz(qtbot, window, monkeypatch)
    first, second, third = view.nav_buttons[:3]
    assert [b.text() for b in (first, second, third)] == ["1", "2", "3"]
    assert first.accessibleName() == "Đến câu 1: chưa trả lời"
    view.go_to(0)
    with qtbot.waitSignal(window.saved, timeout=5000):
        view.choose_option(0)
    view.go_to(1)
    with qtbot.waitSignal(window.saved, timeout=5000):
        view.question.flag.toggle()
    assert first.text() == "1 ✓" and second.text() == "2 ⚑" and third.text() == "3"
    assert first.accessibleName() == "Đến câu 1: đã trả lời"
    assert second.accessibleName() == "Đến câu 2: chưa trả lời, đánh dấu xem lại"
    assert second.toolTip() == second.accessibleName()
    assert "✓" in view.nav_legend.text() and "⚑" in view.nav_legend.text()
    view.stop()
    window.close()
