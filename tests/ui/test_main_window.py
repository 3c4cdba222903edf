"""Driving the real main window: profile, lesson, quiz, result, time-out, resume after closing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ethics_trainer.clock import FixedClock
from ethics_trainer.paths import resolve_paths
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow


@pytest.fixture
def paths(tmp_path: Path, sample_content: Path):
    return resolve_paths(tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", sample_content)


def open_window(qtbot, paths, clock: FixedClock) -> MainWindow:
    window = MainWindow(AppContext(paths=paths, clock=clock))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    return window


def close_window(qtbot, window: MainWindow) -> None:
    window.close()


def create_profile(qtbot, window: MainWindow, name: str) -> None:
    page = window.profile_page
    assert window.pages.currentWidget() is page
    # Vietnamese arrives through the input method, not as key presses: set the text.
    page.full_name.setText(name)
    page.unit.setText("UBND phường Ba Đình")
    qtbot.keyClicks(page.employee_code, "HN-001")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=10000)


def accept_next_question_box(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def answer_current(window: MainWindow, correct: bool = True) -> None:
    view = window.quiz_view
    question = view.current_question
    for index, option in enumerate(question.options):
        if option.correct == correct or (not correct and index == len(question.options) - 1):
            view.choose_option(index)
            if question.kind != "multiple" or not correct:
                break


def test_profile_lesson_quiz_result(qtbot, paths, monkeypatch) -> None:
    clock = FixedClock()
    window = open_window(qtbot, paths, clock)
    create_profile(qtbot, window, "Nguyễn Văn An")
    assert "Nguyễn Văn An" in window.learner_label.text()
    assert window.home_page.card_widgets, "the course card is shown"

    window.open_lesson("mau-l1")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.lesson_view, timeout=5000)
    html = window.lesson_view.browser.toHtml()
    assert "Cần, kiệm, liêm, chính, chí công vô tư" in window.lesson_view.browser.toPlainText()
    assert "<table" in html
    with qtbot.waitSignal(window.saved, timeout=5000):
        qtbot.mouseClick(window.lesson_view.read_button, Qt.MouseButton.LeftButton)
    assert window.tree.topLevelItem(0).child(0).text(0).startswith("✓")

    accept_next_question_box(qtbot, monkeypatch)
    window.quiz.start_final_quiz("mau")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=5000)
    view = window.quiz_view
    assert len(view.state.questions) == 3
    assert view.countdown.text() == "10:00"
    for index in range(3):
        view.go_to(index)
        with qtbot.waitSignal(window.saved, timeout=5000):
            answer_current(window, correct=True)
    assert view.unanswered() == []
    view.confirm_submit()
    box = view._confirm
    assert box is not None and "tất cả" in box.informativeText()
    with qtbot.waitSignal(window.quiz_finished, timeout=5000) as finished:
        box.button(QMessageBox.StandardButton.Yes).click()
    state = finished.args[0]
    assert state.score == 100.0 and state.passed
    assert window.pages.currentWidget() is window.result_view
    assert "ĐẠT" in window.result_view.headline.text()
    details = window.result_view.details.toPlainText()
    assert "Giải thích:" in details and "Nguồn:" in details
    assert "hoàn thành khoá học" in window.result_view.summary.text()
    close_window(qtbot, window)


def test_quiz_time_runs_out(qtbot, paths, monkeypatch) -> None:
    clock = FixedClock()
    window = open_window(qtbot, paths, clock)
    create_profile(qtbot, window, "Trần Thị Bình")
    accept_next_question_box(qtbot, monkeypatch)
    window.quiz.start_final_quiz("mau")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=5000)
    with qtbot.waitSignal(window.saved, timeout=5000):
        answer_current(window, correct=True)
    clock.advance(9 * 60 + 30)
    with qtbot.waitSignal(window.quiz_view.warned, timeout=5000):
        pass
    assert "1 phút" in window.quiz_view.notice.text()
    clock.advance(31)
    with qtbot.waitSignal(window.quiz_finished, timeout=5000) as finished:
        pass
    state = finished.args[0]
    assert state.submit_reason == "timeout"
    assert state.submitted_at == state.deadline
    assert state.correct_count == 1
    assert "hết giờ" in window.result_view.summary.text()
    close_window(qtbot, window)


def test_closing_mid_quiz_resumes_with_answers(qtbot, paths, monkeypatch) -> None:
    clock = FixedClock()
    window = open_window(qtbot, paths, clock)
    create_profile(qtbot, window, "Lê Thu Hà")
    accept_next_question_box(qtbot, monkeypatch)
    window.quiz.start_final_quiz("mau")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=5000)
    first = window.quiz_view.current_question.id
    with qtbot.waitSignal(window.saved, timeout=5000):
        answer_current(window, correct=True)
    deadline = window.quiz_view.state.deadline
    window.close()

    clock.advance(120)
    window = open_window(qtbot, paths, clock)
    items = window.profile_page.list
    assert items.count() == 1
    window.profile_page.chosen.emit(items.item(0).data(Qt.ItemDataRole.UserRole))
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=5000)
    view = window.quiz_view
    assert view.state.deadline == deadline
    assert view.answers[first].answered
    assert "1 câu" in view.notice.text()
    assert view.countdown.text() == "08:00"
    # The resumed quiz opens on the first unanswered question.
    assert view.current_question.id != first
    view.go_to([q.id for q in view.state.questions].index(first))
    checked = [b for b in view.question.buttons if b.isChecked()]
    assert len(checked) >= 1 and all(b.property("optionKey") for b in checked)
    close_window(qtbot, window)


def test_broken_content_is_listed_not_fatal(qtbot, tmp_path: Path, sample_content: Path) -> None:
    (sample_content / "mau" / "lessons" / "09-hong.md").write_text(
        "---\nid: [\n---\n", encoding="utf-8"
    )
    paths = resolve_paths(tmp_path / "d", f"sqlite:///{tmp_path / 'b.db'}", sample_content)
    window = open_window(qtbot, paths, FixedClock())
    assert window.problems_button.isVisible()
    assert "1" in window.problems_button.text()
    assert window.tree.topLevelItem(0).childCount() == 2  # the good lesson + the final quiz
    close_window(qtbot, window)
