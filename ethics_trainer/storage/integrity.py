"""Is this SQLite file a whole, readable database? Checked at start, before anything writes.

A database file can be truncated (a copy cut short, a full disk) or overwritten (another program
saved over it). Opening such a file through the app would either fail deep inside a query or,
worse for an empty file, make a fresh database that hides the loss. So the file is checked first:
the header, the size it claims against the size it has, and SQLite's ``PRAGMA quick_check``.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote

from ethics_trainer.errors import DiskFull
from ethics_trainer.storage.failures import (
    DAMAGE_CODES,
    SQLITE_CORRUPT,
    SQLITE_FULL,
    SQLITE_NOTADB,
    database_error,
    sqlite_code,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


class FileState(StrEnum):
    OK = "ok"
    MISSING = "missing"  # no file yet: a new database will be made
    EMPTY = "empty"  # zero bytes
    NOT_DATABASE = "not_database"  # some other file: overwritten
    TRUNCATED = "truncated"  # shorter than its header says
    CORRUPT = "corrupt"  # quick_check found damage
    UNREADABLE = "unreadable"  # permissions, locks, I/O errors
    NO_SPACE = "no_space"  # the disk is full: the file cannot be checked, it is not damaged


@dataclass(frozen=True)
class CheckResult:
    state: FileState
    detail: str = ""

    @property
    def ok(self) -> bool:
        """Usable as it is: a good database, or none yet."""
        return self.state in (FileState.OK, FileState.MISSING, FileState.EMPTY)

    @property
    def damaged(self) -> bool:
        return not self.ok and self.state not in (FileState.UNREADABLE, FileState.NO_SPACE)


def _wal_has_frames(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 32  # a WAL header alone holds no pages
    except OSError:
        return False


def _header_problem(path: Path, size: int) -> CheckResult | None:
    with path.open("rb") as handle:
        header = handle.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE:
        if SQLITE_MAGIC.startswith(header[: len(SQLITE_MAGIC)]) and header:
            return CheckResult(FileState.TRUNCATED, f"only {size} bytes")
        return CheckResult(FileState.NOT_DATABASE, f"{size} bytes, no SQLite header")
    if not header.startswith(SQLITE_MAGIC):
        return CheckResult(FileState.NOT_DATABASE, "no SQLite header")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    (page_count,) = struct.unpack(">I", header[28:32])
    count_valid = header[24:28] == header[92:96] and page_count > 0
    # With pages still in the WAL the main file may legitimately be shorter; SQLite judges then.
    if count_valid and not _wal_has_frames(path) and size < page_size * page_count:
        return CheckResult(
            FileState.TRUNCATED, f"{size} bytes, header says {page_size * page_count}"
        )
    return None


def check_file(path: Path, *, max_errors: int = 5) -> CheckResult:
    """Check ``path`` without changing its content (``quick_check`` is read-only)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return CheckResult(FileState.MISSING)
    except OSError as exc:
        return CheckResult(FileState.UNREADABLE, str(exc))
    if size == 0:
        return CheckResult(FileState.EMPTY)
    try:
        problem = _header_problem(path, size)
    except OSError as exc:
        return CheckResult(FileState.UNREADABLE, str(exc))
    if problem is not None:
        return problem
    try:
        rows = _quick_check(f"file:{quote(str(path))}", max_errors)
    except sqlite3.DatabaseError as exc:
        # A sound file whose ``-shm`` cannot be made (full disk, read-only folder) is read as
        # immutable when its WAL holds no pages: nothing can be missed then.
        if sqlite_code(exc) not in DAMAGE_CODES and not _wal_has_frames(path):
            try:
                rows = _quick_check(f"file:{quote(str(path))}?immutable=1", max_errors)
            except sqlite3.DatabaseError as second:
                return _failed(second, path)
        else:
            return _failed(exc, path)
    findings = [str(row[0]) for row in rows]
    if findings == ["ok"]:
        return CheckResult(FileState.OK)
    return CheckResult(FileState.CORRUPT, "; ".join(findings[:max_errors]))


def _quick_check(uri: str, max_errors: int) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(uri, uri=True, timeout=10)
    try:
        return connection.execute(f"PRAGMA quick_check({int(max_errors)})").fetchall()
    finally:
        connection.close()


def _failed(exc: sqlite3.DatabaseError, path: Path) -> CheckResult:
    """Only SQLite's own corruption codes are damage; a full disk, a lock or an I/O error is
    not, so the app never offers to "restore" over a good file."""
    code = sqlite_code(exc)
    message = str(exc)
    if code == SQLITE_NOTADB:
        return CheckResult(FileState.NOT_DATABASE, message)
    if code == SQLITE_CORRUPT:
        return CheckResult(FileState.CORRUPT, message)
    if code == SQLITE_FULL or isinstance(database_error(exc, f"sqlite:///{path}"), DiskFull):
        return CheckResult(FileState.NO_SPACE, message)
    return CheckResult(FileState.UNREADABLE, message)
