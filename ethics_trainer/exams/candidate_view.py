"""What the candidate's screen polls: their attempt and what the proctor decided."""

from __future__ import annotations

from dataclasses import dataclass

from ethics_trainer.exams.candidate_guard import load_candidate
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import ExamDefinition


@dataclass(frozen=True)
class CandidateView:
    """What the candidate's screen polls: the attempt and what the proctor decided."""

    candidate_id: int
    full_name: str
    locked: bool
    session_ended: bool
    machine_ok: bool
    show_after: str
    attempt: AttemptState | None


def candidate_view(db: Database, candidate_id: int, machine: str) -> CandidateView:
    with db.session() as session:
        cand, sess, learner = load_candidate(session, candidate_id)
        definition = session.get(ExamDefinition, sess.definition_id)
        attempt_id = cand.attempt_id
        view = (cand.locked, sess.ended_at is not None, cand.machine == machine)
    state = attempts.get_attempt(db, attempt_id) if attempt_id is not None else None
    return CandidateView(
        candidate_id=candidate_id,
        full_name=learner.full_name,
        locked=view[0],
        session_ended=view[1],
        machine_ok=view[2],
        show_after=definition.show_after if definition else "score",
        attempt=state,
    )
