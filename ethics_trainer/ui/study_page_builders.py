"""How the main window's study pages are built and connected, each on first use.

Split from the main window (issue #15). The pages are built lazily (the reader's QTextBrowser
alone cost ~25 ms before the first paint), so each :class:`LazyPage` holds a builder; the
builders connect the page's typed signals to the window's controllers, read from the window
when the page is first shown (the controllers are constructed after the pages they show).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QStackedWidget

from ethics_trainer.ui.pages import LazyPage
from ethics_trainer.ui.study.pages import StudyPages

if TYPE_CHECKING:
    from ethics_trainer.ui.navigation import Navigation
    from ethics_trainer.ui.practice_view import PracticeView
    from ethics_trainer.ui.progress_page import ProgressPage
    from ethics_trainer.ui.quiz_view import QuizView
    from ethics_trainer.ui.result_followup import ResultFollowUp
    from ethics_trainer.ui.result_view import ResultView
    from ethics_trainer.ui.review_page import ReviewPage
    from ethics_trainer.ui.search_page import SearchPage
    from ethics_trainer.ui.study.certificate_controller import CertificateController
    from ethics_trainer.ui.study.practice_controller import PracticeController
    from ethics_trainer.ui.study.quiz_controller import QuizController
    from ethics_trainer.ui.study.search_controller import SearchController


class MainWindow(Protocol):
    """What the builders use of the main window (named here, not imported: the window
    imports this module)."""

    pages: QStackedWidget
    quiz: QuizController
    study: PracticeController
    search: SearchController
    certificates: CertificateController
    navigation: Navigation
    follow_up: ResultFollowUp


def study_pages(window: MainWindow) -> StudyPages:
    """The study pages of ``window.pages``, none built yet."""
    stack = window.pages
    return StudyPages(
        stack=stack,
        quiz=LazyPage(stack, lambda: _quiz_view(window)),
        result=LazyPage(stack, lambda: _result_view(window)),
        practice=LazyPage(stack, lambda: _practice_view(window)),
        review=LazyPage(stack, lambda: _review_page(window)),
        progress=LazyPage(stack, lambda: _progress_page(window)),
        search=LazyPage(stack, lambda: _search_page(window)),
    )


def _quiz_view(window: MainWindow) -> QuizView:
    from ethics_trainer.ui.quiz_view import QuizView

    view = QuizView(clock=window.quiz.clock)
    view.answer_changed.connect(window.quiz.save_answer)
    view.flag_changed.connect(window.quiz.save_flag)
    view.submit_requested.connect(window.quiz.submit_quiz)
    return view


def _result_view(window: MainWindow) -> ResultView:
    from ethics_trainer.ui.result_view import ResultView

    view = ResultView()
    view.done.connect(window.navigation.show_home)
    view.retry.connect(window.follow_up.retry)
    view.certificate.connect(window.certificates.open)
    return view


def _practice_view(window: MainWindow) -> PracticeView:
    from ethics_trainer.ui.practice_view import PracticeView

    view = PracticeView()
    view.check.connect(window.study.check_answer)
    view.finish.connect(window.study.finish_practice)
    return view


def _review_page(window: MainWindow) -> ReviewPage:
    from ethics_trainer.ui.review_page import ReviewPage

    page = ReviewPage()
    page.start.connect(window.study.start_review)
    return page


def _progress_page(window: MainWindow) -> ProgressPage:
    from ethics_trainer.ui.progress_page import ProgressPage

    page = ProgressPage()
    page.open_attempt.connect(window.study.review_attempt)
    page.certificate.connect(window.certificates.open)
    page.certificate_on_offer.connect(window.certificates.prepare)
    return page


def _search_page(window: MainWindow) -> SearchPage:
    from ethics_trainer.ui.search_page import SearchPage

    page = SearchPage()
    page.activated.connect(window.search.open_hit)
    return page
