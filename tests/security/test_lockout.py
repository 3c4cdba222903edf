"""Issue #12, point 2: forty wrong passwords sent at once are not all tried.

Before, each guess read the failure counter, checked the password, then wrote count + 1: all
forty were checked and the counter ended at 1, so the lock never engaged. Now a try is
counted by a conditional UPDATE before it is checked, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest

from ethics_trainer.exams import passwords
from ethics_trainer.storage.db import Database, open_database
from ethics_trainer.storage.models import RolePassword

GUESSES = 40


def _storm(url: str) -> list[str]:
    """Forty PCs (threads, each with its own connection pool) guess at the same moment."""
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(GUESSES)
    databases = [open_database(url, migrate=False) for _ in range(GUESSES)]

    def guess(db: Database, n: int) -> None:
        start.wait()
        try:
            passwords.verify_password(db, "proctor", f"doan-sai-{n}")
            result = "accepted"
        except passwords.WrongPassword:
            result = "wrong"
        except passwords.PasswordLocked:
            result = "locked"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=guess, args=(db, n)) for n, db in enumerate(databases)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for db in databases:
        db.dispose()
    return outcomes


def _check(url: str) -> None:
    db = open_database(url)
    passwords.set_password(db, "proctor", "giam-thi-2026")
    outcomes = _storm(url)
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
