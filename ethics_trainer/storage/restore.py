"""Restoring a backup in place of the database, and what makes a file safe to restore.

A restore only accepts an Ethics Trainer database of a schema version this app knows, and
keeps the current database's role passwords (docs/security.md): restoring an old backup, or
one made before any password was set, must not leave the admin role open. It never deletes
the file it replaces: the file and its ``-wal``/``-shm`` companions are renamed aside. Kept
apart from ``storage.backup``, which only makes and rotates copies.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.backup import (
    copy_database,
    fsync_dir,
    list_backups,
    move_aside,
    removed_on_failure,
)
from ethics_trainer.storage.integrity import check_file

MIGRATIONS_VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION_RE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
# tables every Ethics Trainer database has had since the first revision
CORE_TABLES = frozenset({"learner", "attempt", "answer", "completion", "lesson_progress"})
ROLE_COLUMNS = ("role", "hash_hex", "salt_hex", "params", "failed_count", "locked_until")
RolePasswordRow = tuple[str, str, str, str, int, str | None]


def known_revisions() -> set[str]:
    """The schema revisions this version of the app can open (read from its migrations)."""
    found = set()
    for path in MIGRATIONS_VERSIONS.glob("*.py"):
        match = _REVISION_RE.search(path.read_text(encoding="utf-8"))
        if match:
            found.add(match.group(1))
    return found


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)


def schema_revision(path: Path) -> str:
    """The schema revision of an Ethics Trainer database file; UserError for anything else
    (not SQLite, not ours, or written by a newer version of the app)."""
    try:
        connection = _read_only(path)
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
            # the app's schema has none: a trigger would run inside the restored database
            # (e.g. rewrite the admin hash right after the current passwords are carried in)
            code = [
                f"{kind} {name}"
                for kind, name in connection.execute(
                    "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')"
                )
            ]
            rows = (
                connection.execute("SELECT version_num FROM alembic_version").fetchall()
                if "alembic_version" in tables
                else []
            )
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise UserError(tr("security.restore.not_ours", path=str(path)), str(exc)) from exc
    if code:
        raise UserError(
            tr("security.restore.has_code", path=str(path), names=", ".join(code[:3])),
            tr("security.restore.not_ours_hint"),
        )
    if len(rows) != 1 or not tables >= CORE_TABLES:
        raise UserError(
            tr("security.restore.not_ours", path=str(path)), tr("security.restore.not_ours_hint")
        )
    revision = str(rows[0][0])
    if revision not in known_revisions():
        raise UserError(
            tr("security.restore.unknown_version", path=str(path), version=revision),
            tr("security.restore.unknown_version_hint"),
        )
    return revision


def role_passwords(path: Path) -> list[RolePasswordRow] | None:
    """The role password rows of a database file; None when it cannot be read or has none."""
    if not path.is_file():
        return None
    return stored_passwords(path) or None


def stored_passwords(path: Path) -> list[RolePasswordRow] | None:
    """The role password rows of a database file: [] when the file does not exist or holds
    none (a fresh install), None when it cannot be read (its passwords are unknown)."""
    if not path.exists():
        return []
    try:
        connection = _read_only(path)
        try:
            if not _has_password_table(connection):
                return []
            rows = connection.execute(
                f"SELECT {', '.join(ROLE_COLUMNS)} FROM role_password"
            ).fetchall()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return [tuple(r) for r in rows]


def _has_password_table(connection: sqlite3.Connection) -> bool:
    """Whether the database has a ``role_password`` table (a file from before it may not)."""
    return bool(
        connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'role_password'"
        ).fetchone()[0]
    )


def newest_backup_passwords(backup_dirs: list[Path], role: str) -> list[RolePasswordRow] | None:
    """The role passwords of the newest good backup that has a password for ``role``: what
    the installation's passwords were when its current file can no longer be read."""
    candidates = [b for folder in backup_dirs for b in list_backups(folder)]
    candidates.sort(key=lambda b: b.taken_at, reverse=True)
    for info in candidates:
        if check_file(info.path).state.value != "ok":
            continue
        rows = role_passwords(info.path)
        if rows and any(r[0] == role for r in rows):
            return rows
    return None


def _carry_passwords(staging: Path, rows: list[RolePasswordRow]) -> None:
    """Replace the restored copy's role passwords with the current ones."""
    connection = sqlite3.connect(staging, timeout=10)
    try:
        if not _has_password_table(connection):
            raise UserError(tr("security.restore.no_password_table"))
        with connection:
            connection.execute("DELETE FROM role_password")
            connection.executemany(
                f"INSERT INTO role_password ({', '.join(ROLE_COLUMNS)}, updated_at) "
                "VALUES (?, ?, ?, ?, 0, NULL, ?)",
                [(*r[:4], datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")) for r in rows],
            )
    finally:
        connection.close()


def restore_backup(
    backup: Path,
    db_path: Path,
    *,
    now: datetime | None = None,
    label: str = "damaged",
    keep_passwords: list[RolePasswordRow] | None = None,
    check_opens: Callable[[Path], None],
) -> Path | None:
    """Put ``backup`` in place of ``db_path``; the old file is kept aside. Returns its new path.

    Refuses (and leaves the current database alone) a file that is not an Ethics Trainer
    database of a known schema version. The current database's role passwords
    (``keep_passwords``, else read from ``db_path`` if it can be read) replace the backup's.
    The app must have closed its connections first (the GUI restores before opening).
    ``check_opens`` (``storage.restore_check.check_opens``, passed in because it migrates a
    copy with the code that imports this module) refuses a file whose revision disagrees
    with its tables.
    """
    result = check_file(backup)
    if result.state.value != "ok":
        raise UserError(
            tr("db.restore_backup_bad", path=str(backup)), result.detail or result.state.value
        )
    schema_revision(backup)
    if keep_passwords is None:
        keep_passwords = role_passwords(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staging = db_path.with_name(db_path.name + ".restoring")
    staging.unlink(missing_ok=True)
    with removed_on_failure(staging, tr("db.restore_failed")):
        copy_database(backup, staging, "WAL")
        if keep_passwords:
            _carry_passwords(staging, keep_passwords)
        check_opens(staging)  # its revision agrees with its tables: it will open
        aside = move_aside(db_path, now=now, label=label) if db_path.exists() else None
        os.replace(staging, db_path)
        fsync_dir(db_path.parent)
    return aside
