"""Practice per lesson, and mistakes-review sessions: each answer is judged at once.

Both are ordinary attempts (``services.attempts``) without a deadline, so answers are stored
the moment they are given and the history can show them. Only the final quiz counts towards
completion, so practice never does. Feedback comes from the attempt's own snapshot (the
option order the learner saw), never from the live content.

The first answer to each question in a session feeds the mistakes review; changing the
answer after seeing the solution is allowed but does not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Course, Library
from ethics_trainer.errors import NotFoundError, UserError
from ethics_trainer.i18n import tr
from ethics_trainer.i18n.formats import percent
from ethics_trainer.quiz.scoring import ScoredOption, is_full_marks, score_question
from ethics_trainer.quiz.snapshot import QuestionSnapshot
from ethics_trainer.quiz.state import AnswerState, AttemptState
from ethics_trainer.services import attempts
from ethics_trainer.services.attempts import KIND_PRACTICE
from ethics_trainer.storage.db import Database
from ethics_trainer.study import review
from ethics_trainer.study.review import ReviewCard

KIND_REVIEW = "review"
PRACTICE_KINDS = frozenset({KIND_PRACTICE, KIND_REVIEW})


@dataclass(frozen=True)
class OptionFeedback:
    key: str
    text: str  # Markdown
    correct: bool
    selected: bool
    weight: float
    feedback: str  # Markdown; why this option is right or wrong ("" when the author gave none)


@dataclass(frozen=True)
class Feedback:
    """What the practice screen shows right after an answer."""

    question_id: str
    score: float  # 0..1
    selected: tuple[str, ...]
    correct_keys: tuple[str, ...]
    explanation: str  # Markdown
    source: str
    options: tuple[OptionFeedback, ...]  # in the order the learner saw them
    counted: bool  # False when the question had been answered before in this session
    review: ReviewCard | None  # the question's place in the mistakes review afterwards

    @property
    def correct(self) -> bool:
        return is_full_marks(self.score)

    @property
    def partial(self) -> bool:
        return 0.0 < self.score < 0.999

    def verdict(self) -> str:
        """ "Đúng" / "Chưa đúng" / "Đúng một phần (50%)" in the current language."""
        if self.correct:
            return tr("study.practice.right")
        if self.partial:
            return tr("study.practice.partial", percent=percent(100 * self.score))
        return tr("study.practice.wrong")


def start_practice(
    db: Database,
    *,
    learner_id: int,
    course: Course,
    lesson_id: str,
    content_hash: str = "",
    seed: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> AttemptState:
    """Every question of the lesson, shuffled, untimed."""
    pool = course.lesson_questions(lesson_id)
    if not pool:
        raise UserError(tr("study.practice.no_questions"))
    return attempts.start_attempt(
        db,
        learner_id=learner_id,
        course=course,
        pool=pool,
        kind=KIND_PRACTICE,
        count=None,
        minutes=None,
        pass_percent=course.final_quiz.pass_percent if course.final_quiz else 80.0,
        lesson_id=lesson_id,
        content_hash=content_hash,
        seed=seed,
        clock=clock,
    )


def start_review(
    db: Database,
    *,
    learner_id: int,
    library: Library,
    course_id: str,
    limit: int | None = 20,
    seed: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> AttemptState | None:
    """A review session of the course's due questions (None when nothing is due).

    Questions since removed from the content are left out.
    """
    course = library.course(course_id)
    if course is None:
        return None
    by_id = {q.id: q for q in course.questions()}
    due = review.due_questions(db, learner_id, clock.now(), course_id=course_id)
    pool = [by_id[c.question_id] for c in due if c.question_id in by_id]
    if not pool:
        return None
    return attempts.start_attempt(
        db,
        learner_id=learner_id,
        course=course,
        pool=pool,
        kind=KIND_REVIEW,
        count=limit,
        minutes=None,
        pass_percent=80.0,
        content_hash=library.content_hash,
        seed=seed,
        clock=clock,
    )


def _snapshot_question(state: AttemptState, question_id: str) -> QuestionSnapshot:
    for question in state.questions:
        if question.id == question_id:
            return question
    raise NotFoundError(tr("study.practice.unknown_question"))


def check_answer(
    db: Database,
    attempt_id: int,
    question_id: str,
    selected: list[str] | tuple[str, ...],
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> Feedback:
    """Store the answer now and say at once whether it is right, and why.

    Refused for timed quizzes and exams: their answers must stay hidden until submission.
    """
    before = attempts.get_attempt(db, attempt_id)
    if before.kind not in PRACTICE_KINDS:
        raise UserError(tr("study.practice.not_practice"))
    if before.finished:
        raise UserError(tr("study.practice.finished"))
    question = _snapshot_question(before, question_id)
    first_time = not before.answers.get(question_id, AnswerState()).answered
    state = attempts.record_answer(db, attempt_id, question_id, selected, clock=clock)
    chosen = state.answers.get(question_id, AnswerState()).selected
    options = question.options
    score = score_question(
        question.kind,
        [ScoredOption(o.key, bool(o.correct), float(o.weight)) for o in options],
        chosen,
    )
    card: ReviewCard | None
    if first_time and chosen:
        card = review.record_review(
            db,
            state.learner_id,
            question_id,
            is_full_marks(score),
            clock.now(),
            course_id=state.course_id,
        )
    else:
        card = None
    return Feedback(
        question_id=question_id,
        score=score,
        selected=tuple(chosen),
        correct_keys=tuple(o.key for o in options if o.correct),
        explanation=question.explanation,
        source=question.source,
        options=tuple(
            OptionFeedback(
                key=o.key,
                text=o.text,
                correct=bool(o.correct),
                selected=o.key in chosen,
                weight=float(o.weight),
                feedback=o.feedback,
            )
            for o in options
        ),
        counted=first_time and bool(chosen),
        review=card,
    )


def finish_practice(db: Database, attempt_id: int, *, clock: Clock = SYSTEM_CLOCK) -> AttemptState:
    """Close a practice or review session (scored for the history; never a completion)."""
    return attempts.submit_attempt(db, attempt_id, clock=clock)


def submit_and_sync(
    db: Database, attempt_id: int, *, reason: str = "user", clock: Clock = SYSTEM_CLOCK
) -> tuple[AttemptState, list[ReviewCard]]:
    """Submit any attempt and feed its wrong answers to the mistakes review in one call."""
    state = attempts.submit_attempt(db, attempt_id, reason=reason, clock=clock)
    return state, review.sync_from_attempt(db, attempt_id)
