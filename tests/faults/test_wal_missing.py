"""A deleted ``-wal`` after an abrupt end is reported, never silently accepted.

In WAL mode a small write stays in ``<db>-wal`` until a checkpoint; a child process writes,
then dies with ``os._exit`` (no clean close: the -wal and its marker stay, as after a kill or
a power cut). Deleting the -wal then used to lose the learner without a word.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ethics_trainer.i18n import set_language
from ethics_trainer.services import learners
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.walguard import WalMissing, wal_lost

ROOT = Path(__file__).resolve().parents[2]
WRITE_AND_DIE = """
import os, sys
from ethics_trainer.services import learners
from ethics_trainer.storage.db import open_database
db = open_database(sys.argv[1])
learners.create_learner(db, full_name="Nguyễn Văn An")
os._exit(0)  # dies like a killed process: nothing closed, nothing checkpointed
"""


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("vi")


def die_after_write(db_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WRITE_AND_DIE, f"sqlite:///{db_path}"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr


def count(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM learner").fetchone()[0]


def test_deleted_wal_after_a_crash_is_reported_once(tmp_path) -> None:
    db_path = tmp_path / "et.db"
    open_database(f"sqlite:///{db_path}").dispose()
    die_after_write(db_path)
    wal = Path(f"{db_path}-wal")
    assert wal.stat().st_size > 32  # the answer is only in the -wal
    wal.unlink()
    Path(f"{db_path}-shm").unlink(missing_ok=True)
    assert wal_lost(db_path)
    with pytest.raises(WalMissing) as caught:
        open_database(f"sqlite:///{db_path}")
    assert "-wal" in caught.value.message and "may be lost" in caught.value.message
    db = open_database(f"sqlite:///{db_path}")  # reported once; the file is usable
    assert learners.list_learners(db) == []
    db.dispose()


def test_crash_with_wal_kept_recovers_without_a_report(tmp_path) -> None:
    db_path = tmp_path / "et.db"
    open_database(f"sqlite:///{db_path}").dispose()
    die_after_write(db_path)
    assert not wal_lost(db_path)
    db = open_database(f"sqlite:///{db_path}")
    assert [le.full_name for le in learners.list_learners(db)] == ["Nguyễn Văn An"]
    db.dispose()
    # a clean close leaves no marker: deleting nothing later reports nothing
    assert not [p for p in tmp_path.iterdir() if "-open-" in p.name]
    reopened = open_database(f"sqlite:///{db_path}")
    reopened.dispose()


def test_two_live_openers_are_not_a_crash(tmp_path) -> None:
    db_path = tmp_path / "et.db"
    first = open_database(f"sqlite:///{db_path}")
    learners.create_learner(first, full_name="Trần Thị Bình")
    second = open_database(f"sqlite:///{db_path}")
    assert count(db_path) == 1
    first.dispose()
    second.dispose()
    third = open_database(f"sqlite:///{db_path}")
    third.dispose()


def test_db_check_reports_the_missing_wal(tmp_path, capsys) -> None:
    from ethics_trainer.cli.main import main
    from ethics_trainer.logfile import close_logs

    db_path = tmp_path / "data" / "ethics-trainer.db"
    db_path.parent.mkdir()
    open_database(f"sqlite:///{db_path}").dispose()
    die_after_write(db_path)
    Path(f"{db_path}-wal").unlink()
    assert main(["--data-dir", str(db_path.parent), "db", "check"]) == 1
    close_logs()
    assert "-wal" in capsys.readouterr().out
