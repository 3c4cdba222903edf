"""Timed quizzes: start, resume, save each answer, submit, show the result.

The quiz runs on a steady clock (docs/time-policy.md); every answer is written as it is
given. Answers whose write failed are kept and written before the quiz is scored.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ethics_trainer.clock import Clock, SystemClock
from ethics_trainer.i18n import tr, trn
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.study.pages import StudyPages
from ethics_trainer.ui.study.session import learning_session
from ethics_trainer.ui.toolkit.errors import show_error
from ethics_trainer.ui.toolkit.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox  # named only: made on use (issue #17)

    from ethics_trainer.quiz.state import AttemptState

log = logging.getLogger(__name__)

LESSON_QUIZ_MAX_QUESTIONS = 10


class QuizController(QObject):
    """Signals: ``saved`` after each write; ``running(bool)`` when a quiz takes or leaves the
    screen (the window locks its navigation meanwhile); ``finished(AttemptState)``."""

    saved = Signal()
    running = Signal(bool)
    finished = Signal(object)

    def __init__(
        self, window: QWidget, ctx: AppContext, runner: TaskRunner, pages: StudyPages
    ) -> None:
        super().__init__(window)
        self.window, self.ctx, self.runner, self.pages = window, ctx, runner, pages
        self.clock: Clock = ctx.clock
        self.title = ""
        #: Answers given on screen whose save is not confirmed yet (question id -> keys).
        self.unsaved_answers: dict[str, list[str]] = {}
        self.start_box: QMessageBox | None = None

    # -- starting ---------------------------------------------------------------------------
    def start_final_quiz(self, course_id: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        session = learning_session(self.ctx)
        if session is None:
            return
        course = session.library.course(course_id)
        if course is None or course.final_quiz is None:
            return
        quiz = course.final_quiz
        answer = QMessageBox.question(
            self.window,
            tr("quiz.start_title"),
            tr(
                "quiz.start_confirm",
                questions=quiz.questions or len(course.final_pool()),
                minutes=quiz.minutes,
                pass_mark=int(quiz.pass_percent),
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def op() -> AttemptState:
            from ethics_trainer.services import attempts

            return attempts.start_final_quiz(
                session.db,
                learner_id=session.learner.id,
                course=course,
                content_hash=session.library.content_hash,
                clock=session.clock,
            )

        title = tr("quiz.final_title", course=course.title)
        self.runner.run(op, on_done=lambda state: self.show_quiz(state, title))

    def start_lesson_quiz(self, lesson_id: str) -> None:
        session = learning_session(self.ctx)
        if session is None:
            return
        lesson = session.library.lesson(lesson_id)
        if lesson is None:
            return
        course = session.library.course(lesson.course_id)
        assert course is not None
        pool = course.lesson_questions(lesson_id)
        count = min(LESSON_QUIZ_MAX_QUESTIONS, len(pool))

        def op() -> AttemptState:
            from ethics_trainer.services import attempts

            return attempts.start_attempt(
                session.db,
                learner_id=session.learner.id,
                course=course,
                pool=pool,
                kind="quiz",
                count=count,
                minutes=count,  # one minute a question
                pass_percent=80,
                lesson_id=lesson_id,
                content_hash=session.library.content_hash,
                clock=session.clock,
            )

        title = tr("quiz.lesson_title", lesson=lesson.title)
        self.runner.run(op, on_done=lambda state: self.show_quiz(state, title))

    def resume(self, state: AttemptState, floor: datetime | None = None) -> None:
        """Back to a quiz left open (the app was closed during it)."""
        library = self.ctx.library
        course = library.course(state.course_id) if library else None
        lesson = library.lesson(state.lesson_id) if library and state.lesson_id else None
        if lesson is not None:
            title = tr("quiz.lesson_title", lesson=lesson.title)
        else:
            title = tr("quiz.final_title", course=course.title if course else state.course_id)
        self.show_quiz(state, title, floor)
        kept = sum(a.answered for a in state.answers.values())
        self.pages.quiz.get().notice.setText(trn("quiz.resumed", kept, answered=kept))

    def show_quiz(self, state: AttemptState, title: str, floor: datetime | None = None) -> None:
        self.title = title
        self.clock = self._steady_clock(floor)
        view = self.pages.quiz.get()
        view.clock = self.clock
        view.start(state, title)
        self.pages.quiz.show()
        self.running.emit(True)
        view.setFocus()

    def _steady_clock(self, floor: datetime | None) -> Clock:
        """The clock a timed quiz runs on (docs/time-policy.md).

        On the system clock, a steady clock: one wall reading, then monotonic time, never
        earlier than the last moment stored for the attempt, so moving the computer's clock
        neither grants nor steals time. An injected clock (tests) is used as it is.
        """
        if isinstance(self.ctx.clock, SystemClock):
            from ethics_trainer.services.steady_clock import SteadyClock

            return SteadyClock(self.ctx.clock, floor=floor)
        return self.ctx.clock

    # -- answering --------------------------------------------------------------------------
    def save_answer(self, question_id: str, keys: list[str]) -> None:
        state = self.pages.quiz.get().state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.open_db(), self.clock, state.id
        unsaved = self.unsaved_answers
        unsaved[question_id] = list(keys)  # until the database confirms it

        def op() -> AttemptState | None:
            from ethics_trainer.services import attempts

            saved = attempts.save_answer(db, attempt_id, question_id, keys, clock=clock)
            # Only an attempt that ended (the deadline had passed) needs its whole state.
            return attempts.get_attempt(db, attempt_id) if saved.finished else None

        def done(ended: AttemptState | None) -> None:
            if unsaved.get(question_id) == list(keys):
                del unsaved[question_id]
            self.saved.emit()
            if ended is not None and self.pages.in_quiz():
                self.pages.quiz.get().stop()
                self._sync_review(ended.id)
                self._show_result(ended)

        self.runner.run(op, on_done=done)

    def save_flag(self, question_id: str, flagged: bool) -> None:
        state = self.pages.quiz.get().state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.open_db(), self.clock, state.id

        def op() -> None:
            from ethics_trainer.services import attempts

            attempts.set_flag(db, attempt_id, question_id, flagged, clock=clock)

        self.runner.run(op, on_done=lambda _: self.saved.emit())

    def submit_quiz(self, reason: str) -> None:
        state = self.pages.quiz.get().state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.open_db(), self.clock, state.id
        pending = dict(self.unsaved_answers)

        def op() -> AttemptState:
            from ethics_trainer.services import attempts
            from ethics_trainer.study.practice import submit_and_sync

            # Answers whose save failed (server away, database locked) go in before scoring.
            for question_id, keys in pending.items():
                attempts.save_answer(db, attempt_id, question_id, keys, clock=clock)
            return submit_and_sync(db, attempt_id, reason=reason, clock=clock)[0]

        def done(final: AttemptState) -> None:
            self.unsaved_answers.clear()
            self._show_result(final)

        def failed(exc: BaseException) -> None:
            show_error(self.window, exc)
            if self.pages.in_quiz():
                self.pages.quiz.get().submission_failed()

        self.runner.run(op, on_done=done, on_error=failed)

    def stop(self) -> None:
        """The window closes: stop the countdown (answers are already stored)."""
        view = self.pages.quiz.built
        if view is not None:
            view.stop()

    def _sync_review(self, attempt_id: int) -> None:
        """Wrong answers of a submitted quiz go to the mistakes review."""
        db = self.ctx.open_db()

        def op() -> None:
            from ethics_trainer.study import review

            review.sync_from_attempt(db, attempt_id)

        self.runner.run(op)

    def _show_result(self, state: AttemptState) -> None:
        if not self.pages.in_quiz():
            return  # already shown (the time-out and a last answer can both end the quiz)
        view = self.pages.quiz.get()
        if view.state is not None and view.state.id != state.id:
            return  # a late answer about an earlier quiz, not the one on screen
        view.stop()  # its countdown must not submit again later
        self.running.emit(False)
        completed = state.kind == "final" and bool(state.passed)
        self.pages.result.get().show_result(state, self.title, completed=completed)
        self.pages.result.show()
        self.finished.emit(state)
