"""F-RESTORE-1: when the current database cannot be read, ``db restore`` of a password-less
file used to ask nothing and leave a database whose admin role anyone could then take."""

from __future__ import annotations

import io
import shutil

from ethics_trainer.cli.main import main
from ethics_trainer.exams import passwords
from ethics_trainer.paths import resolve_paths
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.restore import role_passwords

from .helpers import ADMIN_PASSWORD


def _install(folder):  # type: ignore[no-untyped-def]
    paths = resolve_paths(folder).ensure()
    assert paths.sqlite_path is not None
    open_database(paths.database_url).dispose()
    return paths


def _damage(path) -> None:  # type: ignore[no-untyped-def]
    with open(path, "r+b") as handle:
        handle.write(b"garbage" * 10)


def _attacker_file(tmp_path):  # type: ignore[no-untyped-def]
    """A fresh, password-less Ethics Trainer database made anywhere."""
    other = _install(tmp_path / "atk")
    return other.sqlite_path


def test_a_password_less_file_needs_the_newest_backups_admin_password(
    tmp_path, monkeypatch, capsys
) -> None:
    paths = _install(tmp_path / "data")
    db = open_database(paths.database_url)
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    db.dispose()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--data-dir", str(paths.data_dir), "db", "backup"]) == 0  # holds the password
    foreign = _attacker_file(tmp_path)
    _damage(paths.sqlite_path)
    argv = ("--data-dir", str(paths.data_dir))
    monkeypatch.delenv("ETHICS_TRAINER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([*argv, "db", "restore", str(foreign)]) == 1  # no password: refused
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", "doan-bua-1")
    assert main([*argv, "db", "restore", str(foreign)]) == 1  # wrong password: refused
    assert role_passwords(paths.sqlite_path) is None  # the damaged file was not replaced
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    assert main([*argv, "db", "restore", str(foreign)]) == 0
    carried = role_passwords(paths.sqlite_path)
    assert carried is not None and [r[0] for r in carried] == ["admin"]  # the admin stays
    capsys.readouterr()


def test_without_any_admin_password_to_check_the_file_is_refused(
    tmp_path, monkeypatch, capsys
) -> None:
    paths = _install(tmp_path / "data")
    db = open_database(paths.database_url)
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    db.dispose()
    foreign = _attacker_file(tmp_path)
    _damage(paths.sqlite_path)
    before = paths.sqlite_path.read_bytes()
    monkeypatch.delenv("ETHICS_TRAINER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    assert (
        main(["--lang", "en", "--data-dir", str(paths.data_dir), "db", "restore", str(foreign)])
        == 1
    )
    assert "has no admin password" in capsys.readouterr().err
    assert paths.sqlite_path.read_bytes() == before


def test_a_fresh_install_may_restore_a_password_less_file(tmp_path, monkeypatch) -> None:
    paths = _install(tmp_path / "data")
    foreign = _attacker_file(tmp_path)
    shutil.copy(foreign, tmp_path / "copy.db")
    monkeypatch.delenv("ETHICS_TRAINER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    argv = ["--data-dir", str(paths.data_dir), "db", "restore", str(tmp_path / "copy.db")]
    assert main(argv) == 0
