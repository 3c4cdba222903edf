"""Issue #12, point 2: forty wrong passwords sent at once are not all tried.

Before, each guess read the failure counter, checked the password, then wrote count + 1: all
forty were checked and the counter ended at 1, so the lock never engaged. Now a try is
counted by a conditional UPDATE before it is checked, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest

from ethics_trainer.exams import passwords
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.models import RolePassword

from .guess_storm import GUESSES, guess_storm


def _check(url: str) -> None:
    db = open_database(url)
    passwords.set_password(db, "proctor", "giam-thi-2026")
    outcomes = guess_storm(url, ["proctor"])
    assert len(outcomes) == GUESSES
    # at most MAX_TRIES guesses were checked at all; the others were refused unchecked
    assert outcomes.count("wrong") == passwords.MAX_TRIES - 1
    assert outcomes.count("locked") == GUESSES - (passwords.MAX_TRIES - 1)
    with db.session() as session:
        row = session.get(RolePassword, "proctor")
        assert row is not None and row.locked_until is not None
    # the lock holds: even the right password is refused now
    with pytest.raises(passwords.PasswordLocked):
        passwords.verify_password(db, "proctor", "giam-thi-2026")
    db.dispose()


def test_forty_concurrent_guesses_lock_sqlite(db_url) -> None:
    _check(db_url)


@pytest.mark.postgres
def test_forty_concurrent_guesses_lock_postgres(postgres_url) -> None:
    _check(postgres_url)
