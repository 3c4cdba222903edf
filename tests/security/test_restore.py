"""Issue #12, point 5: ``db restore`` needs the admin password, refuses a file that is not an
Ethics Trainer database of a known schema version (the current one stays), and never leaves a
role without its password.

Before, any SQLite file was put in place without a password; the next command migrated it into
an empty Ethics Trainer database, and ``admin set-password`` then gave anyone the admin role.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.exams import passwords
from ethics_trainer.paths import resolve_paths
from ethics_trainer.services import learners
from ethics_trainer.storage.db import open_database

from .helpers import ADMIN_PASSWORD


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """An installation with one real person, an admin password and a backup of before it."""
    paths = resolve_paths(tmp_path / "data").ensure()
    assert paths.sqlite_path is not None
    db = open_database(paths.database_url)
    learners.create_learner(db, full_name="Đặng Văn Hùng", employee_code="HN777")
    db.dispose()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["db", "backup"]) == 0  # a backup from before any password was set
    db = open_database(paths.database_url)
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    db.dispose()
    return paths


def _names(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [r[0] for r in conn.execute("SELECT full_name FROM learner")]


def _restore(*argv: str, env: str | None, monkeypatch) -> int:
    if env is None:
        monkeypatch.delenv("ETHICS_TRAINER_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", env)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return main(["db", "restore", *argv])


def test_a_foreign_file_is_refused_and_the_database_stays(installed, tmp_path, monkeypatch, capsys):
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('x')")
    before = installed.sqlite_path.read_bytes()
    assert _restore(str(foreign), env=ADMIN_PASSWORD, monkeypatch=monkeypatch) == 1
    err = capsys.readouterr().err
    assert "không phải cơ sở dữ liệu của Ethics Trainer" in err and "Traceback" not in err
    assert installed.sqlite_path.read_bytes() == before
    assert not list(installed.sqlite_path.parent.glob("*.before-restore-*"))


def test_an_unknown_schema_version_is_refused(installed, tmp_path, monkeypatch, capsys):
    newer = tmp_path / "newer.db"
    shutil.copy(installed.sqlite_path, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0999'")
    assert _restore(str(newer), env=ADMIN_PASSWORD, monkeypatch=monkeypatch) == 1
    assert "0999" in capsys.readouterr().err
    assert _names(installed.sqlite_path) == ["Đặng Văn Hùng"]


def test_restore_needs_the_admin_password_and_keeps_it(installed, monkeypatch, capsys):
    db = open_database(installed.database_url)
    learners.create_learner(db, full_name="Người mới thêm")
    db.dispose()
    assert _restore(env=None, monkeypatch=monkeypatch) == 1  # no password
    assert _restore(env="sai-mat-khau", monkeypatch=monkeypatch) == 1
    assert sorted(_names(installed.sqlite_path)) == ["Người mới thêm", "Đặng Văn Hùng"]
    # the newest backup predates the password; restoring it keeps the current one
    assert _restore(env=ADMIN_PASSWORD, monkeypatch=monkeypatch) == 0
    assert _names(installed.sqlite_path) == ["Đặng Văn Hùng"]
    monkeypatch.delenv("ETHICS_TRAINER_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO("chiem-quyen-1\n"))
    assert main(["admin", "set-password"]) == 1  # the admin role is not open for the taking
    db = open_database(installed.database_url)
    passwords.verify_password(db, "admin", ADMIN_PASSWORD)
    db.dispose()
