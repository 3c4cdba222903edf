"""Inside the one answer writer (``services/attempts.save_answer``): the rules checked
under the attempt's lock, and the upsert that stores the answer.

The writer is the same for a quiz, practice and an exam; a :class:`Seat` (an exam candidate
on one PC) only adds checks and may store the answer faster under exactly the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import bindparam
from sqlalchemy.engine import Connection
from sqlalchemy.sql import Executable
from sqlmodel import Session, col, select

from ethics_trainer.errors import NotFoundError, UserError
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.snapshot import Selection, Snapshot
from ethics_trainer.services.attempt_claim import claim_open
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Answer, Attempt


@dataclass(frozen=True)
class SaveResult:
    """What storing one answer tells the screen: whether the attempt is now over."""

    attempt_id: int
    finished: bool  # the deadline had passed: the attempt was submitted instead


class Seat(Protocol):
    """Rules a caller adds to the writer for one seat (an exam candidate on one PC:
    ``exams/exam_answers.ExamSeat``), and its one-statement PostgreSQL fast path.

    The writer is the same for a quiz, practice and an exam; a seat only adds checks and may
    store the answer faster under exactly the same rules.
    """

    def write_fast(
        self, db: Database, question_id: str, selected: Sequence[str], now: datetime
    ) -> int | None:
        """The attempt id if the answer was stored in one statement; None: nothing was written."""
        ...

    def attempt_id(self, session: Session) -> int:
        """Check the seat's rules inside the writer's transaction (raise the person's message)
        and give the attempt it answers."""
        ...

    def written(self, db: Database, attempt_id: int, snapshot: Snapshot) -> None:
        """The general path stored an answer in this open attempt (the fast path may follow)."""
        ...


# (database, attempt id, start) -> question id -> (position, option keys). An attempt's snapshot
# never changes, so it is decoded once per process instead of on every answer. The start time
# is in the key because ids repeat across databases (and a restored backup).
_CacheKey = tuple[str, int, datetime]
_SNAPSHOTS: dict[_CacheKey, Snapshot] = {}
_SNAPSHOTS_LIMIT = 256


def _snapshot(connection: Connection, key: _CacheKey) -> Snapshot:
    known = _SNAPSHOTS.get(key)
    if known is None:
        known = connection.execute(
            select(Attempt.questions).where(col(Attempt.id) == key[1])
        ).scalar_one()
        if len(_SNAPSHOTS) >= _SNAPSHOTS_LIMIT:
            _SNAPSHOTS.clear()
        _SNAPSHOTS[key] = known
    return known


_ATTEMPT_TIMES = select(
    col(Attempt.submitted_at),
    col(Attempt.deadline),
    col(Attempt.extra_seconds),
    col(Attempt.started_at),
).where(col(Attempt.id) == bindparam("attempt_id"))
_ANSWER_TABLE = Answer.__table__  # type: ignore[attr-defined]  # SQLModel declares no __table__
_UPSERTS: dict[str, Executable] = {}


def _upsert_statement(dialect: str) -> Executable:
    """INSERT … ON CONFLICT DO UPDATE for one answer, built once per dialect. The flag and
    the position of an existing row are kept; the selection and its time are replaced."""
    if dialect not in _UPSERTS:
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            statement: Any = pg_insert(_ANSWER_TABLE)
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            statement = sqlite_insert(_ANSWER_TABLE)
        else:
            raise UserError(tr("errors.cannot_open_database"), f"unsupported database {dialect}")
        _UPSERTS[dialect] = statement.on_conflict_do_update(
            index_elements=["attempt_id", "question_id"],
            set_={
                "selected_json": statement.excluded.selected_json,
                "answered_at": statement.excluded.answered_at,
            },
        )
    return _UPSERTS[dialect]


def store(
    session: Session,
    db: Database,
    attempt_id: int,
    question_id: str,
    selected: Sequence[str],
    now: datetime,
) -> Snapshot | None:
    """Inside the writer's transaction: the rules, then the upsert. None: the deadline has
    passed (nothing written). Raises when the attempt is submitted or the question is not in it."""
    connection = session.connection()
    claimed = claim_open(connection, attempt_id)
    found = connection.execute(_ATTEMPT_TIMES, {"attempt_id": attempt_id}).first()
    if found is None:
        raise NotFoundError(tr("errors.attempt_not_found", id=attempt_id))
    submitted_at: datetime | None = found[0]
    deadline: datetime | None = found[1]
    extra: int | None = found[2]
    started_at: datetime = found[3]
    if not claimed or submitted_at is not None:
        raise UserError(tr("errors.attempt_submitted"))
    if deadline is not None and now >= deadline + timedelta(seconds=extra or 0):
        return None
    snapshot = _snapshot(connection, (db.url, attempt_id, started_at))
    found_question = snapshot.positions().get(question_id)
    if found_question is None:
        raise NotFoundError(tr("errors.question_not_in_attempt", question=question_id))
    position, allowed = found_question
    connection.execute(
        _upsert_statement(connection.dialect.name),
        {
            "attempt_id": attempt_id,
            "question_id": question_id,
            "position": position,
            "selected_json": Selection.of(selected, allowed),
            "flagged": False,
            "answered_at": now,
        },
    )
    return snapshot
