"""Role passwords (admin, proctor, HR): scrypt hashes in the shared database, with a lockout.

Each role has its own password; the admin password also opens the proctor and HR roles (the
admin can set theirs anyway). Five wrong tries lock the role for a minute. The counter and
the lock time live in the database and are changed by conditional UPDATEs, so restarting the
app, trying from another PC or sending many guesses at once does not get past the lock.
The lock is timed by the database server's clock, never the PC's: a PC dated 2100 cannot
lock a role for decades, nor a PC moving its clock forward get more tries. A lock reaching
further than two lock periods from now (written by an older version) counts as expired.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr, trn
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import RolePassword
from ethics_trainer.storage.server_time import server_now

ROLE_PROCTOR = "proctor"
ROLE_ADMIN = "admin"
ROLE_HR = "hr"
ROLES = (ROLE_PROCTOR, ROLE_ADMIN, ROLE_HR)
MAX_TRIES = 5
LOCK_SECONDS = 60
# A lock reaching beyond this is not ours (an older version on a PC with a wrong clock): it
# counts as expired. Twice the period, so a lock written a moment ago always holds.
CAP_SECONDS = 2 * LOCK_SECONDS
MIN_LENGTH = 6
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class WrongPassword(UserError):
    """The password did not match; ``tries_left`` before the lock."""

    def __init__(self, tries_left: int) -> None:
        super().__init__(trn("exams.password.wrong", tries_left, tries=tries_left))
        self.tries_left = tries_left


class PasswordLocked(UserError):
    """Too many wrong tries; ``seconds`` until the next try is allowed."""

    def __init__(self, seconds: int) -> None:
        super().__init__(trn("exams.password.locked", seconds, seconds=seconds))
        self.seconds = seconds


def _hash(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )


def hash_matches(password: str, params: str, salt_hex: str, hash_hex: str) -> bool:
    """Whether ``password`` gives this stored hash (no lockout: for a file being restored)."""
    n, r, p = (int(x) for x in params.split(","))
    digest = _hash(password, bytes.fromhex(salt_hex), n, r, p)
    return hmac.compare_digest(digest.hex(), hash_hex)


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


def _opening_rows(session: Session, role: str) -> list[RolePassword]:
    """The rows whose password opens ``role``: its own first, then the admin's."""
    names = [role] if role == ROLE_ADMIN else [role, ROLE_ADMIN]
    rows = [r for r in (session.get(RolePassword, name) for name in names) if r is not None]
    if not rows:
        raise UserError(tr("exams.password.not_set"), tr("exams.password.not_set_hint"))
    return rows


def _reserve_try(db: Database, role: str) -> int | None:
    """Count one try before checking it, in one conditional UPDATE: the new count, or None when
    the role is locked or its tries are used up. Forty guesses sent at once all queue on this
    row (PostgreSQL) or on the write lock (SQLite), so at most MAX_TRIES of them are checked."""
    with db.session() as session:
        now = server_now(session)
        result = session.execute(
            update(RolePassword)
            .where(
                col(RolePassword.role) == role,
                col(RolePassword.failed_count) < MAX_TRIES,
                or_(
                    col(RolePassword.locked_until).is_(None),
                    col(RolePassword.locked_until) <= now,
                    col(RolePassword.locked_until) > now + timedelta(seconds=CAP_SECONDS),
                ),
            )
            .values(failed_count=RolePassword.failed_count + 1)
            .returning(col(RolePassword.failed_count))
            .execution_options(synchronize_session=False)
        ).first()
        return None if result is None else int(result[0])


def _seconds_locked(db: Database, role: str) -> int:
    with db.session() as session:
        now = server_now(session)
        row = session.get(RolePassword, role)
        if row is None or row.locked_until is None or row.locked_until <= now:
            return LOCK_SECONDS  # tries used up by guesses still being checked
        left = int((row.locked_until - now).total_seconds()) + 1
        return min(left, LOCK_SECONDS)


def _release_try(db: Database, role: str) -> None:
    """Give back a try reserved on ``role`` whose password was not the one typed: a proctor
    opening the proctor role must not wear down the admin's tries."""
    with db.session() as session:
        session.execute(
            update(RolePassword)
            .where(col(RolePassword.role) == role, col(RolePassword.failed_count) > 0)
            .values(failed_count=RolePassword.failed_count - 1)
            .execution_options(synchronize_session=False)
        )


def _clear_tries(db: Database, role: str) -> None:
    with db.session() as session:
        session.execute(
            update(RolePassword)
            .where(col(RolePassword.role) == role)
            .values(failed_count=0, locked_until=None)
            .execution_options(synchronize_session=False)
        )


def _lock_if_used_up(db: Database, role: str) -> None:
    with db.session() as session:
        now = server_now(session)
        session.execute(
            update(RolePassword)
            .where(col(RolePassword.role) == role, col(RolePassword.failed_count) >= MAX_TRIES)
            .values(failed_count=0, locked_until=now + timedelta(seconds=LOCK_SECONDS))
            .execution_options(synchronize_session=False)
        )


def verify_password(db: Database, role: str, password: str) -> None:
    """Return if ``password`` opens ``role`` (the admin password opens every role).

    Raises :class:`WrongPassword`, :class:`PasswordLocked`, or :class:`UserError` when no
    password has been set yet or none was given (an empty one costs no try: a script with
    closed input must not lock the role for everyone). The try is counted before the (slow)
    scrypt check and undone only by a right password, so concurrent guesses cannot slip
    past the lock. Times come from the database server (:func:`server_now`).

    The lockout belongs to the password being guessed: a guess typed at the proctor or HR
    prompt is also a guess at the admin password, so it spends a try of both rows, and the
    admin hash is only compared while the admin row still has tries. Guessing the admin
    password through three prompts therefore gives no more than five checks a minute.
    """
    if role not in ROLES:
        raise UserError(tr("exams.password.bad_role", role=role))
    with db.session() as session:
        rows = [(r.role, r.params, r.salt_hex, r.hash_hex) for r in _opening_rows(session, role)]
    if not password:
        raise UserError(tr("exams.password.empty"))
    entry = rows[0][0]  # the role asked for (or the admin's, when only that is set)
    reserved: dict[str, int] = {}
    for name, *_hash_parts in rows:
        count = _reserve_try(db, name)
        if count is None and name == entry:
            for other in reserved:
                _release_try(db, other)
            raise PasswordLocked(_seconds_locked(db, entry))
        if count is not None:
            reserved[name] = count
    for name, params, salt_hex, hash_hex in rows:
        if name in reserved and hash_matches(password, params, salt_hex, hash_hex):
            _clear_tries(db, name)
            for other in reserved:
                if other != name:
                    _release_try(db, other)
            return
    for name, count in reserved.items():
        if count >= MAX_TRIES:
            _lock_if_used_up(db, name)
    if reserved[entry] >= MAX_TRIES:
        raise PasswordLocked(LOCK_SECONDS)
    raise WrongPassword(MAX_TRIES - reserved[entry])
