"""The progress page at the office screens' sizes: the course table keeps no empty rows (the
attempt history gets that room), and attempts on one day have distinct chart labels."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ethics_trainer import i18n
from ethics_trainer.clock import FixedClock
from ethics_trainer.ui.theme import BASE_POINT_SIZE, set_font_size
from tests.ui.helpers import open_window, sign_in, take_final_quiz

WINDOW_HEIGHT = 768 - 40 - 30  # a maximised window on a Windows office PC, less taskbar/title


def ten_in_the_morning() -> FixedClock:
    """10:00 local time, so the attempts an hour apart fall on one local day in any zone."""
    return FixedClock(datetime(2026, 11, 24, 10, 0).astimezone().astimezone(UTC))


def three_attempts_on_one_day(qtbot, paths, monkeypatch, width: int):
    clock = ten_in_the_morning()
    window = open_window(qtbot, paths, clock)
    window.resize(width, WINDOW_HEIGHT)
    sign_in(qtbot, window)
    take_final_quiz(qtbot, window, monkeypatch, correct=False)  # 10:00
    clock.advance(3600)
    take_final_quiz(qtbot, window, monkeypatch, correct=True)  # 11:00
    clock.advance(20)
    take_final_quiz(qtbot, window, monkeypatch, correct=False)  # 11:00 again, same minute
    window.show_home()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=5000)
    qtbot.mouseClick(window.home_page.progress_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.progress_page, timeout=5000)
    page = window.progress_page
    qtbot.waitUntil(lambda: page.history.viewport().height() > 0, timeout=5000)
    return window, page


@pytest.mark.parametrize("width", [1024, 1366])
def test_course_table_has_no_empty_rows_and_history_needs_no_scroll(
    qtbot, paths, monkeypatch, width: int
) -> None:
    window, page = three_attempts_on_one_day(qtbot, paths, monkeypatch, width)
    table = page.courses
    assert table.rowCount() == 1
    empty = table.viewport().height() - table.rowHeight(0)
    assert 0 <= empty < table.rowHeight(0) // 2, (table.viewport().height(), table.rowHeight(0))
    assert table.verticalScrollBar().maximum() == 0  # and its one row is whole
    history = page.history
    assert history.rowCount() == 3
    assert history.verticalScrollBar().maximum() == 0, "the three attempts fit without scrolling"
    window.close()


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("vi", ["24/11 10:00", "24/11 11:00 (1)", "24/11 11:00 (2)"]),
        ("en", ["24 Nov 10:00", "24 Nov 11:00 (1)", "24 Nov 11:00 (2)"]),
    ],
)
@pytest.mark.parametrize("width", [1024, 1366])
def test_attempts_on_one_day_have_distinct_chart_labels(
    qtbot, paths, monkeypatch, width: int, language: str, labels: list[str]
) -> None:
    i18n.set_language(language)
    window, page = three_attempts_on_one_day(qtbot, paths, monkeypatch, width)
    chart = page.chart
    assert [score for _, score in chart.points] == [0.0, 100.0, 0.0]
    chart.grab()  # paints the labels that fit under the axis
    drawn = [text for _, text in chart.drawn_labels]
    assert drawn == labels, "every attempt's label drawn, each different"
    window.close()


def test_a_course_spanning_years_labels_with_the_year(qtbot, paths, monkeypatch) -> None:
    """Day and month alone would repeat a year later: across years the full date is shown."""
    clock = FixedClock(datetime(2025, 12, 31, 10, 0).astimezone().astimezone(UTC))
    window = open_window(qtbot, paths, clock)
    sign_in(qtbot, window)
    take_final_quiz(qtbot, window, monkeypatch, correct=False)
    clock.advance(2 * 24 * 3600)
    take_final_quiz(qtbot, window, monkeypatch, correct=True)
    window.study.show_progress()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.progress_page, timeout=5000)
    chart = window.progress_page.chart
    chart.grab()
    assert [text for _, text in chart.drawn_labels] == ["31/12/2025", "02/01/2026"]
    window.close()


def test_course_row_stays_whole_when_the_font_grows(qtbot, paths, monkeypatch) -> None:
    """The settings' font size applies at once: the fitted course table grows with its row."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.font().pointSize()
    window, page = three_attempts_on_one_day(qtbot, paths, monkeypatch, 1366)
    table = page.courses
    small = table.height()
    try:
        set_font_size(app, BASE_POINT_SIZE * 2)
        qtbot.waitUntil(lambda: table.height() > small, timeout=5000)
        qtbot.waitUntil(lambda: table.viewport().height() >= table.rowHeight(0) > 0, timeout=5000)
        assert table.viewport().height() - table.rowHeight(0) < table.rowHeight(0) // 2
    finally:
        set_font_size(app, original)
    window.close()
