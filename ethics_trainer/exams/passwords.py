"""Proctor and admin passwords: scrypt hashes in the shared database, with a lockout.

Five wrong tries lock the role for a minute. The counter and the lock time live in the
database, so restarting the app or trying from another PC does not reset them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import RolePassword

ROLE_PROCTOR = "proctor"
ROLE_ADMIN = "admin"
ROLES = (ROLE_PROCTOR, ROLE_ADMIN)
MAX_TRIES = 5
LOCK_SECONDS = 60
MIN_LENGTH = 6
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class WrongPassword(UserError):
    """The password did not match; ``tries_left`` before the lock."""

    def __init__(self, tries_left: int) -> None:
        super().__init__(tr("exams.password.wrong", tries=tries_left))
        self.tries_left = tries_left


class PasswordLocked(UserError):
    """Too many wrong tries; ``seconds`` until the next try is allowed."""

    def __init__(self, seconds: int) -> None:
        super().__init__(tr("exams.password.locked", seconds=seconds))
        self.seconds = seconds


def _hash(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def has_password(db: Database, role: str) -> bool:
    with db.session() as session:
        return session.get(RolePassword, role) is not None


def set_password(db: Database, role: str, password: str, *, clock: Clock = SYSTEM_CLOCK) -> None:
    """Store a fresh salted hash for ``role`` and clear its lockout."""
    if role not in ROLES:
        raise UserError(tr("exams.password.bad_role", role=role))
    if len(password) < MIN_LENGTH:
        raise UserError(tr("exams.password.too_short", count=MIN_LENGTH))
    salt = secrets.token_bytes(16)
    digest = _hash(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    with db.session() as session:
        row = session.get(RolePassword, role)
        if row is None:
            row = RolePassword(role=role, hash_hex="", salt_hex="", updated_at=clock.now())
        row.hash_hex = digest.hex()
        row.salt_hex = salt.hex()
        row.params = f"{SCRYPT_N},{SCRYPT_R},{SCRYPT_P}"
        row.failed_count = 0
        row.locked_until = None
        row.updated_at = clock.now()
        session.add(row)


def verify_password(db: Database, role: str, password: str, *, clock: Clock = SYSTEM_CLOCK) -> None:
    """Return if ``password`` opens ``role`` (the admin password opens the proctor role too).

    Raises :class:`WrongPassword`, :class:`PasswordLocked`, or :class:`UserError` when no
    password has been set yet.
    """
    roles = [role, ROLE_ADMIN] if role == ROLE_PROCTOR else [role]
    now = clock.now()
    with db.session() as session:
        rows = [r for r in (session.get(RolePassword, name) for name in roles) if r is not None]
        if not rows:
            raise UserError(tr("exams.password.not_set"), tr("exams.password.not_set_hint"))
        main = rows[0]
        if main.locked_until is not None and _aware(main.locked_until) > now:
            raise PasswordLocked(int((_aware(main.locked_until) - now).total_seconds()) + 1)
        for row in rows:
            n, r, p = (int(x) for x in row.params.split(","))
            digest = _hash(password, bytes.fromhex(row.salt_hex), n, r, p)
            if hmac.compare_digest(digest.hex(), row.hash_hex):
                main.failed_count = 0
                main.locked_until = None
                session.add(main)
                return
        main.failed_count += 1
        if main.failed_count >= MAX_TRIES:
            main.failed_count = 0
            main.locked_until = now + timedelta(seconds=LOCK_SECONDS)
            session.add(main)
            session.commit()
            raise PasswordLocked(LOCK_SECONDS)
        session.add(main)
        session.commit()
        raise WrongPassword(MAX_TRIES - main.failed_count)
