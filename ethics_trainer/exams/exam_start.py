"""Starting a candidate's exam attempt: drawn once, deadline stored, resumed after."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import UserError
from ethics_trainer.exams import definitions
from ethics_trainer.exams.candidate_guard import guard_seat, lock_candidate
from ethics_trainer.exams.events import log_candidate_event
from ethics_trainer.i18n import tr, trn
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import (
    Attempt,
    ExamCandidate,
    ExamDefinition,
    ExamSession,
    Learner,
)


def start_exam(
    db: Database, library: Library, candidate_id: int, machine: str, *, clock: Clock = SYSTEM_CLOCK
) -> AttemptState:
    """The candidate's attempt: created (deadline stored) on first start, resumed after.

    The attempt is created and linked to the candidate in one transaction, with the
    candidate's row locked first: a crash leaves no attempt without its candidate, and two
    starts at once (two clicks, two PCs) give one attempt.
    """
    with db.session() as session:
        lock_candidate(session, candidate_id)
        cand, sess, learner = guard_seat(session, candidate_id, machine)
        attempt_id = cand.attempt_id
        if attempt_id is None:
            attempt_id = _create_attempt(session, library, cand, sess, learner, clock)
    return attempts.get_attempt(db, attempt_id)


def _create_attempt(
    session: Session,
    library: Library,
    cand: ExamCandidate,
    sess: ExamSession,
    learner: Learner,
    clock: Clock,
) -> int:
    """A new exam attempt for the candidate, linked and logged in the caller's transaction."""
    found = session.get(ExamDefinition, sess.definition_id)
    assert found is not None  # a foreign key: a session always has its definition
    definition = definitions._info(found)
    used = session.exec(
        select(func.count())
        .select_from(ExamCandidate)
        .where(
            ExamCandidate.learner_id == cand.learner_id,
            col(ExamCandidate.attempt_id).is_not(None),
            ExamCandidate.session_id == ExamSession.id,
            ExamSession.definition_id == sess.definition_id,
        )
    ).one()
    if int(used) >= definition.attempts_allowed:
        raise UserError(
            trn(
                "exams.candidate.no_attempts_left",
                definition.attempts_allowed,
                count=definition.attempts_allowed,
            )
        )
    course = library.course(definition.course_id)
    if course is None:
        raise UserError(tr("exams.def.no_course", course=definition.course_id))
    seed = secrets.randbelow(2**31 - 1) + 1
    snapshot = definitions.build_snapshot(definition, course, seed)
    if not snapshot:
        raise UserError(tr("errors.no_questions"))
    now = clock.now()
    attempt = Attempt(
        learner_id=cand.learner_id,
        course_id=course.id,
        lesson_id="",
        kind=attempts.KIND_EXAM,
        seed=seed,
        questions=snapshot,
        started_at=now,
        deadline=now + timedelta(minutes=definition.minutes) if definition.minutes else None,
        question_count=len(snapshot),
        pass_percent=definition.pass_percent,
        content_hash=library.content_hash,
    )
    session.add(attempt)
    session.flush()
    assert attempt.id is not None
    cand.attempt_id = attempt.id
    session.add(cand)
    log_candidate_event(
        session, cand, learner, "started", clock.now(), EventDetail(questions=len(snapshot))
    )
    return attempt.id
