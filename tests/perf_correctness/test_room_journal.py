"""room-check journals every answer it sends and proves ``lost = sent − stored`` exactly.

Issue #12 item 6: with PostgreSQL stopped ``-m immediate`` mid-run, the old room-check
counted answers it had merely failed to send as lost (or crashed); now they stay in the
journal, are replayed when the server answers again, and nothing is lost.
"""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from ethics_trainer.exams.room_check import run_room_check
from ethics_trainer.storage.db import open_database


def _dsn(server, url: str) -> str:
    return f"host=127.0.0.1 port={server.port} user=postgres dbname={url.rsplit('/', 1)[-1]}"


def _stop_after_answers(server, url: str, count: int, stopped: threading.Event) -> None:
    """Stop the server (immediate: no shutdown checkpoint) once ``count`` answers are stored."""
    with psycopg.connect(_dsn(server, url), autocommit=True) as conn:
        while conn.execute("SELECT count(*) FROM answer").fetchone()[0] < count:  # type: ignore[index]
            time.sleep(0.01)  # polling a condition, not timing anything
    server.stop("immediate")
    stopped.set()


@pytest.mark.postgres
def test_server_stopped_immediate_mid_run_loses_nothing(postgres_server, postgres_url) -> None:
    from ethics_trainer import i18n

    i18n.set_language("en")  # the progress lines in English (conftest restores the language)
    open_database(postgres_url).dispose()
    stopped = threading.Event()
    restarted: list[str] = []

    def progress(text: str) -> None:
        if text.startswith("reconciling"):
            assert stopped.wait(60)
            postgres_server.start()  # the server comes back; the journal is replayed
            restarted.append(text)

    stopper = threading.Thread(
        target=_stop_after_answers, args=(postgres_server, postgres_url, 20, stopped), daemon=True
    )
    stopper.start()
    try:
        result = run_room_check(
            postgres_url, 6, 20, pace=0.1, workers=2, progress=progress, reconnect_timeout=120
        )
    finally:
        stopper.join(60)
        if not restarted:
            postgres_server.start()
    assert restarted, "the outage left no answer unconfirmed: the test did not test anything"
    assert result.sent == 120 and result.not_sent == 0
    assert result.replayed > 0 and result.confirmed + result.replayed == 120
    assert (result.written, result.lost) == (120, 0), result.journal_line()
    assert result.journal_line().endswith("lost = sent − stored = 0")


@pytest.mark.postgres
def test_lost_is_exactly_what_the_server_dropped(postgres_server, postgres_url) -> None:
    db = open_database(postgres_url)
    db.dispose()
    with psycopg.connect(_dsn(postgres_server, postgres_url), autocommit=True) as conn:
        # A server that acknowledges an answer and keeps nothing of it, for one question.
        conn.execute(
            """CREATE FUNCTION drop_q2() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN IF NEW.question_id = 'room-check-q2' THEN RETURN NULL; END IF;
               RETURN NEW; END $$"""
        )
        conn.execute(
            "CREATE TRIGGER drop_q2 BEFORE INSERT ON answer FOR EACH ROW EXECUTE FUNCTION drop_q2()"
        )
    result = run_room_check(postgres_url, 5, 4, workers=2, reconnect_timeout=10)
    assert result.sent == 20
    assert (result.lost, result.written) == (5, 15), result.journal_line()
    assert result.summary().startswith("written 15, lost 5, p50 ")


def test_sqlite_room_check_journals_too(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'room.db'}"
    result = run_room_check(url, 3, 2, workers=1)
    assert (result.sent, result.confirmed, result.written, result.lost) == (6, 6, 6, 0)
    assert result.journal_line().endswith("= 0")


def test_a_sent_line_is_on_disk_before_the_answer_goes(tmp_path) -> None:
    """``S`` reaches the file at once (a kill right after still knows the answer was sent);
    ``A`` may wait for the next ``S``: read back, an unconfirmed answer is one to replay."""
    from ethics_trainer.exams.room_journal import Journal, read_journals
    from ethics_trainer.exams.room_seats import Seat

    seat = Seat(7, "pc-7", 70)
    path = tmp_path / "w.journal"
    journal = Journal(path)
    journal.sent(seat, "q1", "a")
    assert path.read_text() == "S\t7\tq1\ta\n"  # what another process (the reader) sees now
    journal.confirmed(seat, "q1", "a")
    state = read_journals(tmp_path)  # killed here: q1 was sent, its confirmation not written
    assert state.last_sent == {(7, "q1"): "a"} and state.confirmed <= {(7, "q1")}
    journal.sent(seat, "q2", "b")  # the next send carries the confirmation before it
    state = read_journals(tmp_path)
    assert state.confirmed == {(7, "q1")} and state.last_sent[(7, "q2")] == "b"
    journal.close()
