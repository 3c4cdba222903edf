"""Who may act for a candidate, and from which PC.

A candidate may answer only from the PC recorded as theirs (``machine``), only while the
session runs and the proctor has not locked them; every seat action checks that here, with the
candidate's row locked first where the action writes.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from ethics_trainer.errors import NotFoundError, UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.models import ExamCandidate, ExamSession, Learner


class CandidateLocked(UserError):
    """The proctor has locked this candidate."""


class SessionEnded(UserError):
    """The session is over; no more answers."""


class MoveNeedsApproval(UserError):
    """The candidate is working on another PC; the proctor must approve the move."""


def load_candidate(
    session: Session, candidate_id: int
) -> tuple[ExamCandidate, ExamSession, Learner]:
    cand = session.get(ExamCandidate, candidate_id)
    if cand is None:
        raise NotFoundError(tr("exams.candidate.not_found", id=candidate_id))
    sess = session.get(ExamSession, cand.session_id)
    learner = session.get(Learner, cand.learner_id)
    assert sess is not None and learner is not None
    return cand, sess, learner


def guard_seat(
    session: Session, candidate_id: int, machine: str
) -> tuple[ExamCandidate, ExamSession, Learner]:
    cand, sess, learner = load_candidate(session, candidate_id)
    if sess.ended_at is not None:
        raise SessionEnded(tr("exams.session.ended"))
    if cand.locked:
        raise CandidateLocked(tr("exams.candidate.locked"))
    if cand.machine != machine:
        raise MoveNeedsApproval(tr("exams.move.wait"), tr("exams.move.wait_hint"))
    return cand, sess, learner


def lock_candidate(session: Session, candidate_id: int) -> None:
    """Lock the candidate's row as the first statement of a writing transaction.

    PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: a no-op UPDATE, which takes the database's
    write lock (as ``services.attempt_claim.claim_open`` does), so two starts of one candidate
    happen one after the other and the second sees the first's attempt.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.exec(
            select(ExamCandidate)
            .where(col(ExamCandidate.id) == candidate_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).first()
        # The session row FOR SHARE: ending the session (UPDATE ended_at) waits for a start in
        # flight, and a start after the end reads the new ended_at.
        session.exec(
            select(ExamSession)
            .where(
                col(ExamSession.id)
                == select(ExamCandidate.session_id)
                .where(col(ExamCandidate.id) == candidate_id)
                .scalar_subquery()
            )
            .with_for_update(read=True)
            .execution_options(populate_existing=True)
        ).first()
    else:
        session.execute(
            update(ExamCandidate)
            .where(col(ExamCandidate.id) == candidate_id)
            .values(locked=ExamCandidate.locked)
            .execution_options(synchronize_session=False)
        )
