"""Every option of a quiz question can be reached on a 1024×768 and a 1366×768 office screen:
every option of every bundled question is in sight without scrolling, a question taller than
the room (its flag under the options) scrolls with the mouse wheel, and whatever the keyboard
focuses inside the question is scrolled into view.

Issue: at 1024×768 the final quiz showed options A–C and cut D off under the navigator. The
first version of this test looked only at the 30 questions a quiz draws, so it passed or failed
by the draw; it now shows every question of the bundled course in the real quiz page.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from ethics_trainer.i18n import tr
from ethics_trainer.quiz.drawing import snapshot_question
from ethics_trainer.quiz.snapshot import QuestionSnapshot
from ethics_trainer.ui.main_window import MainWindow
from ethics_trainer.ui.quiz_view import QuizView
from tests.journeys.conftest import SCREENS
from tests.journeys.steps import fit_to_screen
from tests.ui.helpers import app_look_paths, open_window, sign_in, start_final_quiz


def quiz_on_screen(qtbot, tmp_path: Path, monkeypatch, size: tuple[int, int]) -> QuizView:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, app_look_paths(tmp_path))
    fit_to_screen(window, size)
    sign_in(qtbot, window)
    view = start_final_quiz(qtbot, window, monkeypatch, window.ctx.library.courses[0].id)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=5000)
    return view


def settle() -> None:
    for _ in range(3):
        QApplication.sendPostedEvents(None, 0)
        QApplication.processEvents()


def seen(view: QuizView, widget: QWidget) -> bool:
    """``widget`` lies wholly inside the question's visible area."""
    viewport = view.question.scroll_area.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def bundled_questions(view: QuizView) -> list[QuestionSnapshot]:
    """Every question of the bundled course, options in file order, as a quiz shows them."""
    window = view.window()
    assert isinstance(window, MainWindow) and window.ctx.library is not None
    return [
        snapshot_question(question, None, False)
        for course in window.ctx.library.courses
        for lesson in course.lessons
        for question in course.lesson_questions(lesson.id)
    ]


def show(view: QuizView, question: QuestionSnapshot) -> None:
    """``question`` in the quiz page's one question widget, as ``go_to`` shows it."""
    position = tr("quiz.position", number=30, total=30)
    view.question.show_question(question, selected=(), flagged=False, position=position)
    settle()


@pytest.mark.parametrize("size", SCREENS)
def test_every_option_of_every_bundled_question_is_in_sight(
    qtbot, tmp_path, monkeypatch, size
) -> None:
    view = quiz_on_screen(qtbot, tmp_path, monkeypatch, size)
    questions = bundled_questions(view)
    assert len(questions) > 300 and any(len(q.options) >= 5 for q in questions)
    cut = []
    for question in questions:
        show(view, question)
        hidden = [row.letter for row in view.question.rows if not seen(view, row)]
        if hidden:
            cut.append((question.title, hidden))
    assert cut == [], (size, cut)
    window = view.window()
    assert isinstance(window, MainWindow)
    window.close()


@pytest.mark.parametrize("size", SCREENS)
def test_keyboard_focus_scrolls_every_option_into_view(qtbot, tmp_path, monkeypatch, size) -> None:
    view = quiz_on_screen(qtbot, tmp_path, monkeypatch, size)
    question = view.question
    bar = question.scroll_area.verticalScrollBar()
    assert view.state is not None
    for index in range(len(view.state.questions)):
        view.go_to(index)
        settle()
        # Up/Down from the top: each option in turn has the focus and is in sight
        question.rows[0].button.setFocus(Qt.FocusReason.TabFocusReason)
        for step, row in enumerate(question.rows):
            if step:
                qtbot.keyClick(question.rows[step - 1].button, Qt.Key.Key_Down)
            settle()
            assert row.button.hasFocus(), (index, row.letter)
            assert seen(view, row), (size, index, row.letter, bar.value())
        if view.current_question.kind == "multiple":  # check boxes: Tab goes to each in turn
            bar.setValue(0)
            question.rows[0].button.setFocus(Qt.FocusReason.TabFocusReason)
            for before, row in itertools.pairwise(question.rows):
                qtbot.keyClick(before.button, Qt.Key.Key_Tab)
                settle()
                assert row.button.hasFocus(), (index, row.letter, QApplication.focusWidget())
                assert seen(view, row), (size, index, row.letter, bar.value())
        # back to the top, then Shift+Tab from the navigator to the flag under the options
        bar.setValue(0)
        view.nav_buttons[0].setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(view.nav_buttons[0], Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        settle()
        assert question.flag.hasFocus(), index
        assert seen(view, question.flag), (size, index, bar.value())
    window = view.window()
    assert isinstance(window, MainWindow)
    window.close()


def test_a_long_question_scrolls_with_the_wheel_at_1024(qtbot, tmp_path, monkeypatch) -> None:
    """The longest bundled question is taller than the room: the wheel brings its flag
    (under the options) into sight, and a click there flags it."""
    view = quiz_on_screen(qtbot, tmp_path, monkeypatch, (1024, 768))
    question = view.question
    bar = question.scroll_area.verticalScrollBar()
    heights = []
    for candidate in bundled_questions(view):
        show(view, candidate)
        heights.append((bar.maximum(), candidate.id))
    longest = max(heights)[1]
    show(view, next(q for q in bundled_questions(view) if q.id == longest))
    assert bar.maximum() > 0, "the longest question needs the scroll bar at 1024×768"
    viewport = question.scroll_area.viewport()
    for _ in range(20):
        if seen(view, question.flag):
            break
        centre = QPointF(viewport.rect().center())
        wheel = QWheelEvent(
            centre,
            QPointF(viewport.mapToGlobal(centre.toPoint())),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, wheel)
        settle()
    assert seen(view, question.flag)
    qtbot.mouseClick(
        question.flag, Qt.MouseButton.LeftButton, pos=QPoint(8, question.flag.height() // 2)
    )
    assert question.flag.isChecked()
    window = view.window()
    assert isinstance(window, MainWindow)
    window.close()
