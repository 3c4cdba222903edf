"""The proctor console's live list and the sign-in screen's names: read-only queries.

Time left is always the stored deadline (plus extra time) minus now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from ethics_trainer.quiz.snapshot import Selection
from ethics_trainer.services.attempt_deadline import effective_deadline
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Answer, Attempt, ExamCandidate, ExamSession, Learner

STATUS_REGISTERED = "registered"
STATUS_CHECKED_IN = "checked_in"
STATUS_IN_PROGRESS = "in_progress"
STATUS_SUBMITTED = "submitted"


@dataclass(frozen=True)
class CandidateRow:
    """One line of the proctor's live list."""

    id: int
    row_no: int
    learner_id: int
    full_name: str
    employee_code: str
    unit: str
    position: str
    status: str
    locked: bool
    machine: str
    move_to: str
    attempt_id: int | None
    answered: int
    question_count: int
    deadline: datetime | None
    extra_seconds: int
    score: float | None
    passed: bool | None
    submitted_at: datetime | None
    submit_reason: str

    def seconds_left(self, now: datetime) -> int | None:
        if self.deadline is None or self.status != STATUS_IN_PROGRESS:
            return None
        return max(0, int((self.deadline - now).total_seconds()))


@dataclass(frozen=True)
class CandidateChoice:
    """A name a candidate can pick on the sign-in screen."""

    id: int
    session_id: int
    label: str


def _answered_counts(session: Session, attempt_ids: list[int]) -> dict[int, int]:
    if not attempt_ids:
        return {}
    rows = session.exec(
        select(Answer.attempt_id, func.count())
        .where(col(Answer.attempt_id).in_(attempt_ids), col(Answer.selected) != Selection())
        .group_by(col(Answer.attempt_id))
    ).all()
    return {int(a): int(n) for a, n in rows}


def roster(db: Database, session_id: int) -> list[CandidateRow]:
    """The live list: every candidate with status, answered count, deadline and score."""
    with db.session() as session:
        pairs = session.exec(
            select(ExamCandidate, Learner)
            .where(ExamCandidate.session_id == session_id, ExamCandidate.learner_id == Learner.id)
            .order_by(col(ExamCandidate.row_no), col(ExamCandidate.id))
        ).all()
        attempt_ids = [c.attempt_id for c, _ in pairs if c.attempt_id is not None]
        found = (
            session.exec(select(Attempt).where(col(Attempt.id).in_(attempt_ids))).all()
            if attempt_ids
            else []
        )
        by_id = {a.id: a for a in found}
        answered = _answered_counts(session, attempt_ids)
        result = []
        for cand, learner in pairs:
            attempt = by_id.get(cand.attempt_id) if cand.attempt_id else None
            if attempt is not None:
                status = STATUS_SUBMITTED if attempt.submitted_at else STATUS_IN_PROGRESS
            else:
                status = STATUS_CHECKED_IN if cand.checked_in_at else STATUS_REGISTERED
            result.append(
                CandidateRow(
                    id=cand.id or 0,
                    row_no=cand.row_no,
                    learner_id=learner.id or 0,
                    full_name=learner.full_name,
                    employee_code=learner.employee_code,
                    unit=learner.unit,
                    position=learner.position,
                    status=status,
                    locked=cand.locked,
                    machine=cand.machine,
                    move_to=cand.move_to,
                    attempt_id=cand.attempt_id,
                    answered=answered.get(cand.attempt_id or -1, 0),
                    question_count=attempt.question_count if attempt else 0,
                    deadline=effective_deadline(attempt) if attempt else None,
                    extra_seconds=attempt.extra_seconds if attempt else 0,
                    score=attempt.score if attempt else None,
                    passed=attempt.passed if attempt else None,
                    submitted_at=attempt.submitted_at if attempt else None,
                    submit_reason=attempt.submit_reason if attempt else "",
                )
            )
        return result


def candidate_choices(db: Database) -> list[CandidateChoice]:
    """Names on the rosters of every open session, for the candidate's sign-in screen."""
    with db.session() as session:
        pairs = session.exec(
            select(ExamCandidate, Learner, ExamSession)
            .where(
                ExamCandidate.learner_id == Learner.id,
                ExamCandidate.session_id == ExamSession.id,
                col(ExamSession.ended_at).is_(None),
            )
            .order_by(col(Learner.full_name), col(ExamCandidate.id))
        ).all()
        choices = []
        for cand, learner, sess in pairs:
            label = learner.full_name
            extra = [x for x in (learner.employee_code, learner.unit, sess.room) if x]
            if extra:
                label += " — " + ", ".join(extra)
            choices.append(CandidateChoice(cand.id or 0, sess.id or 0, label))
        return choices
