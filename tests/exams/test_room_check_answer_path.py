"""The answer path a room check stresses, on a real PostgreSQL: one round trip per answer, no
transaction held across the network, and the statement prepared from the first fast answer.

The wire is read with libpq's own protocol trace of the PC's kept connection, so the test sees
what went to the server, not what our code says it sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethics_trainer.exams import answer_write, exam_answers
from ethics_trainer.exams.room_seats import Seat, prepare_seats, remove_seats
from ethics_trainer.storage.db import Database, open_database

pytestmark = pytest.mark.postgres


def _kept_connection(db: Database):  # type: ignore[no-untyped-def]
    writer = answer_write._WRITERS.get(db.engine)
    assert writer is not None and writer.fairy is not None, "the fast path was not taken"
    return writer.fairy.dbapi_connection


def _answer(db: Database, seat: Seat, question: int, choice: str) -> None:
    exam_answers.save_answer(
        db, seat.candidate_id, seat.machine, f"room-check-q{question}", [choice]
    )


def _prepared(conn) -> int:  # type: ignore[no-untyped-def]
    row = conn.execute(
        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO answer%'",
        prepare=False,  # not counting itself
    ).fetchone()
    return int(row[0])


def _traced(db: Database, trace: Path, answers: list[tuple[Seat, int, str]]) -> list[str]:
    """The frontend messages the kept connection sent for ``answers`` (libpq's trace)."""
    import psycopg.pq

    conn = _kept_connection(db)
    with trace.open("w") as out:
        conn.pgconn.trace(out.fileno())
        conn.pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            for seat, question, choice in answers:
                _answer(db, seat, question, choice)
        finally:
            conn.pgconn.untrace()
    lines = [line.split("\t") for line in trace.read_text().splitlines()]
    return [parts[2].strip() for parts in lines if parts[0] == "F" and len(parts) > 2]


def test_one_round_trip_per_answer_and_prepared_from_the_first(
    postgres_url: str, tmp_path: Path
) -> None:
    db = open_database(postgres_url)
    seats, definition = prepare_seats(db, 1, 6, 1)
    seat = seats[0]
    try:
        _answer(db, seat, 1, "a")  # the general path, which lets the next ones go fast
        _answer(db, seat, 2, "b")  # the first fast one opens the kept connection
        conn = _kept_connection(db)
        # ... and prepares the statement at once (psycopg's default: at the fifth)
        assert _prepared(conn) == 1
        sent = _traced(
            db,
            tmp_path / "next.trace",
            [(seat, q, c) for q, c in ((3, "c"), (4, "d"), (5, "a"), (2, "c"))],
        )
        # then each answer is one Bind/Execute/Sync: one round trip, the statement already
        # parsed and planned on the server, no BEGIN/COMMIT and no other query
        assert [m for m in sent if m != "Describe"] == ["Bind", "Execute", "Sync"] * 4, sent
        assert _kept_connection(db) is conn and _prepared(conn) == 1
        assert conn.info.transaction_status.name == "IDLE"  # nothing held across the network
        with db.engine.connect() as check:
            stored = dict(
                check.exec_driver_sql(
                    "SELECT question_id, selected_json FROM answer WHERE attempt_id = %(a)s",
                    {"a": seat.attempt_id},
                ).all()
            )
        assert {q: stored[q] for q in ("room-check-q2", "room-check-q5")} == {
            "room-check-q2": '["c"]',
            "room-check-q5": '["a"]',
        }
    finally:
        remove_seats(db, seats, definition)
        db.dispose()


def test_a_pooled_database_never_prepares_the_answer(postgres_url: str, tmp_path: Path) -> None:
    """``?pooled=1`` (PgBouncer before 1.21): still one round trip, but never a named statement."""
    setup = open_database(postgres_url)
    seats, definition = prepare_seats(setup, 1, 4, 1)
    db = open_database(f"{postgres_url}?pooled=1", migrate=False)
    try:
        _answer(db, seats[0], 1, "a")  # the general path
        _answer(db, seats[0], 2, "b")  # the first fast one opens the kept connection
        answers = [(seats[0], q, c) for q, c in ((3, "c"), (4, "d"), (2, "a"))]
        sent = _traced(db, tmp_path / "pooled.trace", answers)
        # an unnamed statement each time: parsed and run in the same round trip
        assert [m for m in sent if m != "Describe"] == ["Parse", "Bind", "Execute", "Sync"] * 3
        conn = _kept_connection(db)
        assert conn.prepare_threshold is None and _prepared(conn) == 0
    finally:
        db.dispose()
        remove_seats(setup, seats, definition)
        setup.dispose()
