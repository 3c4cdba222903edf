"""Mistakes review: wrong quiz answers come back, are listed, and are answered one by one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import open_window, option_index, sign_in, take_final_quiz


def test_wrong_answers_feed_the_review(qtbot, paths, monkeypatch) -> None:
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    assert window.home_page.due_reviews == 0
    state = take_final_quiz(qtbot, window, monkeypatch, correct=False)
    assert not state.passed

    window.show_home()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=5000)
    assert window.home_page.due_reviews == 3
    assert "3" in window.home_page.review_button.text()

    qtbot.mouseClick(window.home_page.review_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.review_page, timeout=5000)
    page = window.review_page
    assert page.due_count == 3
    assert "3" in page.summary.text()
    top = page.tree.topLevelItem(0)
    assert top.childCount() == 3 and "hộp 1" in top.child(0).text(0)

    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.practice_view, timeout=5000)
    view = window.practice_view
    assert view.state.kind == "review" and len(view.state.questions) == 3
    assert "Ôn lại câu sai" in view.title.text()
    for index in range(3):
        question = view.current_question
        wanted = [i for i, o in enumerate(question.options) if o.correct]
        if question.kind != "multiple":
            wanted = [option_index(question, correct=True)]
        for choice in wanted:
            view.choose_option(choice)
        with qtbot.waitSignal(view.feedback_shown, timeout=5000) as shown:
            view.enter()
        assert shown.args[0].correct, index
        assert "Đúng" in view.question.feedback_text()
        if index < 2:
            view.enter()  # Enter again: next question
    with qtbot.waitSignal(window.quiz_finished, timeout=5000):
        view.enter()  # on the last one Enter finishes

    # Answered right: they rest in box 2 until tomorrow.
    window.study.show_review()
    qtbot.waitUntil(
        lambda: window.pages.currentWidget() is window.review_page and page.due_count == 0,
        timeout=5000,
    )
    assert not page.start_button.isEnabled()
    window.close()
