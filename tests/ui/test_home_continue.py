"""The home page's "Tiếp tục" button leads to the next lesson to read, and once every lesson
is read to the final quiz — never to the bibliography page ("Tài liệu tham khảo"), which
is reference and cannot be marked read (it used to be the button's target for good)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QPushButton

from ethics_trainer.paths import bundled_content_dir, resolve_paths
from ethics_trainer.services import progress
from ethics_trainer.ui.main_window import MainWindow
from tests.ui.helpers import open_window, sign_in, yes_to_questions

SCREEN = (1024, 768)


def _home(qtbot, window: MainWindow, read: int) -> QPushButton:
    """The home page once its card counts ``read`` lessons (it is refreshed off the GUI thread)."""
    window.navigation.show_home()

    def shown() -> bool:
        cards = window.home_page.card_widgets
        if window.pages.currentWidget() is not window.home_page or not cards:
            return False
        return cards[0].findChild(QProgressBar, "courseProgress").value() == read

    qtbot.waitUntil(shown, timeout=10000)
    return window.home_page.card_widgets[0].continue_button


def _read(window: MainWindow, lesson_ids: list[str]) -> None:
    db, learner, library = window.ctx.db, window.ctx.learner, window.ctx.library
    for lesson_id in lesson_ids:
        lesson = library.lesson(lesson_id)
        progress.mark_read(db, learner.id, lesson.course_id, lesson_id)


def test_continue_goes_to_unread_lesson_then_final_quiz(qtbot, tmp_path: Path, monkeypatch) -> None:
    paths = resolve_paths(
        tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", bundled_content_dir()
    )
    window = open_window(qtbot, paths)
    window.resize(SCREEN[0], SCREEN[1] - 70)  # maximised on a 1024×768 office screen
    sign_in(qtbot, window)
    course = window.ctx.library.courses[0]
    lessons = progress.study_lessons(course)
    assert any(le.generated for le in course.lessons), "the bundled course has a bibliography"

    # Every lesson read but the third: the button opens the third.
    _read(window, [le.id for le in lessons if le.id != lessons[2].id])
    button = _home(qtbot, window, len(lessons) - 1)
    with qtbot.waitSignal(window.lesson_view.shown, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.lesson_view.lesson is not None, timeout=5000)
    assert window.lesson_view.lesson.id == lessons[2].id

    # All read: the final quiz, not the bibliography page.
    _read(window, [lessons[2].id])
    button = _home(qtbot, window, len(lessons))
    yes_to_questions(monkeypatch)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=10000)
    assert window.quiz_view.state is not None
    assert window.quiz_view.state.course_id == course.id
    window.close()
