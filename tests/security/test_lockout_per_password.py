"""F-PW-1 (second part): the lockout belongs to the password being guessed.

Before, a wrong guess typed at the proctor or HR prompt was compared with the admin password
too, but counted only against the proctor or HR row: guessing the admin password through the
three prompts gave 3 × 5 checks a minute, and through the other two the admin row never
locked at all. Now every password compared spends a try of its own row, atomically, on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest

from ethics_trainer.exams import passwords
from ethics_trainer.storage.db import Database, open_database
from ethics_trainer.storage.models import RolePassword

from .guess_storm import GUESSES, guess_storm
from .helpers import ADMIN_PASSWORD, HR_PASSWORD, PROCTOR_PASSWORD


def _admin_hash(db: Database) -> str:
    with db.session() as session:
        row = session.get(RolePassword, "admin")
        assert row is not None
        return row.hash_hex


def _storm(url: str, entries: list[str], monkeypatch) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Forty PCs guess at once, each through one of ``entries``; returns the outcomes and how
    many times the admin password was actually compared."""
    setup = open_database(url)
    admin_hash = _admin_hash(setup)
    setup.dispose()
    compared = {"admin": 0}
    lock = threading.Lock()
    real = passwords.hash_matches

    def counting(password: str, params: str, salt_hex: str, hash_hex: str) -> bool:
        if hash_hex == admin_hash:
            with lock:
                compared["admin"] += 1
        return real(password, params, salt_hex, hash_hex)

    monkeypatch.setattr(passwords, "hash_matches", counting)
    outcomes = guess_storm(url, entries)
    monkeypatch.setattr(passwords, "hash_matches", real)
    return outcomes, compared["admin"]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def three_roles(request, db_url):
    url = db_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    db = open_database(url)
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    passwords.set_password(db, "proctor", PROCTOR_PASSWORD)
    passwords.set_password(db, "hr", HR_PASSWORD)
    yield url, db
    db.dispose()


@pytest.mark.parametrize(
    "entries", [["proctor", "hr"], ["admin", "proctor", "hr"]], ids=["two-prompts", "three"]
)
def test_admin_guesses_split_across_prompts_meet_one_lock(three_roles, entries, monkeypatch):
    url, db = three_roles
    outcomes, admin_compared = _storm(url, entries, monkeypatch)
    assert len(outcomes) == GUESSES and "accepted" not in outcomes
    # the admin password was compared at most five times, whatever prompt the guess came in by
    assert admin_compared <= passwords.MAX_TRIES
    # and the admin role is locked now: even its right password waits
    with pytest.raises(passwords.PasswordLocked):
        passwords.verify_password(db, "admin", ADMIN_PASSWORD)


def test_a_proctor_opening_the_proctor_role_spends_no_admin_try(three_roles) -> None:
    _url, db = three_roles
    for _ in range(passwords.MAX_TRIES + 2):
        passwords.verify_password(db, "proctor", PROCTOR_PASSWORD)
    passwords.verify_password(db, "admin", ADMIN_PASSWORD)  # not locked, no try spent
    with db.session() as session:
        row = session.get(RolePassword, "admin")
        assert row is not None and row.failed_count == 0


def test_the_admin_password_still_opens_a_locked_proctor_prompt_only_after_the_lock(
    three_roles,
) -> None:
    """The proctor prompt's own lock still gates it (nothing is compared while it holds)."""
    _url, db = three_roles
    for _ in range(passwords.MAX_TRIES):
        with pytest.raises((passwords.WrongPassword, passwords.PasswordLocked)):
            passwords.verify_password(db, "proctor", "doan-sai")
    with pytest.raises(passwords.PasswordLocked):
        passwords.verify_password(db, "proctor", ADMIN_PASSWORD)
    # the admin row counted those five guesses as well: it is locked too
    with pytest.raises(passwords.PasswordLocked):
        passwords.verify_password(db, "admin", ADMIN_PASSWORD)
