"""Who may restore a database file, and which role passwords the restored file carries.

One rule for ``db restore`` and for the restore the app offers at start-up when its file is
damaged (docs/security.md, "Backups and restore"): restoring never opens a role that had a
password, so it needs the admin password whenever one is known.

- The current database has an admin password it can still read: that password is asked and
  checked against it (with its lockout when the file can still be written), and the current
  passwords are carried into the restored file.
- The current file cannot be read: the admin password of the file being restored is asked,
  else that of the newest good backup that has one, and those passwords are carried over.
  When no backup has one either, only one of the app's own backups is put in place (this
  installation never had an admin password); any other file is refused.
- The current database readably has no admin password (a fresh install): nothing to protect.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.restore import (
    RolePasswordRow,
    newest_backup_passwords,
    role_passwords,
    stored_passwords,
)

ADMIN = "admin"


@dataclass(frozen=True)
class RestoreGate:
    """What restoring one file needs: the password to check (if any) and the role passwords
    the restored file must carry (None: those of the damaged file if readable, else its own)."""

    keep: list[RolePasswordRow] | None
    reference: RolePasswordRow | None = None  # the admin row the typed password must match
    current_url: str | None = None  # check with the lockout against this (readable) database

    @property
    def needs_password(self) -> bool:
        return self.reference is not None

    def check(self, password: str) -> None:
        """Return if ``password`` is the admin password this restore needs; UserError if not."""
        from ethics_trainer.exams import passwords

        if self.reference is None:
            return
        if not password:
            raise UserError(tr("exams.password.empty"))
        if self.current_url is not None and _checked_with_lockout(self.current_url, password):
            return
        _role, hash_hex, salt_hex, params, *_rest = self.reference
        if not passwords.hash_matches(password, params, salt_hex, hash_hex):
            raise UserError(tr("security.restore.wrong_password"))


def _checked_with_lockout(url: str, password: str) -> bool:
    """Check against the current database with its lockout: True when accepted, a raised
    WrongPassword/PasswordLocked when refused, False when the (damaged) file cannot keep the
    count, so the stored hash is compared instead."""
    from ethics_trainer.exams import passwords
    from ethics_trainer.storage.db import open_database

    try:
        db = open_database(url, migrate=False)
    except UserError:
        return False
    try:
        passwords.verify_password(db, ADMIN, password)
        return True
    except (passwords.WrongPassword, passwords.PasswordLocked):
        raise
    except UserError:
        return False
    finally:
        db.dispose()


def restore_gate(db_path: Path, url: str, backup: Path, folders: list[Path]) -> RestoreGate:
    """The gate for putting ``backup`` in place of ``db_path`` (refused: UserError)."""
    current = stored_passwords(db_path)
    if current and any(r[0] == ADMIN for r in current):
        admin = next(r for r in current if r[0] == ADMIN)
        return RestoreGate(keep=current, reference=admin, current_url=url)
    theirs = role_passwords(backup) or []
    if current is None and not any(r[0] == ADMIN for r in theirs):
        theirs = newest_backup_passwords(folders, ADMIN) or []
        if not theirs and not is_own_backup(backup, folders):
            raise UserError(
                tr("security.restore.no_admin_password", path=str(backup)),
                tr("security.restore.no_admin_password_hint"),
            )
    reference = next((r for r in theirs if r[0] == ADMIN), None)
    return RestoreGate(keep=theirs if current is None else current, reference=reference)


def is_own_backup(backup: Path, folders: list[Path]) -> bool:
    """Whether ``backup`` is one of the app's own backups (not a file from elsewhere)."""
    try:
        where = backup.resolve().parent
        return any(where == folder.resolve() for folder in folders)
    except OSError:
        return False
