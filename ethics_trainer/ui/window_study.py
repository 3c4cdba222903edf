"""Practice, the mistakes review and the progress page of the main window."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ethics_trainer.i18n import tr
from ethics_trainer.ui.toolkit.errors import show_error

if TYPE_CHECKING:
    from ethics_trainer.quiz.state import AttemptState
    from ethics_trainer.study.practice import Feedback
    from ethics_trainer.ui.review_page import DueRows

log = logging.getLogger(__name__)


class StudyMixin:
    """Part of :class:`~ethics_trainer.ui.main_window.MainWindow` (a mixin: it uses the
    window's ``ctx``, ``runner``, pages and signals)."""

    # -- practice and mistakes review -------------------------------------------------------
    def start_practice(self, lesson_id: str) -> None:
        session = self._learning()
        if session is None:
            return
        library, learner, db, clock = session
        lesson = library.lesson(lesson_id)
        course = library.course(lesson.course_id) if lesson else None
        if lesson is None or course is None:
            return

        def op() -> AttemptState:
            from ethics_trainer.study import practice

            return practice.start_practice(
                db,
                learner_id=learner.id,
                course=course,
                lesson_id=lesson_id,
                content_hash=library.content_hash,
                clock=clock,
            )

        title = tr("uis.practice.title", lesson=lesson.title)
        self.runner.run_db(op, lambda state: self._show_practice(state, title))

    def _show_practice(self, state: AttemptState, title: str) -> None:
        self._practice_title = title
        self.practice_view.start(state, title)
        self.pages.setCurrentWidget(self.practice_view)

    def check_practice_answer(self, question_id: str, keys: list[str]) -> None:
        state = self.practice_view.state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.db, self.ctx.clock, state.id

        def op() -> Feedback:
            from ethics_trainer.study import practice

            return practice.check_answer(db, attempt_id, question_id, keys, clock=clock)

        def failed(exc: BaseException) -> None:
            self.practice_view.answer_failed()
            show_error(self, exc)

        def done(feedback: Feedback) -> None:
            self.practice_view.show_feedback(feedback)
            self.saved.emit()

        self.runner.run_db(op, done, failed)

    def finish_practice(self) -> None:
        state = self.practice_view.state
        if state is None:
            return
        db, clock, attempt_id = self.ctx.db, self.ctx.clock, state.id
        self.practice_view.state = None

        def op() -> AttemptState:
            from ethics_trainer.study import practice

            return practice.finish_practice(db, attempt_id, clock=clock)

        def done(final: AttemptState) -> None:
            self._quiz_title = self._practice_title
            self.result_view.show_result(final, self._practice_title)
            self.pages.setCurrentWidget(self.result_view)
            self.quiz_finished.emit(final)

        self.runner.run_db(op, done)

    def show_review(self) -> None:
        session = self._learning()
        if session is None or self._in_quiz():
            return
        library, learner, db, clock = session
        courses = list(library.courses)

        def op() -> DueRows:
            from ethics_trainer.study import review

            due = review.due_questions(db, learner.id, clock.now())
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
            self.review_page.show_due(rows)
            self.pages.setCurrentWidget(self.review_page)

        self.runner.run_db(op, done)

    def start_review(self, course_id: str) -> None:
        session = self._learning()
        if session is None:
            return
        library, learner, db, clock = session
        course = library.course(course_id)

        def op() -> AttemptState | None:
            from ethics_trainer.study import practice

            return practice.start_review(
                db, learner_id=learner.id, library=library, course_id=course_id, clock=clock
            )

        def done(state: AttemptState | None) -> None:
            if state is None:
                self.show_review()
                return
            title = tr("uis.practice.review_title", course=course.title if course else course_id)
            self._show_practice(state, title)

        self.runner.run_db(op, done)

    # -- progress -----------------------------------------------------------------------------
    def show_progress(self) -> None:
        library, learner, db = self.ctx.library, self.ctx.learner, self.ctx.db
        if library is None or learner is None or self._in_quiz():
            return

        def op() -> tuple[Any, Any]:
            from ethics_trainer.study import stats

            return (
                stats.learner_stats(db, learner.id, library),
                stats.attempt_history(db, learner.id, submitted_only=True),
            )

        def done(result: tuple[Any, Any]) -> None:
            titles = {c.id: c.title for c in library.courses}
            self.progress_page.show_stats(result[0], result[1], titles)
            self.pages.setCurrentWidget(self.progress_page)

        self.runner.run_db(op, done)

    def review_attempt(self, attempt_id: int) -> None:
        """Open a past attempt in the result view (answers, explanations, sources)."""
        library, db = self.ctx.library, self.ctx.db

        def op() -> AttemptState:
            from ethics_trainer.services import attempts

            return attempts.get_attempt(db, attempt_id)

        def done(state: AttemptState) -> None:
            course = library.course(state.course_id) if library else None
            lesson = library.lesson(state.lesson_id) if library and state.lesson_id else None
            where = lesson.title if lesson else (course.title if course else state.course_id)
            self._quiz_title = tr(
                "uis.progress.attempt_title", kind=_kind_name(state.kind), course=where
            )
            self.result_view.show_result(state, self._quiz_title)
            self.pages.setCurrentWidget(self.result_view)

        self.runner.run_db(op, done)


def _kind_name(kind: str) -> str:
    from ethics_trainer.ui.progress_page import kind_name

    return kind_name(kind)
