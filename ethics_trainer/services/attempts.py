"""Quiz attempts: start, answer, flag, submit, resume, time out.

Rules that make attempts trustworthy:

- The deadline is stored when the attempt starts; time left is always ``deadline - now``.
- Every answer is written (and committed) the moment it is given, by one writer,
  :func:`save_answer`, for quizzes, practice and exams, from the CLI and the GUI alike.
- Submitting scores the attempt from its own snapshot of the questions.
- An attempt whose deadline has passed is submitted with the answers given so far, by whoever
  notices first: the running quiz, or :func:`finalize_expired` on the next start.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Course, Question
from ethics_trainer.errors import NotFoundError, UserError
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.drawing import draw
from ethics_trainer.quiz.snapshot import QuestionSnapshot, Snapshot
from ethics_trainer.quiz.state import AnswerState, AttemptState
from ethics_trainer.services.answer_store import SaveResult, Seat, store
from ethics_trainer.services.attempt_claim import claim_open
from ethics_trainer.services.attempt_deadline import deadline_passed, effective_deadline
from ethics_trainer.services.attempt_scoring import record_completion, score_and_close
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Answer, Attempt

KIND_QUIZ = "quiz"
KIND_FINAL = "final"
KIND_PRACTICE = "practice"
KIND_EXAM = "exam"  # a supervised exam (ethics_trainer.exams); sealed by the proctor


def _state(session: Session, attempt: Attempt) -> AttemptState:
    assert attempt.id is not None
    rows = session.exec(select(Answer).where(Answer.attempt_id == attempt.id)).all()
    answers = {r.question_id: AnswerState(r.selected.keys, r.flagged) for r in rows}
    scores = {r.question_id: score for r in rows if (score := r.score) is not None}
    return AttemptState(
        id=attempt.id,
        learner_id=attempt.learner_id,
        course_id=attempt.course_id,
        lesson_id=attempt.lesson_id,
        kind=attempt.kind,
        questions=list(attempt.questions),
        answers=answers,
        started_at=attempt.started_at,
        deadline=effective_deadline(attempt),
        submitted_at=attempt.submitted_at,
        pass_percent=attempt.pass_percent,
        score=attempt.score,
        passed=attempt.passed,
        correct_count=attempt.correct_count,
        submit_reason=attempt.submit_reason,
        question_scores=scores,
        extra_seconds=attempt.extra_seconds,
    )


def start_attempt(
    db: Database,
    *,
    learner_id: int,
    course: Course,
    pool: list[Question],
    kind: str,
    count: int | None,
    minutes: float | None,
    pass_percent: float,
    lesson_id: str = "",
    content_hash: str = "",
    seed: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
    snapshot: Sequence[QuestionSnapshot] | None = None,
) -> AttemptState:
    """Draw the questions, store them with the seed and the deadline, and return the state.

    ``snapshot`` replaces the draw when the caller built the question list itself (exams draw
    from several banks with a count each).
    """
    if not pool and not snapshot:
        raise UserError(tr("errors.no_questions"))
    seed = random.SystemRandom().randrange(1, 2**31) if seed is None else seed
    if snapshot is None:
        snapshot = draw(pool, seed, count)
    now = clock.now()
    attempt = Attempt(
        learner_id=learner_id,
        course_id=course.id,
        lesson_id=lesson_id,
        kind=kind,
        seed=seed,
        questions=Snapshot.of(snapshot),
        started_at=now,
        deadline=now + timedelta(minutes=minutes) if minutes else None,
        question_count=len(snapshot),
        pass_percent=pass_percent,
        content_hash=content_hash,
    )
    with db.session() as session:
        session.add(attempt)
        session.flush()
        state = _state(session, attempt)
    return state


def start_final_quiz(
    db: Database,
    *,
    learner_id: int,
    course: Course,
    content_hash: str = "",
    seed: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> AttemptState:
    quiz = course.final_quiz
    if quiz is None:
        raise UserError(tr("errors.no_final_quiz"))
    return start_attempt(
        db,
        learner_id=learner_id,
        course=course,
        pool=course.final_pool(),
        kind=KIND_FINAL,
        count=quiz.questions,
        minutes=quiz.minutes,
        pass_percent=quiz.pass_percent,
        content_hash=content_hash,
        seed=seed,
        clock=clock,
    )


def _load(session: Session, attempt_id: int) -> Attempt:
    attempt = session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFoundError(tr("errors.attempt_not_found", id=attempt_id))
    return attempt


def get_attempt(db: Database, attempt_id: int) -> AttemptState:
    with db.session() as session:
        return _state(session, _load(session, attempt_id))


def save_answer(
    db: Database,
    attempt_id: int | None,
    question_id: str,
    selected: Sequence[str],
    *,
    clock: Clock = SYSTEM_CLOCK,
    seat: Seat | None = None,
) -> SaveResult:
    """Store one answer durably: the one writer for quizzes, practice and exams, CLI and GUI.

    Rules, in one transaction: the attempt is locked first (so an answer never lands after
    scoring); refused once submitted; after the deadline (extra time included) the attempt is
    submitted instead and ``finished`` is True; a question not in the attempt is refused; the
    keys kept are those the question showed, sorted. A ``seat`` adds its own checks and, on
    PostgreSQL, may store the answer in one statement under the same rules.
    ``attempt_id`` may be None only with a seat, which knows its attempt.
    """
    now = clock.now()
    if seat is not None:
        fast = seat.write_fast(db, question_id, selected, now)
        if fast is not None:
            return SaveResult(fast, finished=False)
    for _ in range(2):  # a second round only if extra time was granted meanwhile
        with db.session() as session:
            if seat is not None:
                attempt_id = seat.attempt_id(session)
            assert attempt_id is not None, "save_answer needs an attempt id or a seat"
            snapshot = store(session, db, attempt_id, question_id, selected, now)
        if snapshot is not None:
            if seat is not None:
                seat.written(db, attempt_id, snapshot)
            return SaveResult(attempt_id, finished=False)
        state = submit_attempt(db, attempt_id, only_if_expired=True, clock=clock)
        if state.finished:
            return SaveResult(attempt_id, finished=True)
    raise UserError(tr("errors.attempt_submitted"))  # pragma: no cover - two grants in a row


def record_answer(
    db: Database,
    attempt_id: int,
    question_id: str,
    selected: Sequence[str],
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> AttemptState:
    """:func:`save_answer`, then the whole attempt read back (for callers that show it)."""
    save_answer(db, attempt_id, question_id, selected, clock=clock)
    return get_attempt(db, attempt_id)


def _answer_row(
    session: Session, attempt_id: int, question_id: str, position: int, now: datetime
) -> Answer:
    """The answer row of one question, new (not yet added) if none was stored."""
    row = session.exec(
        select(Answer).where(Answer.attempt_id == attempt_id, Answer.question_id == question_id)
    ).first()
    if row is None:
        row = Answer(
            attempt_id=attempt_id, question_id=question_id, position=position, answered_at=now
        )
    return row


def set_flag(
    db: Database, attempt_id: int, question_id: str, flagged: bool, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    with db.session() as session:
        if not claim_open(session.connection(), attempt_id):
            return
        attempt = _load(session, attempt_id)
        position, _keys = attempt.questions.positions().get(question_id, (0, frozenset()))
        row = _answer_row(session, attempt_id, question_id, position, clock.now())
        row.flagged = flagged
        session.add(row)


def _submit(session: Session, attempt: Attempt, now: datetime, reason: str) -> None:
    """Score and close ``attempt``; a passed final quiz completes its course."""
    score_and_close(session, attempt, now, reason)
    if attempt.kind == KIND_FINAL and attempt.passed:
        record_completion(session, attempt)
    session.flush()
    # An exam attempt is sealed by the proctor's PC, which alone holds the signing key
    # (ethics_trainer.exams.sealing.seal_session), not by the candidate's PC here.


def submit_attempt(
    db: Database,
    attempt_id: int,
    *,
    reason: str = "user",
    only_if_expired: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> AttemptState:
    """Score and close the attempt. ``only_if_expired``: leave it open unless its deadline
    (extra time included, read under the lock) has passed — for sweeps that judged it earlier."""
    with db.session() as session:
        claimed = claim_open(session.connection(), attempt_id)
        attempt = _load(session, attempt_id)
        if claimed and attempt.submitted_at is None:
            now = clock.now()
            expired = deadline_passed(attempt, now)
            if expired or not only_if_expired:
                _submit(session, attempt, now, "timeout" if expired else reason)
        return _state(session, attempt)


SELF_STUDY_KINDS = (KIND_QUIZ, KIND_FINAL)


def finalize_expired(
    db: Database,
    *,
    learner_id: int | None = None,
    kinds: tuple[str, ...] = SELF_STUDY_KINDS,
    clock: Clock = SYSTEM_CLOCK,
) -> list[int]:
    """Submit open attempts whose deadline has passed (e.g. the app was closed meanwhile).

    Only self-study quizzes by default: supervised exams are timed out by the exam room on the
    server's time, never by one PC's clock. ``learner_id`` limits it to one learner (on a
    shared server a PC judges only its own learner's quizzes).
    """
    now = clock.now()
    done: list[int] = []
    query = select(Attempt.id).where(
        col(Attempt.submitted_at).is_(None),
        col(Attempt.deadline).is_not(None),
        col(Attempt.kind).in_(kinds),
    )
    if learner_id is not None:
        query = query.where(Attempt.learner_id == learner_id)
    with db.session() as session:
        candidates = [i for i in session.exec(query).all() if i is not None]
    for attempt_id in candidates:
        with db.session() as session:
            if not claim_open(session.connection(), attempt_id):
                continue  # submitted meanwhile
            attempt = _load(session, attempt_id)
            if deadline_passed(attempt, now):
                _submit(session, attempt, now, "timeout")
                done.append(attempt_id)
    return done


def open_attempt(
    db: Database, learner_id: int, *, clock: Clock = SYSTEM_CLOCK
) -> AttemptState | None:
    """The learner's unfinished timed quiz, if its deadline has not passed (never an exam:
    those resume on the candidate screen, under the proctor's rules)."""
    finalize_expired(db, learner_id=learner_id, clock=clock)
    with db.session() as session:
        attempt = session.exec(
            select(Attempt)
            .where(
                Attempt.learner_id == learner_id,
                col(Attempt.submitted_at).is_(None),
                col(Attempt.deadline).is_not(None),
                col(Attempt.kind).in_(SELF_STUDY_KINDS),
            )
            .order_by(col(Attempt.started_at).desc())
        ).first()
        return _state(session, attempt) if attempt is not None else None


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    course_id: str
    lesson_id: str
    kind: str
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    passed: bool | None
    question_count: int
    correct_count: int | None


def history(db: Database, learner_id: int) -> list[AttemptSummary]:
    with db.session() as session:
        rows = session.exec(
            select(Attempt)
            .where(Attempt.learner_id == learner_id)
            .order_by(col(Attempt.started_at).desc())
        ).all()
        return [
            AttemptSummary(
                id=a.id or 0,
                course_id=a.course_id,
                lesson_id=a.lesson_id,
                kind=a.kind,
                started_at=a.started_at,
                submitted_at=a.submitted_at,
                score=a.score,
                passed=a.passed,
                question_count=a.question_count,
                correct_count=a.correct_count,
            )
            for a in rows
        ]
