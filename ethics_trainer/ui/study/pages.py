"""The study pages the controllers show, each built on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget

from ethics_trainer.record import record
from ethics_trainer.ui.pages import LazyPage

if TYPE_CHECKING:
    from ethics_trainer.ui.practice_view import PracticeView
    from ethics_trainer.ui.progress_page import ProgressPage
    from ethics_trainer.ui.quiz_view import QuizView
    from ethics_trainer.ui.result_view import ResultView
    from ethics_trainer.ui.review_page import ReviewPage
    from ethics_trainer.ui.search_page import SearchPage


@record()
class StudyPages:
    stack: QStackedWidget
    quiz: LazyPage[QuizView]
    result: LazyPage[ResultView]
    practice: LazyPage[PracticeView]
    review: LazyPage[ReviewPage]
    progress: LazyPage[ProgressPage]
    search: LazyPage[SearchPage]

    def in_quiz(self) -> bool:
        """Whether the timed quiz is on screen (without building it just to ask)."""
        return self.quiz.on_screen()
