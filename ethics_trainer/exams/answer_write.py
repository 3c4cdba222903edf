"""An exam answer from a PC in one round trip to PostgreSQL: the room's hot path.

Why: in a room of 100 PCs the tail latency of an answer came from its round trips, not from
the insert: the pool's ping, ``BEGIN``, three reads of candidate, session and learner, the
attempt claim, the snapshot read, the row read, the upsert, the whole state read back and
``COMMIT``. Here it is one statement in autocommit on a connection the PC keeps: it checks that
this PC may answer now (session open, candidate not locked and on this PC, attempt open,
before its deadline), locks the attempt row only inside the server while the statement runs
(as a submission would, so an answer never lands after scoring) and upserts the answer. The
kept connection prepares it on its first use (:data:`PREPARE_AT`): psycopg's default waits for
the fifth, and each unprepared answer is parsed and planned again, about twice the server's
CPU of a prepared one (``bench/notes/33-room-hr.md``, fourth round). A connection through a
pooler that cannot carry prepared statements (``?pooled=1``) never prepares.

This is an optimisation inside the one answer writer (``services/attempts.save_answer``), which
calls it through the exam seat (``exams/exam_answers.ExamSeat``). Anything unusual (first answer of
a candidate on this PC, a question not in the attempt, 0 rows because the rules say no) returns
None and the writer takes its general path, which stores the answer or raises the right
message under the same rules (``tests/records/test_one_answer_writer.py`` compares the two).
SQLite (one file on this PC, no network) always takes the general path.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from ethics_trainer.errors import DatabaseUnavailable
from ethics_trainer.i18n import tr
from ethics_trainer.quiz.snapshot import Positions, QuestionSnapshot, Selection, Snapshot
from ethics_trainer.storage.json_record import encode

# One statement: check and lock in the CTE, upsert from it. 0 rows: the rules said no.
ANSWER_SQL = """\
WITH open_attempt AS (
    SELECT a.id FROM attempt AS a
    JOIN exam_candidate AS c ON c.attempt_id = a.id
    JOIN exam_session AS s ON s.id = c.session_id
    WHERE a.id = %(attempt_id)s AND c.id = %(candidate_id)s AND c.machine = %(machine)s
      AND NOT c.locked AND s.ended_at IS NULL AND a.submitted_at IS NULL
      AND (a.deadline IS NULL
           OR %(now)s < a.deadline + coalesce(a.extra_seconds, 0) * interval '1 second')
    FOR NO KEY UPDATE OF a
)
INSERT INTO answer (attempt_id, question_id, position, selected_json, flagged, answered_at)
SELECT id, %(question_id)s, %(position)s, %(selected_json)s, false, %(now)s FROM open_attempt
ON CONFLICT (attempt_id, question_id)
DO UPDATE SET selected_json = EXCLUDED.selected_json, answered_at = EXCLUDED.answered_at
RETURNING attempt_id"""

Keys = Positions  # question id -> (position, option keys)
PREPARE_AT = 0  # psycopg prepare_threshold of an answering connection: prepared at first use


@dataclass(frozen=True)
class Target:
    """What a PC knows about its candidate's attempt once the full path has written to it."""

    attempt_id: int
    keys: Keys


def keys_of(questions: Iterable[QuestionSnapshot | Mapping[str, Any]]) -> Keys:
    return Snapshot.of(questions).positions()


def answer_params(
    target: Target,
    candidate_id: int,
    machine: str,
    question_id: str,
    selected: Iterable[str],
    now: datetime,
) -> dict[str, Any] | None:
    """The statement's parameters, or None when the question is not in the attempt."""
    found = target.keys.get(question_id)
    if found is None:
        return None
    position, allowed = found
    return {
        "attempt_id": target.attempt_id,
        "candidate_id": candidate_id,
        "machine": machine,
        "now": now,
        "question_id": question_id,
        "position": position,
        "selected_json": encode(Selection.of(selected, allowed)),
    }


@dataclass
class _Writer:
    """One kept autocommit connection per engine (a PC), used by one thread at a time."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    fairy: Any = None  # the pool's wrapper of the psycopg connection
    targets: dict[int, Target] = field(default_factory=dict)
    threshold: int | None = None  # the pool's prepare_threshold, given back with the connection

    def connection(self, engine: Engine) -> Any:
        if self.fairy is None:
            fairy = engine.raw_connection()
            raw = fairy.dbapi_connection
            assert raw is not None  # a fresh checkout is connected
            raw.autocommit = True
            self.threshold = raw.prepare_threshold
            if self.threshold is not None:  # None: a pooler that cannot keep them (pooled_url)
                raw.prepare_threshold = PREPARE_AT
            self.fairy = fairy
        return self.fairy.dbapi_connection

    def drop(self, *, broken: bool) -> None:
        fairy, self.fairy = self.fairy, None
        if fairy is None:
            return
        try:
            if broken:
                fairy.invalidate()
            else:
                fairy.dbapi_connection.autocommit = False
                fairy.dbapi_connection.prepare_threshold = self.threshold
                fairy.close()
        except Exception:  # a connection that is already gone has nothing to give back
            pass


_WRITERS: weakref.WeakKeyDictionary[Engine, _Writer] = weakref.WeakKeyDictionary()
_WRITERS_LOCK = threading.Lock()


def _writer(engine: Engine) -> _Writer:
    with _WRITERS_LOCK:
        writer = _WRITERS.get(engine)
        if writer is None:
            writer = _WRITERS[engine] = _Writer()
            event.listen(engine, "engine_disposed", _release)
        return writer


def _release(engine: Engine) -> None:
    """The engine is disposed: give the kept connection back so the server can drop it."""
    writer = _WRITERS.pop(engine, None)
    if writer is not None:
        with writer.lock:
            writer.drop(broken=False)


def remember(
    engine: Engine,
    candidate_id: int,
    attempt_id: int,
    questions: Iterable[QuestionSnapshot | Mapping[str, Any]],
) -> None:
    """After the full path wrote an answer: the next answers of this candidate go fast."""
    if engine.dialect.name == "postgresql":
        _writer(engine).targets[candidate_id] = Target(attempt_id, keys_of(questions))


def write_target(
    engine: Engine,
    candidate_id: int,
    machine: str,
    question_id: str,
    selected: Iterable[str],
    now: datetime,
) -> int | None:
    """Store the answer in one round trip; the attempt it went into, or None: take the full path
    (nothing was written)."""
    if engine.dialect.name != "postgresql":
        return None
    import psycopg

    writer = _writer(engine)
    target = writer.targets.get(candidate_id)
    params = (
        answer_params(target, candidate_id, machine, question_id, selected, now)
        if target is not None
        else None
    )
    if params is None or target is None:
        return None
    with writer.lock:
        try:
            row = writer.connection(engine).execute(ANSWER_SQL, params).fetchone()
        except (psycopg.OperationalError, psycopg.InterfaceError, OperationalError) as exc:
            writer.drop(broken=True)
            raise DatabaseUnavailable(tr("errors.database_unreachable"), str(exc)) from exc
        except psycopg.Error:
            writer.drop(broken=True)
            return None  # e.g. a schema this statement does not know: the full path decides
    if row is None:
        writer.targets.pop(candidate_id, None)  # the rules said no: ask the full path next time
        return None
    return target.attempt_id
