"""Exam sessions: opening one with the code candidates type, finding it, and its roster.

Every change is logged in the minutes in the same transaction. What happens in the room
afterwards (check-in, answers, proctor actions, the end) has a module each.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import NotFoundError, UserError
from ethics_trainer.exams import definitions
from ethics_trainer.exams.definitions import ExamDef
from ethics_trainer.exams.events import log_event
from ethics_trainer.exams.roster import RosterRow
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.event_detail import EventDetail
from ethics_trainer.storage.models import ExamCandidate, ExamDefinition, ExamSession, Learner

_IN_CHUNK = 500  # values per IN (...): well under SQLite's variable limit
_INSERT_CHUNK = 5000  # rows per bulk insert

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room
CODE_LENGTH = 6


@dataclass(frozen=True)
class SessionInfo:
    id: int
    code: str
    definition: ExamDef
    exam_date: str
    room: str
    opened_at: datetime
    ended_at: datetime | None

    @property
    def ended(self) -> bool:
        return self.ended_at is not None


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def session_info(session: Session, row: ExamSession) -> SessionInfo:
    assert row.id is not None
    definition = session.get(ExamDefinition, row.definition_id)
    assert definition is not None
    return SessionInfo(
        id=row.id,
        code=row.code,
        definition=definitions._info(definition),
        exam_date=row.exam_date,
        room=row.room,
        opened_at=row.opened_at,
        ended_at=row.ended_at,
    )


def open_session(
    db: Database,
    definition_id: int,
    *,
    exam_date: str = "",
    room: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> SessionInfo:
    """Create a session with a fresh code that candidates type to join."""
    if definitions.get_definition(db, definition_id).archived:
        raise UserError(tr("exams.def.archived", id=definition_id))
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with db.session() as session:
                row = ExamSession(
                    definition_id=definition_id,
                    code=code,
                    exam_date=exam_date.strip() or clock.now().astimezone().date().isoformat(),
                    room=room.strip(),
                    opened_at=clock.now(),
                )
                session.add(row)
                session.flush()
                assert row.id is not None
                log_event(
                    session,
                    row.id,
                    "opened",
                    clock.now(),
                    detail=EventDetail(code=code, room=row.room),
                )
                return session_info(session, row)
        except IntegrityError:
            continue
    raise UserError(tr("exams.session.no_code"))


def get_session(db: Database, session_id: int) -> SessionInfo:
    with db.session() as session:
        row = session.get(ExamSession, session_id)
        if row is None:
            raise NotFoundError(tr("exams.session.not_found", id=session_id))
        return session_info(session, row)


def find_session(db: Database, code: str) -> SessionInfo:
    with db.session() as session:
        row = session.exec(
            select(ExamSession).where(ExamSession.code == normalize_code(code))
        ).first()
        if row is None:
            raise UserError(tr("exams.session.bad_code"))
        return session_info(session, row)


def list_sessions(db: Database, *, open_only: bool = False) -> list[SessionInfo]:
    with db.session() as session:
        query = select(ExamSession).order_by(col(ExamSession.opened_at).desc())
        if open_only:
            query = query.where(col(ExamSession.ended_at).is_(None))
        return [session_info(session, r) for r in session.exec(query).all()]


def add_roster(
    db: Database,
    session_id: int,
    rows: list[RosterRow],
    *,
    clock: Clock = SYSTEM_CLOCK,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Put each row on the session's roster (matching learners by employee code); return how
    many were added.

    Matching as before, row by row in file order: a learner (not archived) with the row's code;
    else one without a code with the same name and unit; else a new learner — whom later rows
    then match. Done with a few set-based queries and two bulk inserts in one transaction, so
    100,000 rows take seconds, not minutes (one query per row took ~3.5 ms each).
    """
    now = clock.now()
    total = len(rows)
    with db.session() as session:
        if session.get(ExamSession, session_id) is None:
            raise NotFoundError(tr("exams.session.not_found", id=session_id))
        start = (
            session.exec(
                select(func.max(ExamCandidate.row_no)).where(ExamCandidate.session_id == session_id)
            ).first()
            or 0
        )
        by_code: dict[str, int | tuple[str, int] | None] = {}
        by_name: dict[tuple[str, str], int | tuple[str, int] | None] = {}
        codes = sorted({r.employee_code for r in rows if r.employee_code})
        for i in range(0, len(codes), _IN_CHUNK):
            found = session.exec(
                select(Learner.id, Learner.employee_code)
                .where(
                    col(Learner.employee_code).in_(codes[i : i + _IN_CHUNK]),
                    col(Learner.archived).is_(False),
                )
                .order_by(col(Learner.id))
            ).all()
            for learner_id, code in found:
                by_code.setdefault(code, learner_id)
        for learner_id, name, unit in session.exec(
            select(Learner.id, Learner.full_name, Learner.unit)
            .where(Learner.employee_code == "", col(Learner.archived).is_(False))
            .order_by(col(Learner.id))
        ).all():
            by_name.setdefault((name, unit), learner_id)
        # Each row's learner: an id, or ("new", n) for the n-th learner this roster creates.
        new_rows: list[RosterRow] = []
        planned: list[tuple[int, int | tuple[str, int]]] = []
        for i, row in enumerate(rows, start=1):
            match: int | tuple[str, int] | None = None
            if row.employee_code:
                match = by_code.get(row.employee_code)
            if match is None:
                match = by_name.get((row.full_name, row.unit))
            if match is None:
                match = ("new", len(new_rows))
                new_rows.append(row)
                if row.employee_code:
                    by_code[row.employee_code] = match
                else:
                    by_name[(row.full_name, row.unit)] = match
            planned.append((start + i, match))
        new_ids: list[int] = []
        for i in range(0, len(new_rows), _INSERT_CHUNK):
            chunk = new_rows[i : i + _INSERT_CHUNK]
            result = session.execute(
                insert(Learner).returning(col(Learner.id), sort_by_parameter_order=True),
                [
                    {
                        "full_name": r.full_name,
                        "employee_code": r.employee_code,
                        "unit": r.unit,
                        "position": r.position,
                        "created_at": now,
                        "archived": False,
                    }
                    for r in chunk
                ],
            )
            returned: list[int] = list(result.scalars().all())
            new_ids.extend(returned)
            if progress is not None:
                progress(i + len(chunk), total + len(new_rows))
        existing = set(
            session.exec(
                select(ExamCandidate.learner_id).where(ExamCandidate.session_id == session_id)
            ).all()
        )
        candidates: list[dict[str, int]] = []
        for row_no, match in planned:
            learner_id = new_ids[match[1]] if isinstance(match, tuple) else match
            if learner_id in existing:
                continue
            existing.add(learner_id)
            candidates.append(
                {"session_id": session_id, "learner_id": learner_id, "row_no": row_no}
            )
        for i in range(0, len(candidates), _INSERT_CHUNK):
            session.execute(insert(ExamCandidate), candidates[i : i + _INSERT_CHUNK])
        if progress is not None:
            progress(total + len(new_rows), total + len(new_rows))
        added = len(candidates)
        log_event(session, session_id, "roster", now, detail=EventDetail(count=added))
    return added
