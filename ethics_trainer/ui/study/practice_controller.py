"""Practice, the mistakes review and the progress page."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ethics_trainer.i18n import tr
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.study.pages import StudyPages
from ethics_trainer.ui.study.session import learning_session
from ethics_trainer.ui.toolkit.errors import show_error
from ethics_trainer.ui.toolkit.tasks import TaskRunner

if TYPE_CHECKING:
    from ethics_trainer.quiz.state import AttemptState
    from ethics_trainer.study.practice import Feedback
    from ethics_trainer.ui.review_page import DueRows

log = logging.getLogger(__name__)


class PracticeController(QObject):
    """Signals: ``saved`` after each judged answer; ``finished(AttemptState)`` when a practice
    session ends on the result page."""

    saved = Signal()
    finished = Signal(object)

    def __init__(
        self, window: QWidget, ctx: AppContext, runner: TaskRunner, pages: StudyPages
    ) -> None:
        super().__init__(window)
        self.window, self.ctx, self.runner, self.pages = window, ctx, runner, pages
        self.title = ""

    # -- practice and mistakes review -------------------------------------------------------
    def start_practice(self, lesson_id: str) -> None:
        session = learning_session(self.ctx)
        if session is None:
            return
        lesson = session.library.lesson(lesson_id)
        course = session.library.course(lesson.course_id) if lesson else None
        if lesson is None or course is None:
            return

        def op() -> AttemptState:
            from ethics_trainer.study import practice

            return practice.start_practice(
                session.db,
                learner_id=session.learner.id,
                course=course,
                lesson_id=lesson_id,
                content_hash=session.library.content_hash,
                clock=session.clock,
            )

        title = tr("uis.practice.title", lesson=lesson.title)
        self.runner.run(op, on_done=lambda state: self._show_practice(state, title))

    def _show_practice(self, state: AttemptState, title: str) -> None:
        self.title = title
        self.pages.practice.get().start(state, title)
        self.pages.practice.show()

    def check_answer(self, question_id: str, keys: list[str]) -> None:
        view = self.pages.practice.get()
        state = view.state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.open_db(), self.ctx.clock, state.id

        def op() -> Feedback:
            from ethics_trainer.study import practice

            return practice.check_answer(db, attempt_id, question_id, keys, clock=clock)

        def failed(exc: BaseException) -> None:
            view.answer_failed()
            show_error(self.window, exc)

        def done(feedback: Feedback) -> None:
            view.show_feedback(feedback)
            self.saved.emit()

        self.runner.run(op, on_done=done, on_error=failed)

    def finish_practice(self) -> None:
        view = self.pages.practice.get()
        state = view.state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.open_db(), self.ctx.clock, state.id
        view.state = None

        def op() -> AttemptState:
            from ethics_trainer.study import practice

            return practice.finish_practice(db, attempt_id, clock=clock)

        def done(final: AttemptState) -> None:
            self.pages.result.get().show_result(final, self.title)
            self.pages.result.show()
            self.finished.emit(final)

        self.runner.run(op, on_done=done)

    def show_review(self) -> None:
        session = learning_session(self.ctx)
        if session is None or self.pages.in_quiz():
            return
        courses = list(session.library.courses)

        def op() -> DueRows:
            from ethics_trainer.study import review

            due = review.due_questions(session.db, session.learner.id, session.clock.now())
            rows: DueRows = []
            for course in courses:
                by_id = {q.id: q for q in course.questions()}
                mine = [
                    (c.question_id, by_id[c.question_id].title, c.box)
                    for c in due
                    if c.course_id == course.id and c.question_id in by_id
                ]
                rows.append((course.id, course.title, mine))
            return rows

        def done(rows: DueRows) -> None:
            self.pages.review.get().show_due(rows)
            self.pages.review.show()

        self.runner.run(op, on_done=done)

    def start_review(self, course_id: str) -> None:
        session = learning_session(self.ctx)
        if session is None:
            return
        course = session.library.course(course_id)

        def op() -> AttemptState | None:
            from ethics_trainer.study import practice

            return practice.start_review(
                session.db,
                learner_id=session.learner.id,
                library=session.library,
                course_id=course_id,
                clock=session.clock,
            )

        def done(state: AttemptState | None) -> None:
            if state is None:
                self.show_review()
                return
            title = tr("uis.practice.review_title", course=course.title if course else course_id)
            self._show_practice(state, title)

        self.runner.run(op, on_done=done)

    # -- progress -----------------------------------------------------------------------------
    def show_progress(self) -> None:
        library, learner = self.ctx.library, self.ctx.learner
        if library is None or learner is None or self.pages.in_quiz():
            return
        db = self.ctx.open_db()

        def op() -> tuple[Any, Any]:
            from ethics_trainer.study import stats

            return (
                stats.learner_stats(db, learner.id, library),
                stats.attempt_history(db, learner.id, submitted_only=True),
            )

        def done(result: tuple[Any, Any]) -> None:
            titles = {c.id: c.title for c in library.courses}
            self.pages.progress.get().show_stats(result[0], result[1], titles)
            self.pages.progress.show()

        self.runner.run(op, on_done=done)

    def review_attempt(self, attempt_id: int) -> None:
        """Open a past attempt in the result view (answers, explanations, sources)."""
        library, db = self.ctx.library, self.ctx.open_db()

        def op() -> AttemptState:
            from ethics_trainer.services import attempts

            return attempts.get_attempt(db, attempt_id)

        def done(state: AttemptState) -> None:
            from ethics_trainer.ui.progress_page import kind_name

            course = library.course(state.course_id) if library else None
            lesson = library.lesson(state.lesson_id) if library and state.lesson_id else None
            where = lesson.title if lesson else (course.title if course else state.course_id)
            title = tr("uis.progress.attempt_title", kind=kind_name(state.kind), course=where)
            self.pages.result.get().show_result(state, title)
            self.pages.result.show()

        self.runner.run(op, on_done=done)
