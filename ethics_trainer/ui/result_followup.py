"""What follows a quiz's result: trying again, and the certificate a pass puts on offer.

Split from the main window (issue #15): the result page only says "again" or "certificate";
this decides which quiz or practice "again" means for the kind of attempt shown, and whether a
failed retake still has the certificate of an earlier pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from ethics_trainer.quiz.state import AttemptState
    from ethics_trainer.ui.context import AppContext
    from ethics_trainer.ui.study.certificate_controller import CertificateController
    from ethics_trainer.ui.study.pages import StudyPages
    from ethics_trainer.ui.study.practice_controller import PracticeController
    from ethics_trainer.ui.study.quiz_controller import QuizController
    from ethics_trainer.ui.toolkit.tasks import TaskRunner


class ResultFollowUp(QObject):
    """Reacts to the result page and to finished quizzes."""

    def __init__(
        self,
        parent: QObject,
        *,
        ctx: AppContext,
        runner: TaskRunner,
        study_pages: StudyPages,
        quiz: QuizController,
        study: PracticeController,
        certificates: CertificateController,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.study_pages = ctx, runner, study_pages
        self.quiz, self.study, self.certificates = quiz, study, certificates

    def offer_certificate(self, state: AttemptState) -> None:
        """A passed final quiz puts a certificate on offer: get it ready while she reads. A
        failed retake after an earlier pass still has the certificate of that pass."""
        if state.kind != "final":
            return
        if state.passed:
            self.certificates.prepare()
            return
        db, learner = self.ctx.db, self.ctx.learner
        if db is None or learner is None:
            return

        def op() -> bool:
            from ethics_trainer.hr.own_certificate import has_certificate

            return has_certificate(db, learner.id, state.course_id)

        def done(has: bool) -> None:
            result = self.study_pages.result.get()
            if has and result.state is state:
                result.set_certificate(True)
                self.certificates.prepare()

        self.runner.run(op, on_done=done)

    def retry(self) -> None:
        """The same kind of attempt again: the final quiz, the review, the practice or the
        lesson quiz the result was for."""
        state = self.study_pages.result.get().state
        if state is None:
            return
        if state.kind == "final":
            self.quiz.start_final_quiz(state.course_id)
        elif state.kind == "review":
            self.study.show_review()
        elif state.kind == "practice" and state.lesson_id:
            self.study.start_practice(state.lesson_id)
        elif state.lesson_id:
            self.quiz.start_lesson_quiz(state.lesson_id)
