"""F-ROLE-1: ``exam list`` shows every session code (anyone could join with one), and
``room-check --keep`` leaves sessions and people in the production database; before, both
ran without a password."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from ethics_trainer.cli.main import main
from ethics_trainer.exams import passwords
from ethics_trainer.storage.db import open_database

from .helpers import ADMIN_PASSWORD, HR_PASSWORD, PROCTOR_PASSWORD


@pytest.fixture
def cli(db_url, sample_content, tmp_path, monkeypatch):
    db = open_database(db_url)
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    passwords.set_password(db, "proctor", PROCTOR_PASSWORD)
    passwords.set_password(db, "hr", HR_PASSWORD)
    db.dispose()
    base = ["--lang", "en", "--data-dir", str(tmp_path / "data"), "--database", db_url]
    base += ["--content", str(sample_content)]

    def run(*argv: str, env: str | None = None) -> int:
        if env is None:
            monkeypatch.delenv("ETHICS_TRAINER_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", env)
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        return main([*base, *argv])

    return run


def _count(db_url: str, table: str) -> int:
    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        db.dispose()


def test_exam_list_needs_the_proctor(cli, capsys) -> None:
    assert cli("exam", "list") == 1
    assert cli("exam", "list", env=HR_PASSWORD) == 1
    capsys.readouterr()
    assert cli("exam", "list", env=PROCTOR_PASSWORD) == 0


def test_room_check_keep_needs_the_admin_and_stays_out_of_hr_reports(
    cli, db_url, tmp_path, capsys
) -> None:
    room = ["room-check", "--candidates", "2", "--questions", "2", "--workers", "1", "--keep"]
    assert cli(*room) == 1
    assert cli(*room, env=PROCTOR_PASSWORD) == 1
    assert _count(db_url, "exam_session") == 0 and _count(db_url, "learner") == 0
    assert cli(*room, env=ADMIN_PASSWORD) == 0
    assert _count(db_url, "learner") == 2  # kept, as asked
    out = tmp_path / "r.csv"
    assert cli("report", "completions", "-q", "-o", str(out), env=HR_PASSWORD) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "Thí sinh thử" not in text and "room-check" not in text
    assert len(list(csv.reader(io.StringIO(text)))) <= 1  # the header only
