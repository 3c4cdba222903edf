"""Exam sessions: open, roster, session code, check-in, moves, extra time, locks, end.

Every change is logged in the minutes in the same transaction. A candidate may answer only
from the PC recorded as theirs (``machine``); another PC asks, and the proctor approves the
move. Time left is always the stored deadline (plus extra time) minus now.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import NotFoundError, UserError
from ethics_trainer.exams import answer_write, definitions
from ethics_trainer.exams.definitions import ExamDef
from ethics_trainer.exams.events import log_event
from ethics_trainer.exams.roster import RosterRow
from ethics_trainer.i18n import tr, trn
from ethics_trainer.quiz.snapshot import Selection, Snapshot
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.services import attempts
from ethics_trainer.services.attempts import effective_deadline
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import (
    Answer,
    Attempt,
    ExamCandidate,
    ExamDefinition,
    ExamEvent,
    ExamSession,
    Learner,
)

log = logging.getLogger(__name__)
_IN_CHUNK = 500  # values per IN (...): well under SQLite's variable limit
_INSERT_CHUNK = 5000  # rows per bulk insert

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room
CODE_LENGTH = 6

STATUS_REGISTERED = "registered"
STATUS_CHECKED_IN = "checked_in"
STATUS_IN_PROGRESS = "in_progress"
STATUS_SUBMITTED = "submitted"


class CandidateLocked(UserError):
    """The proctor has locked this candidate."""


class SessionEnded(UserError):
    """The session is over; no more answers."""


class MoveNeedsApproval(UserError):
    """The candidate is working on another PC; the proctor must approve the move."""


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


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _session_info(session: Session, row: ExamSession) -> SessionInfo:
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
                log_event(session, row.id, "opened", clock.now(), code=code, room=row.room)
                return _session_info(session, row)
        except IntegrityError:
            continue
    raise UserError(tr("exams.session.no_code"))


def get_session(db: Database, session_id: int) -> SessionInfo:
    with db.session() as session:
        row = session.get(ExamSession, session_id)
        if row is None:
            raise NotFoundError(tr("exams.session.not_found", id=session_id))
        return _session_info(session, row)


def find_session(db: Database, code: str) -> SessionInfo:
    with db.session() as session:
        row = session.exec(
            select(ExamSession).where(ExamSession.code == normalize_code(code))
        ).first()
        if row is None:
            raise UserError(tr("exams.session.bad_code"))
        return _session_info(session, row)


def list_sessions(db: Database, *, open_only: bool = False) -> list[SessionInfo]:
    with db.session() as session:
        query = select(ExamSession).order_by(col(ExamSession.opened_at).desc())
        if open_only:
            query = query.where(col(ExamSession.ended_at).is_(None))
        return [_session_info(session, r) for r in session.exec(query).all()]


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
        log_event(session, session_id, "roster", now, count=added)
    return added


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


def _candidate(session: Session, candidate_id: int) -> tuple[ExamCandidate, ExamSession, Learner]:
    cand = session.get(ExamCandidate, candidate_id)
    if cand is None:
        raise NotFoundError(tr("exams.candidate.not_found", id=candidate_id))
    sess = session.get(ExamSession, cand.session_id)
    learner = session.get(Learner, cand.learner_id)
    assert sess is not None and learner is not None
    return cand, sess, learner


def check_in(
    db: Database, candidate_id: int, code: str, machine: str, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Admit the candidate on this PC, or ask the proctor for a move from their old PC."""
    now = clock.now()
    with db.session() as session:
        cand, sess, learner = _candidate(session, candidate_id)
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
                log_event(
                    session,
                    sess.id,
                    "checkin",
                    now,
                    candidate_id=cand.id,
                    name=learner.full_name,
                    machine=machine,
                )
                return
            session.refresh(cand)
        if cand.machine == machine:
            if cand.attempt_id is not None:
                log_event(
                    session,
                    sess.id,
                    "resumed",
                    now,
                    candidate_id=cand.id,
                    name=learner.full_name,
                    machine=machine,
                )
            return
        if cand.move_to != machine:
            cand.move_to = machine
            session.add(cand)
            log_event(
                session,
                sess.id,
                "move_requested",
                now,
                candidate_id=cand.id,
                name=learner.full_name,
                old=cand.machine,
                machine=machine,
            )
        session.commit()
        raise MoveNeedsApproval(tr("exams.move.wait"), tr("exams.move.wait_hint"))


