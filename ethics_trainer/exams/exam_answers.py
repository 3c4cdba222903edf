"""A candidate's answers and flags from their seat, through the one answer writer;
answers the server refused are put in the minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.exams import answer_write
from ethics_trainer.exams.candidate_guard import guard_seat, load_candidate, lock_candidate
from ethics_trainer.exams.events import log_candidate_event
from ethics_trainer.exams.submission import note_submission
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.snapshot import Snapshot
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import Attempt


@dataclass(frozen=True)
class ExamSeat:
    """A candidate answering from one PC: the exam's rules added to the one answer writer
    (``services/attempts.save_answer``), and on PostgreSQL its one-statement fast path.

    ``fast=False`` keeps to the general path (tests compare both paths answer by answer).
    """

    candidate_id: int
    machine: str
    fast: bool = True

    def write_fast(
        self, db: Database, question_id: str, selected: Sequence[str], now: datetime
    ) -> int | None:
        if not self.fast:
            return None
        return answer_write.write_target(
            db.engine, self.candidate_id, self.machine, question_id, selected, now
        )

    def attempt_id(self, session: Session) -> int:
        if session.get_bind().dialect.name != "postgresql":
            lock_candidate(session, self.candidate_id)  # SQLite: the write lock before reading
        cand, _sess, _learner = guard_seat(session, self.candidate_id, self.machine)
        if cand.attempt_id is None:
            raise UserError(tr("exams.candidate.not_started"))
        return cand.attempt_id

    def written(self, db: Database, attempt_id: int, snapshot: Snapshot) -> None:
        if self.fast:
            answer_write.remember(db.engine, self.candidate_id, attempt_id, snapshot)


def _save(
    db: Database, seat: ExamSeat, question_id: str, selected: Sequence[str], clock: Clock
) -> int:
    """The one writer for a seat; the attempt id. After the deadline the attempt was submitted
    instead: unless that very answer was stored before (a PC sending its journal again), say
    so, so the PC's journal marks it rejected and the minutes record it (not "written")."""
    saved = attempts.save_answer(db, None, question_id, selected, clock=clock, seat=seat)
    if saved.finished:
        note_submission(db, seat.candidate_id, clock=clock)
        stored = attempts.get_attempt(db, saved.attempt_id).answers.get(question_id)
        if stored is None or stored.selected != tuple(sorted(selected)):
            raise UserError(tr("exams.answer_after_deadline"))
    return saved.attempt_id


def record_answer(
    db: Database,
    candidate_id: int,
    machine: str,
    question_id: str,
    selected: Sequence[str],
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> AttemptState:
    """:func:`save_answer` by the general path, then the attempt read back."""
    seat = ExamSeat(candidate_id, machine, fast=False)
    return attempts.get_attempt(db, _save(db, seat, question_id, selected, clock))


def save_answer(
    db: Database,
    candidate_id: int,
    machine: str,
    question_id: str,
    selected: Sequence[str],
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Store one answer if this PC may answer for this candidate now (the PC's answer path)."""
    _save(db, ExamSeat(candidate_id, machine), question_id, selected, clock)


def set_flag(
    db: Database,
    candidate_id: int,
    machine: str,
    question_id: str,
    flagged: bool,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    with db.session() as session:
        cand, _sess, _learner = guard_seat(session, candidate_id, machine)
        attempt_id = cand.attempt_id
    if attempt_id is not None:
        attempts.set_flag(db, attempt_id, question_id, flagged, clock=clock)


def note_rejected_answer(
    db: Database,
    candidate_id: int,
    question_id: str,
    reason: str,
    *,
    machine: str = "",
    given_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Put an answer the server refused (session over, attempt handed in) in the minutes.

    The PC keeps the answer in its journal as well; the minutes say that it existed and why it
    does not count, so a candidate's "I answered that" can be checked after the exam.
    """
    with db.session() as session:
        cand, _sess, learner = load_candidate(session, candidate_id)
        attempt = session.get(Attempt, cand.attempt_id) if cand.attempt_id else None
        position = ""
        if attempt is not None:
            ids = [q.id for q in attempt.questions]
            if question_id in ids:
                position = str(ids.index(question_id) + 1)
        log_candidate_event(
            session,
            cand,
            learner,
            "answer_rejected",
            clock.now(),
            EventDetail(
                text=reason,
                question=question_id,
                position=position,
                machine=machine,
                given_at=given_at.isoformat() if given_at else "",
            ),
        )
