"""Check-in and seat moves: a candidate is admitted on one PC; another PC asks, and
the proctor approves the move. Both are written to the minutes with the change.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import col

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.exams.candidate_guard import MoveNeedsApproval, SessionEnded, load_candidate
from ethics_trainer.exams.events import log_candidate_event
from ethics_trainer.exams.sessions import normalize_code
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import ExamCandidate


def check_in(
    db: Database, candidate_id: int, code: str, machine: str, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Admit the candidate on this PC, or ask the proctor for a move from their old PC."""
    now = clock.now()
    with db.session() as session:
        cand, sess, learner = load_candidate(session, candidate_id)
        assert sess.id is not None
        if normalize_code(code) != sess.code:
            raise UserError(tr("exams.session.bad_code"))
        if sess.ended_at is not None:
            raise SessionEnded(tr("exams.session.ended"))
        if not cand.machine:
            # Two PCs may pick the same name at once: only one conditional UPDATE wins (the
            # other waits on the row or write lock, then matches nothing), and the loser is
            # treated as a PC asking for a move.
            claimed = session.execute(
                update(ExamCandidate)
                .where(col(ExamCandidate.id) == candidate_id, col(ExamCandidate.machine) == "")
                .values(machine=machine, checked_in_at=now)
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount == 1:  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
                log_candidate_event(
                    session, cand, learner, "checkin", now, EventDetail(machine=machine)
                )
                return
            session.refresh(cand)
        if cand.machine == machine:
            if cand.attempt_id is not None:
                log_candidate_event(
                    session, cand, learner, "resumed", now, EventDetail(machine=machine)
                )
            return
        if cand.move_to != machine:
            cand.move_to = machine
            session.add(cand)
            log_candidate_event(
                session,
                cand,
                learner,
                "move_requested",
                now,
                EventDetail(old=cand.machine, machine=machine),
            )
        session.commit()
        raise MoveNeedsApproval(tr("exams.move.wait"), tr("exams.move.wait_hint"))


def approve_move(db: Database, candidate_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    with db.session() as session:
        cand, _sess, learner = load_candidate(session, candidate_id)
        if not cand.move_to:
            raise UserError(tr("exams.move.none"))
        old, cand.machine, cand.move_to = cand.machine, cand.move_to, ""
        session.add(cand)
        log_candidate_event(
            session,
            cand,
            learner,
            "move_approved",
            clock.now(),
            EventDetail(old=old, machine=cand.machine),
        )
