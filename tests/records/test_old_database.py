"""A data folder made by the version before typed records (commit 86f2d68) opens unchanged.

``fixtures/v86f2d68/`` was written by that version's own code (``make_old_fixture.py`` beside
this file, run against a checkout of 86f2d68): a submitted quiz, an open quiz and a sealed exam
session with its seal key. Typed records and UTC columns must read it, write next to it in the
same text format, and keep its exam seal verifying.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import seal_verify
from ethics_trainer.quiz.snapshot import QuestionSnapshot, Selection, Snapshot
from ethics_trainer.services import attempts
from ethics_trainer.storage import json_record
from ethics_trainer.storage.db import open_database

FIXTURE = Path(__file__).parent / "fixtures" / "v86f2d68"
STARTED = datetime(2026, 11, 24, 8, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def old_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    (folder / "ethics-trainer-seal.key").chmod(0o600)  # as the proctor PC keeps it (git does not)
    return folder


def _raw(folder: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(folder / "ethics.db") as conn:
        return conn.execute(sql).fetchall()


def test_old_attempts_read_as_typed_records_with_utc_times(old_folder: Path) -> None:
    db = open_database(f"sqlite:///{old_folder / 'ethics.db'}")
    done = attempts.get_attempt(db, 1)
    assert done.finished and done.submit_reason == "user"
    assert isinstance(done.questions[0], QuestionSnapshot)
    assert done.started_at == STARTED and done.started_at.tzinfo is UTC
    assert done.submitted_at is not None and done.submitted_at.tzinfo is UTC
    assert done.submitted_at == STARTED + timedelta(seconds=7.25 * 2 + 30)
    answered = [q.id for q in done.questions if done.answers.get(q.id, None)]
    assert len(answered) == 3  # two answers and one flag
    assert done.answers[done.questions[2].id].flagged
    first = done.questions[0]
    assert done.answers[first.id].selected == tuple(
        sorted(o.key for o in first.options if o.correct)
    )
    assert done.correct_count == 2
    still_open = attempts.get_attempt(db, 2)
    assert not still_open.finished
    assert still_open.answers[still_open.questions[0].id].selected == ("a", "b")
    db.dispose()


def test_stored_text_re_encodes_to_the_same_bytes(old_folder: Path) -> None:
    """The JSON columns are byte-compatible: decoding and encoding again changes nothing."""
    snapshots = _raw(old_folder, "SELECT questions_json FROM attempt")
    assert snapshots
    for (text,) in snapshots:
        assert json_record.encode(json_record.decode(Snapshot, text)) == text
    selections = _raw(old_folder, "SELECT selected_json FROM answer")
    assert any(text != "[]" for (text,) in selections)
    for (text,) in selections:
        assert json_record.encode(json_record.decode(Selection, text)) == text


def test_new_writes_use_the_old_text_formats(old_folder: Path) -> None:
    db = open_database(f"sqlite:///{old_folder / 'ethics.db'}")
    state = attempts.get_attempt(db, 2)
    clock = FixedClock(STARTED + timedelta(minutes=1))
    question = state.questions[1]
    keys = [o.key for o in question.options]
    attempts.save_answer(db, 2, question.id, [keys[-1], "zz", keys[0]], clock=clock)
    db.dispose()
    old_times = _raw(old_folder, "SELECT answered_at FROM answer WHERE attempt_id = 1")
    (new,) = _raw(
        old_folder,
        f"SELECT selected_json, answered_at FROM answer WHERE question_id = '{question.id}'"
        " AND attempt_id = 2",
    )
    assert new[0] == json.dumps(sorted([keys[-1], keys[0]]))
    assert new[1] == "2026-11-24 08:01:00.123456"
    assert all(len(t) == len(new[1]) and t[10] == " " for (t,) in old_times)


def test_a_session_sealed_by_the_old_version_still_verifies(old_folder: Path) -> None:
    db = open_database(f"sqlite:///{old_folder / 'ethics.db'}")
    verdict = seal_verify.verify_session(db, 1)
    assert verdict.problems == []
    assert verdict.notes == []  # its definition's stored parts hash as they were sealed
    assert verdict.verified == 2
    assert set(verdict.by_candidate.values()) == {"ok"}
    db.dispose()


def test_the_seal_notices_a_changed_old_answer(old_folder: Path) -> None:
    """The check above can fail: one stored answer changed in the old file breaks the seal."""
    with sqlite3.connect(old_folder / "ethics.db") as conn:
        conn.execute(
            "UPDATE answer SET selected_json = '[\"zz\"]' WHERE id = ("
            "SELECT min(id) FROM answer WHERE attempt_id = ("
            "SELECT attempt_id FROM exam_candidate WHERE attempt_id IS NOT NULL LIMIT 1))"
        )
    db = open_database(f"sqlite:///{old_folder / 'ethics.db'}")
    verdict = seal_verify.verify_session(db, 1)
    assert list(verdict.by_candidate.values()).count("ok") == 1, verdict
    db.dispose()
