"""Room PCs through PgBouncer: the ``?pooled=1`` option of the database URL (``storage/db.py``).

A training centre points its PCs at a PgBouncer in transaction mode; PgBouncer 1.18 (Debian 12)
cannot carry a prepared statement from one server connection to the next, so pooled connections
must never prepare. The PgBouncer here hands every transaction to the next server connection
(``server_round_robin``), so a prepared statement is missed at once, not by chance: the first
test proves the hazard is real, the next that the candidate's own answer path is safe from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.errors import BadPath
from ethics_trainer.exams import checkin, exam_answers, exam_start
from ethics_trainer.exams.room_simulator import conninfo
from ethics_trainer.i18n import current_language, set_language
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import open_database, pooled_url
from tests.exams.helpers import make_exam
from tests.postgres import PgBouncer, PgServer, start_pgbouncer


@pytest.fixture(scope="module")
def bouncer(postgres_server: PgServer) -> Iterator[PgBouncer]:
    """Two server connections, used in turn by every transaction."""
    found, reason = start_pgbouncer(postgres_server, 2, round_robin=True)
    if found is None:
        pytest.skip(reason)
    yield found
    found.stop()


def _both_backends_open(bouncer: PgBouncer, server_url: str) -> None:
    """Two transactions at once make PgBouncer open both server connections, so that from now
    on consecutive transactions alternate between two backends."""
    import psycopg

    address = conninfo(bouncer.url(server_url))
    first, second = psycopg.connect(address), psycopg.connect(address)
    try:
        backends = {c.execute("SELECT pg_backend_pid()").fetchone() for c in (first, second)}
        assert len(backends) == 2
        first.commit()  # ended cleanly, both server connections stay in the pool
        second.commit()
    finally:
        first.close()
        second.close()


# -- the option ---------------------------------------------------------------------------------
def test_pooled_option_is_read_and_removed() -> None:
    plain = pooled_url("postgresql+psycopg://u:pw@centre:6432/exam?sslmode=require")
    assert not plain.pooled
    found = pooled_url("postgresql+psycopg://u:pw@centre:6432/exam?pooled=1&sslmode=require")
    assert found.pooled
    assert found.url.render_as_string(hide_password=False) == (
        "postgresql+psycopg://u:pw@centre:6432/exam?sslmode=require"
    )
    for yes in ("true", "YES", "on"):
        assert pooled_url(f"postgresql+psycopg://u@h/db?pooled={yes}").pooled
    for no in ("0", "false", "off"):
        assert not pooled_url(f"postgresql+psycopg://u@h/db?pooled={no}").pooled
    # the simulated PCs of a room check connect without it too
    assert conninfo("postgresql+psycopg://u@h:6432/db?pooled=1") == "postgresql://u@h:6432/db"


@pytest.mark.parametrize(
    ("language", "words"), [("vi", "Tùy chọn pooled chỉ nhận 1"), ("en", "pooled option takes 1")]
)
def test_a_wrong_pooled_value_is_explained(language: str, words: str) -> None:
    before = current_language()
    set_language(language)
    try:
        with pytest.raises(BadPath) as raised:
            open_database("postgresql+psycopg://u@centre:6432/exam?pooled=maybe")
    finally:
        set_language(before)
    assert words in raised.value.hint
    assert "centre:6432/exam" in raised.value.message


@pytest.mark.postgres
def test_pooled_connections_never_prepare(postgres_url: str) -> None:
    plain = open_database(postgres_url)
    pooled = open_database(f"{postgres_url}?pooled=1")
    try:
        for db, expected in ((plain, 5), (pooled, None)):
            fairy = db.engine.raw_connection()
            try:
                assert fairy.dbapi_connection is not None
                assert fairy.dbapi_connection.prepare_threshold == expected
            finally:
                fairy.close()
    finally:
        plain.dispose()
        pooled.dispose()


# -- through a real PgBouncer -------------------------------------------------------------------
@pytest.mark.postgres
def test_prepared_statements_break_through_this_pgbouncer(
    bouncer: PgBouncer, postgres_url: str
) -> None:
    """The control: without the option, a statement psycopg prepared is missing next time."""
    import psycopg

    _both_backends_open(bouncer, postgres_url)
    with (
        psycopg.connect(
            conninfo(bouncer.url(postgres_url)), autocommit=True, prepare_threshold=0
        ) as conn,
        pytest.raises(psycopg.errors.InvalidSqlStatementName),
    ):
        for n in range(4):
            conn.execute("SELECT %s::int + 1", [n]).fetchone()


@pytest.mark.postgres
def test_candidates_answer_through_pgbouncer(
    bouncer: PgBouncer, postgres_url: str, sample_content
) -> None:
    """Three room PCs, each its own app database handle on ``?pooled=1``: the schema is made,
    the exam opened, the candidates checked in and 16 answers each given through PgBouncer;
    every last choice is stored, and the answers took the one-statement path."""
    clock = FixedClock(dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC))
    proctor = open_database(bouncer.url(postgres_url))  # migrates through PgBouncer too
    setup = make_exam(proctor, sample_content, clock)
    _both_backends_open(bouncer, postgres_url)
    pcs = [open_database(bouncer.url(postgres_url), migrate=False) for _ in setup.candidates]
    try:
        expected: dict[int, dict[str, tuple[str, ...]]] = {}
        attempt_of: dict[int, int] = {}
        for n, (pc, cand) in enumerate(zip(pcs, setup.candidates, strict=True)):
            machine = f"pc-{n + 1}"
            checkin.check_in(pc, cand.id, setup.session.code, machine, clock=clock)
            state = exam_start.start_exam(pc, setup.library, cand.id, machine, clock=clock)
            attempt_of[cand.id] = state.id
            expected[cand.id] = {}
            for turn in range(4):
                for q in state.questions:
                    key = q.options[(turn + n) % len(q.options)].key
                    exam_answers.save_answer(pc, cand.id, machine, q.id, [key], clock=clock)
                    expected[cand.id][q.id] = (key,)
        for cand_id, answers in expected.items():
            state = attempts.get_attempt(proctor, attempt_of[cand_id])
            stored = {qid: a.selected for qid, a in state.answers.items()}
            assert stored == answers
        # the PCs' kept connections answered (the one-statement path), without preparing
        from ethics_trainer.exams import answer_write

        for pc in pcs:
            writer = answer_write._WRITERS.get(pc.engine)
            assert writer is not None and writer.fairy is not None
            assert writer.fairy.dbapi_connection.prepare_threshold is None
    finally:
        for pc in pcs:
            pc.dispose()
        proctor.dispose()
