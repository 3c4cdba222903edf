"""Driving the main window from the study tests (profile, quiz answers by meaning)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from ethics_trainer.clock import FixedClock
from ethics_trainer.paths import AppPaths, bundled_content_dir, resolve_paths
from ethics_trainer.quiz.snapshot import QuestionSnapshot
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.main_window import MainWindow
from ethics_trainer.ui.quiz_view import QuizView
from ethics_trainer.ui.theme import apply_theme, load_fonts


def open_window(qtbot, paths, clock: FixedClock | None = None) -> MainWindow:
    window = MainWindow(AppContext(paths=paths, clock=clock or FixedClock()))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=20000):
        window.start()
    return window


def sign_in(qtbot, window: MainWindow, name: str = "Nguyễn Văn An") -> None:
    page = window.profile_page
    page.full_name.setText(name)
    page.unit.setText("UBND phường Ba Đình")
    page.create_button.click()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home_page, timeout=10000)


def yes_to_questions(monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)


def start_final_quiz(qtbot, window: MainWindow, monkeypatch, course_id: str = "mau") -> QuizView:
    """Start the course's final quiz (its confirmation answered yes); the quiz on screen."""
    yes_to_questions(monkeypatch)
    window.quiz.start_final_quiz(course_id)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=10000)
    return window.quiz_view


def app_look_paths(tmp_path: Path) -> AppPaths:
    """The app's look (its fonts, the light theme; the conftest puts the previous look back)
    and paths for a fresh database on the bundled content."""
    app = QApplication.instance()
    load_fonts(app)
    apply_theme(app, "light")
    return resolve_paths(
        tmp_path / "data", f"sqlite:///{tmp_path / 'ui.db'}", bundled_content_dir()
    )


def option_index(question: QuestionSnapshot, correct: bool) -> int:
    """Index of a fully right option, or of a wrong one (weight 0)."""
    for index, option in enumerate(question.options):
        if correct and option.correct:
            return index
        if not correct and option.weight <= 0:
            return index
    raise AssertionError("no such option")


def take_final_quiz(qtbot, window: MainWindow, monkeypatch, correct: bool) -> object:
    """The final quiz with every answer right (single choice) or wrong; returns the state."""
    yes_to_questions(monkeypatch)
    window.quiz.start_final_quiz("mau")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.quiz_view, timeout=5000)
    view = window.quiz_view
    for index in range(len(view.state.questions)):
        view.go_to(index)
        question = view.current_question
        wanted = [option_index(question, correct)]
        if correct and question.kind == "multiple":
            wanted = [i for i, o in enumerate(question.options) if o.correct]
        for choice in wanted:
            with qtbot.waitSignal(window.saved, timeout=5000):
                view.choose_option(choice)
    with qtbot.waitSignal(window.quiz_finished, timeout=5000) as finished:
        window.quiz.submit_quiz("user")
    return finished.args[0]
