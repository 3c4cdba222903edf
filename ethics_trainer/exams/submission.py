"""Handing in: by the candidate, by the deadline (with a grace for offline PCs), and
the one line in the minutes for each submission however it happened.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.exams.candidate_guard import MoveNeedsApproval, load_candidate
from ethics_trainer.exams.events import log_candidate_event
from ethics_trainer.exams.live_roster import STATUS_IN_PROGRESS, STATUS_SUBMITTED, roster
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import Attempt, ExamEvent


def note_submission(db: Database, candidate_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    """Log the candidate's submission in the minutes once, however it happened."""
    with db.session() as session:
        cand, _sess, learner = load_candidate(session, candidate_id)
        attempt = session.get(Attempt, cand.attempt_id) if cand.attempt_id else None
        if attempt is None or attempt.submitted_at is None:
            return
        seen = session.exec(
            select(ExamEvent).where(
                ExamEvent.candidate_id == candidate_id, ExamEvent.kind == "submitted"
            )
        ).first()
        if seen is None:
            log_candidate_event(
                session,
                cand,
                learner,
                "submitted",
                attempt.submitted_at,
                EventDetail(score=attempt.score, reason=attempt.submit_reason),
            )


def submit(
    db: Database, candidate_id: int, machine: str, *, clock: Clock = SYSTEM_CLOCK
) -> AttemptState:
    """The candidate hands in (or time ran out): score, seal, and log it."""
    with db.session() as session:
        cand, _sess, _learner = load_candidate(session, candidate_id)
        if cand.machine != machine:
            raise MoveNeedsApproval(tr("exams.move.wait"), tr("exams.move.wait_hint"))
        attempt_id = cand.attempt_id
    if attempt_id is None:
        raise UserError(tr("exams.candidate.not_started"))
    state = attempts.submit_attempt(db, attempt_id, clock=clock)
    note_submission(db, candidate_id, clock=clock)
    return state


# How long after a deadline the console waits before submitting for a PC that has not: a PC
# that was offline may still hold answers given in time, which it replays when it is back.
# (A candidate PC that is online submits itself at zero, after sending its answers.)
FINALIZE_GRACE = timedelta(minutes=2)


def finalize_session_expired(db: Database, session_id: int, *, clock: Clock = SYSTEM_CLOCK) -> int:
    """Submit every attempt whose time is up plus :data:`FINALIZE_GRACE` (a PC may be off);
    return how many."""
    now = clock.now()
    done = 0
    rows = roster(db, session_id)
    with db.session() as session:
        logged = set(
            session.exec(
                select(ExamEvent.candidate_id).where(
                    ExamEvent.session_id == session_id, ExamEvent.kind == "submitted"
                )
            ).all()
        )
    for row in rows:
        if (
            row.status == STATUS_IN_PROGRESS
            and row.deadline
            and now >= row.deadline + FINALIZE_GRACE
        ):
            attempts.submit_attempt(db, row.attempt_id or 0, only_if_expired=True, clock=clock)
            note_submission(db, row.id, clock=clock)
            done += 1
        elif row.status == STATUS_SUBMITTED and row.id not in logged:
            # submitted elsewhere (e.g. a time-out noticed by another PC): still in the minutes
            note_submission(db, row.id, clock=clock)
    return done
