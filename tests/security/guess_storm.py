"""Many PCs guessing a role password at the same moment: the race the lockout tests need.

Each guess runs in its own thread with its own connection pool, all released by one barrier,
so the database (SQLite or PostgreSQL) sees them as concurrently as a room of PCs would.
"""

from __future__ import annotations

import threading

from ethics_trainer.exams import passwords
from ethics_trainer.storage.db import Database, open_database

GUESSES = 40


def guess_storm(url: str, roles: list[str], guesses: int = GUESSES) -> list[str]:
    """``guesses`` wrong passwords sent at once, guess ``n`` at ``roles[n % len(roles)]``;
    each outcome is ``"accepted"``, ``"wrong"`` or ``"locked"``."""
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(guesses)
    databases = [open_database(url, migrate=False) for _ in range(guesses)]

    def guess(db: Database, n: int) -> None:
        start.wait()
        try:
            passwords.verify_password(db, roles[n % len(roles)], f"doan-sai-{n}")
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
