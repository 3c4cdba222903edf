"""The exam-date field starts on today's date (it showed a date fixed in the code)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from ethics_trainer.ui.exams.open_session_dialog import OpenSessionDialog


def test_exam_date_defaults_to_today_and_is_stored_as_iso(qtbot) -> None:
    dialog = OpenSessionDialog([], today=date(2027, 3, 5))
    qtbot.addWidget(dialog)
    assert dialog.date.date() == QDate(2027, 3, 5)
    assert dialog.date.text() == "05/03/2027"
    assert dialog.exam_date() == "2027-03-05"
    dialog.date.setDate(QDate(2027, 3, 6))
    assert dialog.exam_date() == "2027-03-06"


def test_exam_date_without_a_clock_is_today(qtbot) -> None:
    dialog = OpenSessionDialog([])
    qtbot.addWidget(dialog)
    assert dialog.date.date().toPython() == date.today()
