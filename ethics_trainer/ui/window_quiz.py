"""Timed quizzes in the main window: start, resume, save each answer, submit, show the result.

The quiz runs on a steady clock (docs/time-policy.md); every answer is written as it is given.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from ethics_trainer.clock import Clock, SystemClock
from ethics_trainer.i18n import tr
from ethics_trainer.ui.toolkit.errors import show_error

if TYPE_CHECKING:
    from ethics_trainer.quiz.state import AttemptState

log = logging.getLogger(__name__)

LESSON_QUIZ_MAX_QUESTIONS = 10


class QuizMixin:
    """Part of :class:`~ethics_trainer.ui.main_window.MainWindow` (a mixin: it uses the
    window's ``ctx``, ``runner``, pages and signals)."""

    # -- quizzes --------------------------------------------------------------------------
    def start_final_quiz(self, course_id: str) -> None:
        session = self._learning()
        if session is None:
            return
        library, learner, db, clock = session
        course = library.course(course_id)
        if course is None or course.final_quiz is None:
            return
        quiz = course.final_quiz
        answer = QMessageBox.question(
            self,
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
                db,
                learner_id=learner.id,
                course=course,
                content_hash=library.content_hash,
                clock=clock,
            )

        self._quiz_title = tr("quiz.final_title", course=course.title)
        self.runner.run_db(op, lambda state: self._show_quiz(state, self._quiz_title))

    def start_lesson_quiz(self, lesson_id: str) -> None:
        session = self._learning()
        if session is None:
            return
        library, learner, db, clock = session
        lesson = library.lesson(lesson_id)
        if lesson is None:
            return
        course = library.course(lesson.course_id)
        assert course is not None
        pool = course.lesson_questions(lesson_id)
        count = min(LESSON_QUIZ_MAX_QUESTIONS, len(pool))

        def op() -> AttemptState:
            from ethics_trainer.services import attempts

            return attempts.start_attempt(
                db,
                learner_id=learner.id,
                course=course,
                pool=pool,
                kind="quiz",
                count=count,
                minutes=count,  # one minute a question
                pass_percent=80,
                lesson_id=lesson_id,
                content_hash=library.content_hash,
                clock=clock,
            )

        self._quiz_title = tr("quiz.lesson_title", lesson=lesson.title)
        self.runner.run_db(op, lambda state: self._show_quiz(state, self._quiz_title))

    def _resume(self, state: AttemptState, floor: datetime | None = None) -> None:
        library = self.ctx.library
        course = library.course(state.course_id) if library else None
        lesson = library.lesson(state.lesson_id) if library and state.lesson_id else None
        if lesson is not None:
            self._quiz_title = tr("quiz.lesson_title", lesson=lesson.title)
        else:
            self._quiz_title = tr(
                "quiz.final_title", course=course.title if course else state.course_id
            )
        self._show_quiz(state, self._quiz_title, floor)
        self.quiz_view.notice.setText(
            tr("quiz.resumed", answered=sum(a.answered for a in state.answers.values()))
        )

    def _show_quiz(self, state: AttemptState, title: str, floor: datetime | None = None) -> None:
        self.quiz_clock = self._steady_clock(floor)
        self.quiz_view.clock = self.quiz_clock
        self.quiz_view.start(state, title)
        self.pages.setCurrentWidget(self.quiz_view)
        self.tree.setEnabled(False)
        self.switch_action.setEnabled(False)
        self.quiz_view.setFocus()

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

    def save_answer(self, question_id: str, keys: list[str]) -> None:
        state = self.quiz_view.state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.db, self.quiz_clock, state.id
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
            if ended is not None and self._in_quiz():
                self.quiz_view.stop()
                self._sync_review(ended.id)
                self._show_result(ended)

        self.runner.run_db(op, done)

    def save_flag(self, question_id: str, flagged: bool) -> None:
        state = self.quiz_view.state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.db, self.quiz_clock, state.id

        def op() -> None:
            from ethics_trainer.services import attempts

            attempts.set_flag(db, attempt_id, question_id, flagged, clock=clock)

        self.runner.run_db(op, lambda _: self.saved.emit())

    def submit_quiz(self, reason: str) -> None:
        state = self.quiz_view.state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.db, self.quiz_clock, state.id
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
            show_error(self, exc)
            if self._in_quiz():
                self.quiz_view.submission_failed()

        self.runner.run_db(op, done, failed)

    def _sync_review(self, attempt_id: int) -> None:
        """Wrong answers of a submitted quiz go to the mistakes review."""
        db = self.ctx.db

        def op() -> None:
            from ethics_trainer.study import review

            review.sync_from_attempt(db, attempt_id)

        self.runner.run_db(op)

    @property
    def unsaved_answers(self) -> dict[str, list[str]]:
        """Answers given on screen whose save has not been confirmed (question id -> keys)."""
        if not hasattr(self, "_unsaved_answers"):
            self._unsaved_answers: dict[str, list[str]] = {}
        return self._unsaved_answers

    def _show_result(self, state: AttemptState) -> None:
        if not self._in_quiz():
            return  # already shown (the time-out and a last answer can both end the quiz)
        self.tree.setEnabled(True)
        self.switch_action.setEnabled(True)
        completed = state.kind == "final" and bool(state.passed)
        self.result_view.show_result(state, self._quiz_title, completed=completed)
        self.pages.setCurrentWidget(self.result_view)
        self.quiz_finished.emit(state)

    def _retry(self) -> None:
        state = self.result_view.state
        if state is None:
            return
        if state.kind == "final":
            self.start_final_quiz(state.course_id)
        elif state.kind == "review":
            self.show_review()
        elif state.kind == "practice" and state.lesson_id:
            self.start_practice(state.lesson_id)
        elif state.lesson_id:
            self.start_lesson_quiz(state.lesson_id)
