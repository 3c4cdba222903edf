"""Damaged database files are detected at start and the newest good backup comes back.

Also: the backup rotation policy, the backup made before a migration, and ``ethics-trainer db``.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.paths import resolve_paths
from ethics_trainer.services import learners
from ethics_trainer.storage.backup import (
    REASON_MIGRATION,
    auto_backup,
    backup_database,
    list_backups,
    rotate,
)
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.health import Health, recover, startup_check
from ethics_trainer.storage.integrity import FileState, check_file

T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


def make_db(path: Path, names: list[str]) -> None:
    db = open_database(f"sqlite:///{path}")
    for name in names:
        learners.create_learner(db, full_name=name)
    db.dispose()


def learner_names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT full_name FROM learner ORDER BY id")]


@pytest.fixture
def paths():
    found = resolve_paths()
    assert found.sqlite_path is not None
    return found


def test_good_and_missing_files_pass(paths) -> None:
    assert check_file(paths.sqlite_path).state is FileState.MISSING
    assert startup_check(paths).health is Health.NEW
    make_db(paths.sqlite_path, ["Nguyễn Văn An"])
    assert check_file(paths.sqlite_path).state is FileState.OK
    health = startup_check(paths, now=T0)
    assert health.health is Health.OK and health.backup_made is not None
    # at most one start-up backup per interval
    assert startup_check(paths, now=T0 + timedelta(minutes=5)).backup_made is None
    assert startup_check(paths, now=T0 + timedelta(hours=2)).backup_made is not None


@pytest.mark.parametrize("cut", [0.5, 0.9, 50 / 4096])
def test_truncated_file_is_detected(paths, cut: float) -> None:
    make_db(paths.sqlite_path, [f"Cán bộ {i}" for i in range(300)])
    size = paths.sqlite_path.stat().st_size
    with paths.sqlite_path.open("rb+") as handle:
        handle.truncate(max(1, int(size * cut)))
    result = check_file(paths.sqlite_path)
    assert result.state in (FileState.TRUNCATED, FileState.CORRUPT), result
    assert not result.ok


def test_empty_file_with_backups_is_damaged_not_new(paths) -> None:
    make_db(paths.sqlite_path, ["Trần Thị Bình"])
    backup_database(paths.sqlite_path, paths.backup_dir, now=T0)
    paths.sqlite_path.write_bytes(b"")
    health = startup_check(paths)
    assert health.health is Health.CORRUPT and health.backup is not None


def test_overwritten_header_and_page_are_detected(paths) -> None:
    make_db(paths.sqlite_path, [f"Cán bộ {i}" for i in range(300)])
    data = bytearray(paths.sqlite_path.read_bytes())
    paths.sqlite_path.write_bytes(b"%PDF-1.7 not a database at all" + bytes(data[30:]))
    assert check_file(paths.sqlite_path).state is FileState.NOT_DATABASE
    garbage = bytes((i * 37 + 11) % 256 for i in range(4096))
    data[4096 * 3 : 4096 * 4] = garbage  # a b-tree page in the middle
    paths.sqlite_path.write_bytes(bytes(data))
    assert check_file(paths.sqlite_path).state is FileState.CORRUPT
    paths.sqlite_path.write_text("Tài liệu Word lưu nhầm tên", encoding="utf-8")
    assert check_file(paths.sqlite_path).state is FileState.NOT_DATABASE


def test_restore_gives_back_newest_good_backup(paths) -> None:
    db_path = paths.sqlite_path
    make_db(db_path, ["Lê Văn Cường"])
    backup_database(db_path, paths.backup_dir, now=T0)
    make_db(db_path, ["Phạm Thị Dung"])
    newest = backup_database(db_path, paths.backup_dir, now=T0 + timedelta(days=1))
    # a damaged backup that is newer still must be skipped
    bad = paths.backup_dir / "ethics-trainer-20261130T080000Z-start.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    damaged_bytes = os.urandom(8192)
    db_path.write_bytes(damaged_bytes)
    health = startup_check(paths)
    assert health.health is Health.CORRUPT
    assert health.backup == newest
    assert str(newest) in health.message()
    aside = recover(health)
    assert aside is not None and aside.read_bytes() == damaged_bytes  # kept, never deleted
    assert learner_names(db_path) == ["Lê Văn Cường", "Phạm Thị Dung"]
    assert startup_check(paths, make_backup=False).health is Health.OK
    db = open_database(f"sqlite:///{db_path}")  # the restored file opens and takes writes
    learners.create_learner(db, full_name="Hoàng Văn Em")
    db.dispose()


def test_no_good_backup_is_said_plainly(paths) -> None:
    paths.sqlite_path.parent.mkdir(parents=True)
    paths.sqlite_path.write_bytes(b"x" * 5000)
    health = startup_check(paths)
    assert health.health is Health.CORRUPT and health.backup is None
    assert health.message()


def test_rotation_keeps_7_daily_and_4_weekly(tmp_path: Path) -> None:
    db_path = tmp_path / "src.db"
    make_db(db_path, ["Vũ Thị Giang"])
    folder = tmp_path / "backups"
    for hours in range(0, 24 * 60, 8):  # three a day for 60 days
        backup_database(db_path, folder, now=T0 + timedelta(hours=hours), reason="start")
    backup_database(db_path, folder, now=T0 + timedelta(days=1), reason=REASON_MIGRATION)
    kept = list_backups(folder)
    days = {b.taken_at.date() for b in kept if b.reason == "start"}
    weeks = {b.taken_at.isocalendar()[:2] for b in kept}
    newest = max(b.taken_at for b in kept)
    assert len(days) <= 7 + 4 and len(weeks) == 4 + 1  # the migration copy is in an old week
    assert sum(1 for b in kept if b.taken_at.date() >= (newest - timedelta(days=6)).date()) == 7
    assert any(b.reason == REASON_MIGRATION for b in kept)
    assert len(kept) <= 7 + 4 + 3
    assert rotate(folder) == []  # stable


def test_auto_backup_skips_a_damaged_database(tmp_path: Path) -> None:
    db_path = tmp_path / "x.db"
    db_path.write_bytes(b"garbage" * 100)
    assert auto_backup(db_path, tmp_path / "b") is None
    assert list_backups(tmp_path / "b") == []


def test_backup_before_migration(paths) -> None:
    paths.sqlite_path.parent.mkdir(parents=True)
    with sqlite3.connect(paths.sqlite_path) as conn:  # data made before migrations existed
        conn.execute("CREATE TABLE note (text TEXT)")
        conn.execute("INSERT INTO note VALUES ('giữ lại')")
    make_db(paths.sqlite_path, [])
    copies = list_backups(paths.backup_dir)
    assert [c.reason for c in copies] == [REASON_MIGRATION]
    with sqlite3.connect(copies[0].path) as conn:
        assert conn.execute("SELECT text FROM note").fetchall() == [("giữ lại",)]
    make_db(paths.sqlite_path, [])  # at head now: no more copies
    assert len(list_backups(paths.backup_dir)) == 1


def test_new_database_is_not_copied_and_old_revision_is(paths) -> None:
    from ethics_trainer.storage.db import Database, make_engine
    from ethics_trainer.storage.migrate import head_revision, upgrade

    url = paths.database_url
    old = Database(url, make_engine(url))
    upgrade(old, "0001")
    old.dispose()
    assert list_backups(paths.backup_dir) == []
    if head_revision() == "0001":
        pytest.skip("only one migration exists yet")
    make_db(paths.sqlite_path, [])
    copies = list_backups(paths.backup_dir)
    assert [c.reason for c in copies] == [REASON_MIGRATION]
    with sqlite3.connect(copies[0].path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_cli_db_commands(paths, capsys) -> None:
    make_db(paths.sqlite_path, ["Đặng Văn Hùng"])
    assert main(["db", "check"]) == 0
    assert main(["db", "backup"]) == 0
    assert "ethics-trainer-" in capsys.readouterr().out
    paths.sqlite_path.write_bytes(b"\x00" * 4096)
    assert main(["db", "check"]) == 1
    out = capsys.readouterr().out
    assert str(paths.sqlite_path) in out and "Traceback" not in out
    assert main(["db", "restore"]) == 0
    assert main(["db", "check"]) == 0
    assert learner_names(paths.sqlite_path) == ["Đặng Văn Hùng"]
    assert main(["db", "restore", str(paths.data_dir / "nope.db")]) == 1
    assert main(["--database", "postgresql+psycopg://x@127.0.0.1/y", "db", "backup"]) == 1