def approve_move(db: Database, candidate_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    with db.session() as session:
        cand, sess, learner = _candidate(session, candidate_id)
        if not cand.move_to:
            raise UserError(tr("exams.move.none"))
        old, cand.machine, cand.move_to = cand.machine, cand.move_to, ""
        session.add(cand)
        log_event(
            session,
            sess.id or 0,
            "move_approved",
            clock.now(),
            candidate_id=cand.id,
            name=learner.full_name,
            old=old,
            machine=cand.machine,
        )


def _guard(
    session: Session, candidate_id: int, machine: str
) -> tuple[ExamCandidate, ExamSession, Learner]:
    cand, sess, learner = _candidate(session, candidate_id)
    if sess.ended_at is not None:
        raise SessionEnded(tr("exams.session.ended"))
    if cand.locked:
        raise CandidateLocked(tr("exams.candidate.locked"))
    if cand.machine != machine:
        raise MoveNeedsApproval(tr("exams.move.wait"), tr("exams.move.wait_hint"))
    return cand, sess, learner


def _lock_candidate(session: Session, candidate_id: int) -> None:
    """Lock the candidate's row as the first statement of a writing transaction.

    PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: a no-op UPDATE, which takes the database's
    write lock (as ``services.attempts._claim_open`` does), so two starts of one candidate
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


def start_exam(
    db: Database, library: Library, candidate_id: int, machine: str, *, clock: Clock = SYSTEM_CLOCK
) -> AttemptState:
    """The candidate's attempt: created (deadline stored) on first start, resumed after.

    The attempt is created and linked to the candidate in one transaction, with the
    candidate's row locked first: a crash leaves no attempt without its candidate, and two
    starts at once (two clicks, two PCs) give one attempt.
    """
    with db.session() as session:
        _lock_candidate(session, candidate_id)
        cand, sess, learner = _guard(session, candidate_id, machine)
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
    log_event(
        session,
        cand.session_id,
        "started",
        clock.now(),
        candidate_id=cand.id,
        name=learner.full_name,
        questions=len(snapshot),
    )
    return attempt.id


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
            _lock_candidate(session, self.candidate_id)  # SQLite: the write lock before reading
        cand, _sess, _learner = _guard(session, self.candidate_id, self.machine)
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
        cand, _sess, _learner = _guard(session, candidate_id, machine)
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
        cand, sess, learner = _candidate(session, candidate_id)
        attempt = session.get(Attempt, cand.attempt_id) if cand.attempt_id else None
        position = ""
        if attempt is not None:
            ids = [q.id for q in attempt.questions]
            if question_id in ids:
                position = str(ids.index(question_id) + 1)
        log_event(
            session,
            sess.id or 0,
            "answer_rejected",
            clock.now(),
            candidate_id=candidate_id,
            name=learner.full_name,
            text=reason,
            question=question_id,
            position=position,
            machine=machine,
            given_at=given_at.isoformat() if given_at else "",
        )


def note_submission(db: Database, candidate_id: int, *, clock: Clock = SYSTEM_CLOCK) -> None:
    """Log the candidate's submission in the minutes once, however it happened."""
    with db.session() as session:
        cand, sess, learner = _candidate(session, candidate_id)
        attempt = session.get(Attempt, cand.attempt_id) if cand.attempt_id else None
        if attempt is None or attempt.submitted_at is None:
            return
        seen = session.exec(
            select(ExamEvent).where(
                ExamEvent.candidate_id == candidate_id, ExamEvent.kind == "submitted"
            )
        ).first()
        if seen is None:
            log_event(
                session,
                sess.id or 0,
                "submitted",
                attempt.submitted_at,
                candidate_id=candidate_id,
                name=learner.full_name,
                score=attempt.score,
                reason=attempt.submit_reason,
            )


def submit(
    db: Database, candidate_id: int, machine: str, *, clock: Clock = SYSTEM_CLOCK
) -> AttemptState:
    """The candidate hands in (or time ran out): score, seal, and log it."""
    with db.session() as session:
        cand, _sess, _learner = _candidate(session, candidate_id)
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


def grant_extra_time(
    db: Database,
    candidate_id: int,
    minutes: float,
    *,
    reason: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> datetime:
    """Add minutes to one candidate's stored deadline; return the new deadline."""
    if minutes <= 0:
        raise UserError(tr("exams.extra.bad_minutes"))
    with db.session() as session:
        cand, sess, learner = _candidate(session, candidate_id)
        attempt = session.get(Attempt, cand.attempt_id) if cand.attempt_id else None
        if attempt is None:
            raise UserError(tr("exams.candidate.not_started"))
        if attempt.submitted_at is not None:
            raise UserError(tr("exams.candidate.already_submitted"))
        attempt.extra_seconds = (attempt.extra_seconds or 0) + round(minutes * 60)
        session.add(attempt)
        log_event(
            session,
            sess.id or 0,
            "extra_time",
            clock.now(),
            candidate_id=cand.id,
            name=learner.full_name,
            minutes=minutes,
            reason=reason,
        )
        deadline = effective_deadline(attempt)
        assert deadline is not None
        return deadline


def set_locked(
    db: Database, candidate_id: int, locked: bool, *, reason: str = "", clock: Clock = SYSTEM_CLOCK
) -> None:
    with db.session() as session:
        cand, sess, learner = _candidate(session, candidate_id)
        if cand.locked == locked:
            return
        cand.locked = locked
        session.add(cand)
        log_event(
            session,
            sess.id or 0,
            "locked" if locked else "unlocked",
            clock.now(),
            candidate_id=cand.id,
            name=learner.full_name,
            reason=reason,
        )


def add_incident(
    db: Database,
    session_id: int,
    text: str,
    *,
    candidate_id: int | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """A note typed by the proctor, kept in the minutes."""
    if not text.strip():
        raise UserError(tr("exams.incident.empty"))
    with db.session() as session:
        name = ""
        if candidate_id is not None:
            _c, _s, learner = _candidate(session, candidate_id)
            name = learner.full_name
        log_event(
            session,
            session_id,
            "incident",
            clock.now(),
            candidate_id=candidate_id,
            text=text.strip(),
            name=name,
        )


def end_session(
    db: Database, session_id: int, *, clock: Clock = SYSTEM_CLOCK, data_dir: Path | None = None
) -> int:
    """Close the session, submit everyone still working, then seal (this is the proctor's
    PC); return how many were submitted.

    ``ended_at`` is set first, in its own transaction: from then on :func:`_guard` refuses new
    starts and answers, so nobody can begin while the open attempts are being handed in. Each
    attempt is then submitted on its own; one that fails is put in the minutes and the others
    are still submitted (calling this again submits what is left).
    """
    with db.session() as session:
        sess = session.get(ExamSession, session_id)
        if sess is None:
            raise NotFoundError(tr("exams.session.not_found", id=session_id))
        if sess.ended_at is None:
            sess.ended_at = clock.now()
            session.add(sess)
    count = 0
    for row in roster(db, session_id):
        if row.status != STATUS_IN_PROGRESS or row.attempt_id is None:
            continue
        try:
            attempts.submit_attempt(db, row.attempt_id, reason="ended", clock=clock)
            note_submission(db, row.id, clock=clock)
            count += 1
        except Exception as error:  # one attempt must not keep the others open
            log.exception("ending session %s: submitting attempt %s failed", session_id, row.id)
            _note_end_failure(db, session_id, row, error, clock)
    with db.session() as session:
        seen = session.exec(
            select(ExamEvent).where(ExamEvent.session_id == session_id, ExamEvent.kind == "ended")
        ).first()
        if seen is None:
            log_event(session, session_id, "ended", clock.now(), submitted=count)
    _seal(db, session_id, data_dir)
    return count


def _seal(db: Database, session_id: int, data_dir: Path | None) -> None:
    """Seal what was handed in, with this (the proctor's) PC's key. A seal that no longer
    verifies is not extended (``exam verify`` names why); the end itself still stands."""
    from ethics_trainer.exams import integrity

    try:
        integrity.seal_session(db, session_id, integrity.proctor_signer(db, data_dir))
    except integrity.SealBroken:
        log.warning("session %s ended but not sealed: its seal no longer verifies", session_id)


def _note_end_failure(
    db: Database, session_id: int, row: CandidateRow, error: BaseException, clock: Clock
) -> None:
    """Put an attempt the end could not submit in the minutes (if the database allows)."""
    try:
        with db.session() as session:
            log_event(
                session,
                session_id,
                "end_submit_failed",
                clock.now(),
                candidate_id=row.id,
                name=row.full_name,
                text=str(error) or type(error).__name__,
            )
    except Exception:
        log.exception("ending session %s: could not log the failure", session_id)


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
        cand, sess, learner = _candidate(session, candidate_id)
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
