"""The rooms of a room check: real exam sessions with checked-in candidates, and their removal.

Why real rows: the simulated PCs must take the same single-statement answer path a candidate's
PC takes (:mod:`ethics_trainer.exams.answer_write`), which checks the session, the candidate,
its PC and its attempt. The rows are archived and removed after the check unless kept.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlmodel import col

from ethics_trainer.clock import SYSTEM_CLOCK
from ethics_trainer.quiz.snapshot import Snapshot
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import (
    Answer,
    Attempt,
    AttemptSeal,
    ExamCandidate,
    ExamDefinition,
    ExamEvent,
    ExamSession,
    Learner,
)

KIND_ROOM_CHECK = "room_check"
PER_ROOM = 100


@dataclass(frozen=True)
class Seat:
    """One simulated PC: its candidate, machine name and attempt."""

    candidate_id: int
    machine: str
    attempt_id: int


def room_snapshot(questions: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"room-check-q{i + 1}",
            "title": f"Câu {i + 1}",
            "stem": "Câu hỏi thử phòng thi",
            "kind": "single",
            "explanation": "",
            "source": "",
            "lesson_id": "",
            "options": [
                {
                    "key": k,
                    "text": k.upper(),
                    "correct": k == "a",
                    "weight": 1.0 if k == "a" else 0.0,
                    "feedback": "",
                }
                for k in "abcd"
            ],
        }
        for i in range(questions)
    ]


def prepare_seats(
    db: Database, candidates: int, questions: int, rooms: int
) -> tuple[list[Seat], int]:
    """Rooms (exam sessions) with checked-in candidates and their attempts; (seats, def id)."""
    now = SYSTEM_CLOCK.now()
    snapshot = Snapshot.of(room_snapshot(questions))
    seats: list[Seat] = []
    tag = secrets.token_hex(4)
    with db.session() as session:
        definition = ExamDefinition(
            name=f"room-check {tag}", course_id="room-check", created_at=now, archived=True
        )
        session.add(definition)
        session.flush()
        room_ids = []
        for r in range(rooms):
            room = ExamSession(
                definition_id=definition.id or 0,
                code=f"RC{tag}{r}".upper(),
                room=f"room-check {r + 1}",
                opened_at=now,
            )
            session.add(room)
            session.flush()
            room_ids.append(room.id or 0)
        for i in range(candidates):
            learner = Learner(
                full_name=f"Thí sinh thử {i + 1}", unit="room-check", created_at=now, archived=True
            )
            session.add(learner)
            session.flush()
            attempt = Attempt(
                learner_id=learner.id or 0,
                course_id="room-check",
                kind=KIND_ROOM_CHECK,
                seed=i,
                questions=snapshot,
                started_at=now,
                deadline=now + timedelta(hours=2),
                question_count=questions,
            )
            session.add(attempt)
            session.flush()
            machine = f"room-check-{tag}-{i + 1}"
            cand = ExamCandidate(
                session_id=room_ids[i % rooms],
                learner_id=learner.id or 0,
                row_no=i // rooms + 1,
                attempt_id=attempt.id,
                checked_in_at=now,
                machine=machine,
            )
            session.add(cand)
            session.flush()
            seats.append(Seat(cand.id or 0, machine, attempt.id or 0))
    return seats, definition.id or 0


def remove_seats(db: Database, seats: list[Seat], definition_id: int) -> None:
    attempt_ids = [s.attempt_id for s in seats]
    cand_ids = [s.candidate_id for s in seats]
    with db.transaction() as conn:
        learner_ids = list(
            conn.execute(
                select(col(Attempt.learner_id)).where(col(Attempt.id).in_(attempt_ids))
            ).scalars()
        )
        room_ids = list(
            conn.execute(
                select(col(ExamSession.id)).where(col(ExamSession.definition_id) == definition_id)
            ).scalars()
        )
        conn.execute(delete(ExamEvent).where(col(ExamEvent.session_id).in_(room_ids)))
        conn.execute(delete(ExamCandidate).where(col(ExamCandidate.id).in_(cand_ids)))
        conn.execute(delete(ExamSession).where(col(ExamSession.id).in_(room_ids)))
        conn.execute(delete(ExamDefinition).where(col(ExamDefinition.id) == definition_id))
        conn.execute(delete(Answer).where(col(Answer.attempt_id).in_(attempt_ids)))
        conn.execute(delete(AttemptSeal).where(col(AttemptSeal.attempt_id).in_(attempt_ids)))
        conn.execute(delete(Attempt).where(col(Attempt.id).in_(attempt_ids)))
        conn.execute(delete(Learner).where(col(Learner.id).in_(learner_ids)))
