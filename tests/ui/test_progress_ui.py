"""Progress: completion, the score chart, the attempt history, each attempt reviewable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ethics_trainer.clock import FixedClock
from tests.ui.helpers import open_window, sign_in, take_final_quiz


def test_progress_page_and_reviewing_an_attempt(qtbot, paths, monkeypatch) -> None:
    clock = FixedClock()
    window = open_window(qtbot, paths, clock)
    sign_in(qtbot, window)
    take_final_quiz(qtbot, window, monkeypatch, correct=False)
    clock.advance(3600)
    take_final_quiz(qtbot, window, monkeypatch, correct=True)
    window.show_home()
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
