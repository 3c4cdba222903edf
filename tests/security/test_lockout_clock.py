"""F-PW-1 / F-PW-2: the lockout is timed by the database server, not the PC's clock.

Before, a room PC dated 2100 locked a role for every PC for decades, and a PC moving its clock
forward a minute after each lock got unlimited guesses. And a script whose standard input was
closed spent a try with an empty password.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from ethics_trainer.cli.main import main
from ethics_trainer.clock import SYSTEM_CLOCK
from ethics_trainer.errors import UserError
from ethics_trainer.exams import passwords
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.models import RolePassword
from ethics_trainer.storage.server_time import server_now

from .helpers import PROCTOR_PASSWORD


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_db(request, db_url):
    url = db_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    database = open_database(url)
    passwords.set_password(database, "proctor", PROCTOR_PASSWORD)
    yield database
    database.dispose()


def _locked_until(db) -> datetime | None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        row = session.get(RolePassword, "proctor")
        assert row is not None
        value = row.locked_until
    return None if value is None else (value if value.tzinfo else value.replace(tzinfo=UTC))


def _server_now(db) -> datetime:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return server_now(session)


def test_a_pc_dated_2100_locks_for_one_minute_only(shared_db, monkeypatch) -> None:
    pc_time = {"now": datetime(2100, 1, 1, tzinfo=UTC)}
    monkeypatch.setattr(type(SYSTEM_CLOCK), "now", lambda self: pc_time["now"])
    for _ in range(5):
        with pytest.raises((passwords.WrongPassword, passwords.PasswordLocked)):
            passwords.verify_password(shared_db, "proctor", "doan-sai")
    until = _locked_until(shared_db)
    assert until is not None
    assert until <= _server_now(shared_db) + timedelta(seconds=passwords.LOCK_SECONDS + 5)
    # the same PC moving its clock a minute forward gets no new try
    pc_time["now"] += timedelta(seconds=61)
    with pytest.raises(passwords.PasswordLocked) as locked:
        passwords.verify_password(shared_db, "proctor", PROCTOR_PASSWORD)
    assert 0 < locked.value.seconds <= passwords.LOCK_SECONDS


def test_a_lock_beyond_one_period_counts_as_expired(shared_db) -> None:
    """A lock an older version wrote from a PC dated 2100 no longer shuts everyone out."""
    with shared_db.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE role_password SET failed_count = 0, locked_until = :t"),
            {"t": datetime(2100, 1, 1, 0, 1)},
        )
    passwords.verify_password(shared_db, "proctor", PROCTOR_PASSWORD)  # not PasswordLocked
    assert _locked_until(shared_db) is None  # and the right password clears the stale lock


def test_an_empty_password_costs_no_try(shared_db, monkeypatch, capsys) -> None:
    with pytest.raises(UserError) as error:
        passwords.verify_password(shared_db, "proctor", "")
    assert not isinstance(error.value, passwords.WrongPassword)
    monkeypatch.delenv("ETHICS_TRAINER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # a script with closed input
    for _ in range(6):
        assert main(["--lang", "en", "--database", shared_db.url, "exam", "list"]) == 1
    assert "No password was given" in capsys.readouterr().err
    with shared_db.session() as session:
        row = session.get(RolePassword, "proctor")
        assert row is not None and row.failed_count == 0 and row.locked_until is None
