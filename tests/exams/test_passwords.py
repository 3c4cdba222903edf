"""Proctor/admin passwords: scrypt hashes, five wrong tries lock for a minute (server clock)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from ethics_trainer.clock import FixedClock
from ethics_trainer.errors import UserError
from ethics_trainer.exams import passwords
from ethics_trainer.storage.models import RolePassword


def test_lockout_after_five_wrong_tries(db) -> None:
    clock = FixedClock()
    passwords.set_password(db, "proctor", "giam-thi-2026", clock=clock)
    with db.session() as session:
        row = session.get(RolePassword, "proctor")
        assert row is not None and "giam-thi-2026" not in row.hash_hex and len(row.salt_hex) == 32
    for tries_left in (4, 3, 2, 1):
        with pytest.raises(passwords.WrongPassword) as wrong:
            passwords.verify_password(db, "proctor", "sai")
        assert wrong.value.tries_left == tries_left
    with pytest.raises(passwords.PasswordLocked):
        passwords.verify_password(db, "proctor", "sai")
    # locked: even the right password is refused until the minute is over
    with pytest.raises(passwords.PasswordLocked) as locked:
        passwords.verify_password(db, "proctor", "giam-thi-2026")
    assert 0 < locked.value.seconds <= passwords.LOCK_SECONDS
    with db.engine.begin() as conn:  # the minute is over by the database's clock
        conn.execute(
            sa.text("UPDATE role_password SET locked_until = :t"),
            {"t": datetime.now(UTC) - timedelta(seconds=1)},
        )
    passwords.verify_password(db, "proctor", "giam-thi-2026")


def test_admin_opens_proctor_and_rules(db) -> None:
    with pytest.raises(UserError):
        passwords.verify_password(db, "proctor", "anything")
    with pytest.raises(UserError):
        passwords.set_password(db, "admin", "short")
    passwords.set_password(db, "admin", "quan-tri-123")
    passwords.verify_password(db, "proctor", "quan-tri-123")
    with pytest.raises(passwords.WrongPassword):
        passwords.verify_password(db, "admin", "giam-thi")


def test_cli_set_password_from_stdin(db_url, monkeypatch, capsys) -> None:
    from ethics_trainer.cli.main import main
    from ethics_trainer.storage.db import open_database

    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-moi\n"))
    assert main(["--database", db_url, "admin", "set-password"]) == 0
    # now the current admin password is needed first
    monkeypatch.setattr("sys.stdin", io.StringIO("sai-roi\nkhac-nua\n"))
    assert main(["--database", db_url, "admin", "set-password", "--role", "proctor"]) == 1
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-moi\ngiam-thi-1\n"))
    assert main(["--database", db_url, "admin", "set-password", "--role", "proctor"]) == 0
    db = open_database(db_url)
    passwords.verify_password(db, "proctor", "giam-thi-1")
    db.dispose()


def test_menu_role_names_match_the_core() -> None:
    from ethics_trainer.exams import passwords
    from ethics_trainer.ui.exams import menu

    assert (menu.ROLE_ADMIN, menu.ROLE_PROCTOR, menu.ROLE_HR) == (
        passwords.ROLE_ADMIN,
        passwords.ROLE_PROCTOR,
        passwords.ROLE_HR,
    )
