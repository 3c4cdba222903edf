"""What a database error means for the user: damage, a full disk, a lock, a read-only place.

SQLite says which it is in the error's code (``sqlite_errorcode``); its message text is not
used. Only ``SQLITE_CORRUPT``/``SQLITE_NOTADB`` are damage: a full disk, an I/O error, a lock
or a missing ``-shm`` never lead to "restore a backup", which would throw away good data.
No SQLAlchemy import here: the CLI's error boundary uses it for any exception.
"""

from __future__ import annotations

import os
from pathlib import Path

from ethics_trainer.errors import (
    BadPath,
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseUnavailable,
    DiskFull,
    ReadOnlyLocation,
    UserError,
)
from ethics_trainer.i18n import tr

SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
DAMAGE_CODES = {SQLITE_CORRUPT, SQLITE_NOTADB}


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code for ``exc`` (or the DBAPI error inside a SQLAlchemy one)."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_damage(exc: BaseException) -> bool:
    return sqlite_code(exc) in DAMAGE_CODES


def sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url:
        return Path(url[len(prefix) :].split("?", 1)[0])
    return None


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def database_error(exc: BaseException, url: str) -> UserError | None:
    """The user's message for a database error, or None when ``exc`` is not one we classify."""
    orig = getattr(exc, "orig", None) or exc
    code = sqlite_code(exc)
    if code is None:
        if url.startswith("postgresql") and _is_dbapi_error(orig):
            sqlstate = str(getattr(orig, "sqlstate", "") or "")
            where = url.split("@")[-1]
            if sqlstate.startswith("53"):  # insufficient resources: disk full on the server
                return DiskFull(
                    tr("faults.db.disk_full", path=where), tr("faults.db.disk_full_hint")
                )
            return DatabaseUnavailable(tr("errors.database_unreachable"), str(orig))
        return None
    path = sqlite_file(url)
    where = str(path) if path else url
    if code in DAMAGE_CODES:
        return DatabaseDamaged(tr("faults.db.damaged", path=where), tr("faults.db.damaged_hint"))
    if code == SQLITE_FULL:
        return DiskFull(tr("faults.db.disk_full", path=where), tr("faults.db.disk_full_hint"))
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return DatabaseLocked(tr("faults.db.locked", path=where), tr("faults.db.locked_hint"))
    if code == SQLITE_READONLY:
        return ReadOnlyLocation(
            tr("faults.db.read_only", path=where), tr("faults.db.read_only_hint")
        )
    if code == SQLITE_CANTOPEN and path is not None:
        if not path.parent.is_dir():
            return BadPath(
                tr("faults.db.folder_missing", path=str(path.parent)),
                tr("faults.db.folder_missing_hint"),
            )
        if not _writable(path.parent) or (path.exists() and not os.access(path, os.W_OK)):
            return ReadOnlyLocation(
                tr("faults.db.read_only", path=where), tr("faults.db.read_only_hint")
            )
        return UserError(tr("faults.db.cannot_open", path=where), str(orig))
    if code == SQLITE_IOERR:
        return (
            DiskFull(tr("faults.db.disk_full", path=where), tr("faults.db.disk_full_hint"))
            if (path is not None and _low_on_space(path.parent))
            else UserError(tr("faults.db.io_error", path=where), tr("faults.db.io_error_hint"))
        )
    return UserError(tr("faults.db.cannot_open", path=where), str(orig))


def _is_dbapi_error(exc: BaseException) -> bool:
    return any(cls.__name__ in ("OperationalError", "InterfaceError") for cls in type(exc).__mro__)


def _low_on_space(folder: Path) -> bool:
    """An I/O error on a nearly full disk, or under a file-size limit (``ulimit -f``: SQLite
    reports the refused write as an I/O error, not as "full"), is the full disk."""
    try:
        import resource

        if resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY:
            return True
    except (ImportError, OSError, ValueError):
        pass  # Windows has no resource module
    try:
        stats = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return stats.f_bavail * stats.f_frsize < 16 * 1024 * 1024
