"""The home page shows the date the course's law was checked (course.md ``as_of:``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from ethics_trainer.content.loader import load_library
from ethics_trainer.i18n import set_language
from ethics_trainer.services.progress import CourseProgress
from ethics_trainer.ui.home_page import CourseCard, HomePage

from .helpers import graded, write_course


def _progress(course_id: str) -> CourseProgress:
    return CourseProgress(
        course_id=course_id,
        lessons_total=1,
        lessons_read=0,
        read_ids=frozenset(),
        opened_ids=frozenset(),
        minutes_left=5,
        completed_at=None,
        completion_score=None,
        last_lesson_id=None,
    )


def test_course_card_shows_as_of(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    course = load_library(write_course(tmp_path, graded("q1", "Hồ sơ thiếu."))).courses[0]
    page = HomePage()
    qtbot.addWidget(page)
    card = CourseCard(course, _progress(course.id), page)
    qtbot.addWidget(card)
    label = card.findChild(QLabel, "courseAsOf")
    assert label is not None
    assert label.text() == "Cập nhật theo pháp luật có hiệu lực đến ngày 03/12/2026"
    set_language("en")
    try:
        english = CourseCard(course, _progress(course.id), page)
        qtbot.addWidget(english)
        text = english.findChild(QLabel, "courseAsOf").text()
        assert text.startswith("Up to date with the law in force on ") and "2026" in text
    finally:
        set_language("vi")
