"""The profile list: one SQL statement, read at start without SQLAlchemy or on an open database.

It must list exactly what the ORM says the profiles are (not archived, not demo, most
recently used first), on SQLite and PostgreSQL; and the start-up read must decline whenever
the full open has work or a message for the person.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.services import attempts, learners
from ethics_trainer.services.profile_list import LearnerInfo, startup_learners
from ethics_trainer.storage.db import Database, open_database
from ethics_trainer.storage.models import Learner
from ethics_trainer.storage.walguard import MARKER


def people(db: Database) -> list[int]:
    """Several profiles: used at different times, never used, archived, demo."""
    clock = FixedClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    ids = []
    for name in ("Trần Thị Bình", "Nguyễn Văn An", "Lê Văn Cường", "Phạm Thị Dung", "Đỗ Văn Em"):
        ids.append(learners.create_learner(db, full_name=name, unit="Sở Nội vụ", clock=clock).id)
    for offset, learner_id in ((2, ids[0]), (5, ids[2])):
        learners.touch_learner(
            db, learner_id, clock=FixedClock(clock.now() + timedelta(hours=offset))
        )
    with db.session() as session:
        archived = session.get(Learner, ids[3])
        demo = session.get(Learner, ids[4])
        assert archived is not None and demo is not None
        archived.archived = True
        demo.demo = True
        session.add_all([archived, demo])
    return ids


def orm_profiles(db: Database) -> list[LearnerInfo]:
    """What the ORM says (the query this module replaced, built with SQLModel)."""
    with db.session() as session:
        rows = session.exec(
            select(Learner)
            .where(col(Learner.archived).is_(False))
            .where(col(Learner.demo).is_(False))
            .order_by(col(Learner.last_used_at).desc(), col(Learner.full_name))
        ).all()
        return [
            LearnerInfo(r.id or 0, r.full_name, r.employee_code, r.unit, r.position) for r in rows
        ]


def test_sqlite_start_read_and_open_database_list_what_the_orm_says(tmp_path: Path) -> None:
    path = tmp_path / "profiles.db"
    db = open_database(f"sqlite:///{path}")
    people(db)
    expected = orm_profiles(db)
    assert [p.full_name for p in expected][:2] == ["Lê Văn Cường", "Trần Thị Bình"]
    assert len(expected) == 3
    assert learners.list_learners(db) == expected
    db.dispose()
    assert startup_learners(path) == expected


def test_postgres_open_database_lists_what_the_orm_says(postgres_url: str) -> None:
    db = open_database(postgres_url)
    try:
        people(db)
        expected = orm_profiles(db)
        assert len(expected) == 3
        assert learners.list_learners(db) == expected
    finally:
        db.dispose()


@pytest.fixture
def current(tmp_path: Path) -> Path:
    path = tmp_path / "current.db"
    db = open_database(f"sqlite:///{path}")
    learners.create_learner(db, full_name="Nguyễn Văn An")
    db.dispose()
    assert startup_learners(path) is not None
    return path


def test_no_file_yet_is_left_to_the_full_open(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert startup_learners(missing) is None
    assert not missing.exists()  # reading never makes a database


def test_an_older_schema_is_left_to_the_migrations(current: Path) -> None:
    with sqlite3.connect(current) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    connection.close()
    assert startup_learners(current) is None


def test_a_marker_of_another_or_crashed_process_is_left_to_walguard(current: Path) -> None:
    (current.parent / f"{current.name}{MARKER}abc123").write_text("")
    assert startup_learners(current) is None


def test_a_read_only_file_is_left_to_the_full_open(
    current: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, for whom nothing is read-only: the answer a person would get."""
    real = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, **kw: False if Path(p) == current else real(p, mode, **kw)
    )
    assert startup_learners(current) is None


def test_a_quiz_left_open_is_left_to_the_full_open(current: Path, sample_content: Path) -> None:
    db = open_database(f"sqlite:///{current}")
    me = learners.list_learners(db)[0]
    course = load_library(sample_content).courses[0]
    attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=1, clock=FixedClock())
    db.dispose()
    assert startup_learners(current) is None  # the full open submits it if it timed out


def test_a_file_that_is_not_a_database_is_left_to_the_full_open(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    path.write_bytes(b"not a database at all" * 100)
    assert startup_learners(path) is None  # the start-up check offers a backup instead
