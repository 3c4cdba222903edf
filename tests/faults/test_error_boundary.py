"""The CLI's one error boundary: a short line in the user's language, exit 1, traceback in the log.

Exit 2 stays argparse's usage error, so a script tells a typo in a command from a damaged
database. Every case here used to print a SQLAlchemy traceback or exit 2.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.errors import DatabaseDamaged, DatabaseLocked, DiskFull, ReadOnlyLocation
from ethics_trainer.i18n import set_language
from ethics_trainer.logfile import close_logs
from ethics_trainer.services import learners
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.failures import database_error

from .cli_child import run_cli


@pytest.fixture(autouse=True)
def _english_and_logs():
    set_language("en")
    yield
    close_logs()
    set_language("vi")


def make_db(path: Path, names: list[str]) -> None:
    db = open_database(f"sqlite:///{path}")
    for name in names:
        learners.create_learner(db, full_name=name)
    db.dispose()


def damage(path: Path) -> None:
    """Overwrite the middle of the file: header intact, pages garbage."""
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data)):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))


def run_main(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    return code, err


def test_usage_error_stays_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["report"])
    assert caught.value.code == 2


def test_damaged_database_is_one_line_exit_1_and_traceback_in_log(tmp_path, capsys) -> None:
    data = tmp_path / "data"
    db_path = tmp_path / "db.sqlite"
    make_db(db_path, ["Nguyễn Văn An"] * 30)
    damage(db_path)
    code, err = run_main(
        capsys,
        "--data-dir",
        str(data),
        "--database",
        f"sqlite:///{db_path}",
        "report",
        "completions",
        "-o",
        str(tmp_path / "out.csv"),
    )
    assert code == 1
    assert "Traceback" not in err and "sqlalchemy" not in err.lower()
    assert "damaged" in err and "db restore" in err
    assert len(err.strip().splitlines()) <= 3
    log = (data / "logs" / "ethics-trainer.log").read_text(encoding="utf-8")
    assert "Traceback" in log


def test_mistyped_sqlite_path_is_an_error_not_a_new_database(tmp_path, capsys) -> None:
    typo = tmp_path / "no-such-folder" / "sub" / "x.db"
    code, err = run_main(
        capsys,
        "--data-dir",
        str(tmp_path / "data"),
        "--database",
        f"sqlite:///{typo}",
        "report",
        "completions",
        "-o",
        str(tmp_path / "out.csv"),
    )
    assert code == 1
    assert "does not exist" in err and "no-such-folder" in err
    assert not (tmp_path / "no-such-folder").exists()
    assert not (tmp_path / "out.csv").exists()


def test_bad_data_dir_and_bad_url(tmp_path, capsys) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    code, err = run_main(capsys, "--data-dir", str(a_file), "db", "check")
    assert code == 1 and "data folder" in err and "Traceback" not in err
    code, err = run_main(
        capsys,
        "--data-dir",
        str(tmp_path / "data"),
        "--database",
        "nonsense://x",
        "report",
        "completions",
        "-o",
        str(tmp_path / "o.csv"),
    )
    assert code == 1 and "Not a valid database address" in err and "Traceback" not in err


def test_default_data_dir_is_still_created(tmp_path, capsys) -> None:
    data = tmp_path / "fresh-data"
    code, _err = run_main(
        capsys, "--data-dir", str(data), "report", "completions", "-o", str(tmp_path / "o.csv")
    )
    # the folder and the database are made; the report itself waits for an HR password
    assert (data / "ethics-trainer.db").is_file()
    assert code == 1 and "admin set-password" in _err and "Traceback" not in _err


def test_locked_database_is_locked_not_unreachable(tmp_path) -> None:
    db_path = tmp_path / "db.sqlite"
    make_db(db_path, ["A"])
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        other = sqlite3.connect(db_path, timeout=0)
        with pytest.raises(sqlite3.OperationalError) as caught:
            other.execute("INSERT INTO learner (full_name) VALUES ('B')")
        other.close()
    finally:
        holder.rollback()
        holder.close()
    classified = database_error(caught.value, f"sqlite:///{db_path}")
    assert isinstance(classified, DatabaseLocked)
    assert "locked" in classified.message and "damaged" not in classified.message


def test_read_only_database_is_read_only(tmp_path) -> None:
    db_path = tmp_path / "db.sqlite"
    make_db(db_path, ["A"])
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("INSERT INTO learner (full_name) VALUES ('B')")
    conn.close()
    assert isinstance(database_error(caught.value, f"sqlite:///{db_path}"), ReadOnlyLocation)


def test_damage_classified_by_code_not_text(tmp_path) -> None:
    not_db = tmp_path / "x.db"
    not_db.write_bytes(b"hello" * 1000)
    conn = sqlite3.connect(not_db)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()
    assert isinstance(database_error(caught.value, f"sqlite:///{not_db}"), DatabaseDamaged)


def test_full_disk_while_writing_is_disk_full_not_damage(tmp_path, monkeypatch) -> None:
    """A file-size limit (RLIMIT_FSIZE) in a child process stands in for a full disk."""
    data = tmp_path / "data"
    data.mkdir()
    db_path = data / "ethics-trainer.db"
    make_db(db_path, ["Nguyễn Văn An"])
    from ethics_trainer.exams import passwords

    db = open_database(f"sqlite:///{db_path}")
    passwords.set_password(db, "admin", "quan-tri-123")  # demo-data needs the admin role
    db.dispose()
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM learner").fetchone()[0]
    limit = db_path.stat().st_size + 8192
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", "quan-tri-123")
    child = run_cli(
        "--data-dir",
        str(data),
        "demo-data",
        "--learners",
        "400",
        "--quiet",
        "--force",  # the database holds a real person
        size_limit=limit,
    )
    assert child.returncode == 1, child.stderr
    assert "Traceback" not in child.stderr
    assert "disk holding the database is full" in child.stderr
    assert "cannot be reached" not in child.stderr  # a failed write is not "unreachable"
    assert "is damaged" not in child.stderr and "restore" not in child.stderr.replace(
        "Do not restore", ""
    )
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM learner").fetchone()[0] >= before
    conn.close()


def test_disk_full_error_type(tmp_path) -> None:
    import errno

    from ethics_trainer.fileio.oserrors import os_error

    assert isinstance(os_error(OSError(errno.ENOSPC, "No space"), tmp_path / "x"), DiskFull)
    assert isinstance(os_error(OSError(errno.EFBIG, "File too large"), tmp_path / "x"), DiskFull)


def test_app_launch_with_bad_data_dir_is_a_message(tmp_path, monkeypatch) -> None:
    """The desktop app goes through the same boundary (and shows the message in a box)."""
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    done = run_cli("--data-dir", str(a_file))
    assert done.returncode == 1
    assert "data folder" in done.stderr and "Traceback" not in done.stderr
