"""Practice per lesson: right or wrong at once, with explanation and source; no completion."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import open_window, option_index, sign_in


def start_practice(qtbot, window) -> None:
    window.open_lesson("mau-l1")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
    view = window.lesson_view
    assert view.practice_button.isEnabled() and view.quiz_button.isEnabled()
    qtbot.mouseClick(view.practice_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.practice_view, timeout=5000)


def test_practice_gives_feedback_after_each_answer(qtbot, paths) -> None:
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    start_practice(qtbot, window)
    view = window.practice_view
    assert len(view.state.questions) == 4 and view.state.deadline is None
    assert "không giới hạn thời gian" in view.position_label.text()

    # A wrong answer: the verdict, the right answer, the explanation and its source.
    question = view.current_question
    view.choose_option(option_index(question, correct=False))
    with qtbot.waitSignal(view.feedback_shown, timeout=5000) as shown:
        qtbot.mouseClick(view.check_button, Qt.MouseButton.LeftButton)
    feedback = shown.args[0]
    assert not feedback.correct
    text = view.question.feedback_text()
    assert "Chưa đúng" in text and "Giải thích:" in text and "Nguồn:" in text
    assert "Đáp án đúng:" in text
    assert "Ôn lại câu sai" in text  # the question goes to the mistakes review
    # The answer is locked once judged, yet stays readable: no disabled (grey) palette, the
    # mouse and Tab pass it by, and right and wrong are written out, not only coloured.
    wrong = option_index(question, correct=False)
    before = [b.isChecked() for b in view.question.buttons]
    for index, button in enumerate(view.question.buttons):
        assert button.isEnabled()
        assert button.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        assert button.focusPolicy() == Qt.FocusPolicy.NoFocus
        row = view.question.rows[index]
        shown_text = row.label.text()
        spoken = button.accessibleName()
        if question.options[index].correct:
            assert "✔ đáp án đúng" in shown_text and "✔ đáp án đúng" in spoken
            assert button.property("verdict") == "right"
        elif index == wrong:
            assert "✘ lựa chọn sai" in shown_text and "✘ lựa chọn sai" in spoken
            assert button.property("verdict") == "wrong"
        else:
            assert "✔" not in shown_text + spoken and "✘" not in shown_text + spoken
    view.choose_option(len(view.question.buttons) - 1 if wrong == 0 else 0)
    assert [b.isChecked() for b in view.question.buttons] == before

    # The next one right, from the keyboard: the option's number, then Enter.
    view.next_question()
    question = view.current_question
    view.choose_option(option_index(question, correct=True))
    if question.kind == "multiple":
        for index, option in enumerate(question.options):
            if option.correct and not view.question.buttons[index].isChecked():
                view.choose_option(index)
    with qtbot.waitSignal(view.feedback_shown, timeout=5000) as shown:
        view.enter()
    assert shown.args[0].correct
    assert "Đúng" in view.question.feedback_text()

    with qtbot.waitSignal(window.quiz_finished, timeout=5000) as finished:
        qtbot.mouseClick(view.finish_button, Qt.MouseButton.LeftButton)
    state = finished.args[0]
    assert state.kind == "practice" and state.finished
    # Practice never completes the course.
    window.show_home()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=5000)
    status = window.home_page.card_widgets[0].findChild(
        type(window.home_page.greeting), "courseStatus"
    )
    assert "Hoàn thành" not in status.text() and "hoàn thành" not in status.text()
    window.close()


def test_checking_without_a_choice_asks_for_one(qtbot, paths) -> None:
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    start_practice(qtbot, window)
    view = window.practice_view
    view.check_current()
    assert "chọn một phương án" in view.question.feedback_text()
    assert view.check_button.isEnabled()
    window.close()
