"""The same storage and quiz engine on a real PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.services import attempts, learners
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.migrate import current_revision, head_revision

pytestmark = pytest.mark.postgres


def test_quiz_round_trip_on_postgres(postgres_url: str, sample_content: Path) -> None:
    course = load_library(sample_content).courses[0]
    clock = FixedClock()
    db = open_database(postgres_url)
    assert current_revision(db) == head_revision()
    me = learners.create_learner(
        db, full_name="Nguyễn Thị Hồng Nhung", unit="Quận Hoàn Kiếm", clock=clock
    )
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=11, clock=clock)
    for q in state.questions:
        keys = [o.key for o in q.options if o.correct]
        attempts.record_answer(db, state.id, q.id, keys, clock=clock)
    db.dispose()
    db = open_database(postgres_url)
    result = attempts.submit_attempt(db, state.id, clock=clock)
    assert result.score == 100.0 and result.passed
    assert learners.get_learner(db, me.id).full_name == "Nguyễn Thị Hồng Nhung"
    assert result.deadline == state.deadline
    db.dispose()


def test_cli_check_with_postgres_url_option(
    postgres_url: str, sample_content: Path, capsys
) -> None:
    from ethics_trainer.cli.main import main

    assert main(["--database", postgres_url, "check", str(sample_content)]) == 0
    assert capsys.readouterr().out.strip().endswith("0 errors, 0 warnings")


def test_save_answer_upserts_on_postgres(postgres_url: str, sample_content: Path) -> None:
    course = load_library(sample_content).courses[0]
    clock = FixedClock()
    db = open_database(postgres_url)
    me = learners.create_learner(db, full_name="Bùi Thị Ngọc", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=12, clock=clock)
    qid = state.questions[0].id
    keys = [o.key for o in state.questions[0].options]
    attempts.save_answer(db, state.id, qid, [keys[0]], clock=clock)
    attempts.save_answer(db, state.id, qid, [keys[1]], clock=clock)
    assert attempts.get_attempt(db, state.id).answers[qid].selected == (keys[1],)
    db.dispose()


def test_a_room_of_pcs_creating_the_schema_at_once(postgres_url: str) -> None:
    """Several PCs start a new version against one empty server at the same moment: one
    migrates, the others wait for it; nobody gets an error."""
    import threading

    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def pc() -> None:
        try:
            start.wait(10)
            open_database(postgres_url).dispose()
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=pc, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a PC is stuck migrating"
    assert errors == []
    db = open_database(postgres_url)
    assert current_revision(db) == head_revision()
    db.dispose()
