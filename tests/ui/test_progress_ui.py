"""Progress: completion, the score chart, the attempt history, each attempt reviewable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ethics_trainer.clock import FixedClock
from tests.ui.helpers import open_window, option_index, sign_in, take_final_quiz


def test_progress_page_and_reviewing_an_attempt(qtbot, paths, monkeypatch) -> None:
    clock = FixedClock()
    window = open_window(qtbot, paths, clock)
    sign_in(qtbot, window)
    take_final_quiz(qtbot, window, monkeypatch, correct=False)
    clock.advance(3600)
    take_final_quiz(qtbot, window, monkeypatch, correct=True)
    window.navigation.show_home()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=5000)
    qtbot.mouseClick(window.home_page.progress_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.progress_page, timeout=5000)
    page = window.progress_page
    assert page.courses.rowCount() == 1
    assert page.courses.item(0, 0).text() == "Khoá mẫu"
    assert page.courses.item(0, 3).text() == "2"
    assert page.courses.item(0, 4).text() == "100%"
    assert [p[1] for p in page.chart.points] == [0.0, 100.0]
    assert "100%" in page.chart.accessibleDescription()
    assert page.history.rowCount() == 2
    assert page.history.item(0, 4).text() == "Đạt"
    assert "/" in page.history.item(0, 1).text()  # dd/mm/yyyy
    page.chart.grab()  # paints without error

    page.history.selectRow(1)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.result_view, timeout=5000)
    assert "CHƯA ĐẠT" in window.result_view.headline.text().upper()
    assert "Giải thích:" in window.result_view.details.toPlainText()
    window.close()


def test_practice_is_listed_with_its_score_not_as_failed(qtbot, paths) -> None:
    """A practice session in the history: kind "Luyện tập", its score, no pass/fail verdict;
    its result says the same."""
    window = open_window(qtbot, paths)
    sign_in(qtbot, window)
    window.study.start_practice("mau-l1")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.practice_view, timeout=5000)
    view = window.practice_view
    view.choose_option(option_index(view.current_question, correct=False))
    with qtbot.waitSignal(view.feedback_shown, timeout=5000):
        view.check_current()
    with qtbot.waitSignal(window.quiz_finished, timeout=5000):
        view.finish.emit()
    assert "ĐẠT" not in window.result_view.headline.text().upper()
    assert "không xét đạt" in window.result_view.summary.text()

    window.study.show_progress()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.progress_page, timeout=5000)
    page = window.progress_page
    assert page.history.rowCount() == 1
    row = [page.history.item(0, column).text() for column in range(5)]
    assert row[2] == "Luyện tập"
    assert row[3] == "0%"
    assert row[4] == "Không xét đạt"
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.result_view, timeout=5000)
    assert "ĐẠT" not in window.result_view.headline.text().upper()
    window.close()
