"""Online backups of the SQLite file and their rotation (restoring one: ``storage.restore``).

Copies are made with SQLite's backup API, so they are consistent even while the app writes;
each is written under a temporary name, checked, then renamed, so a crash never leaves a
half-written file that looks like a backup. Names carry the UTC time and the reason
(``ethics-trainer-20261124T080000Z-start.db``), so rotation does not depend on file times.

Rotation keeps the newest copy of each of the last 7 days that have one and of each of the last
4 ISO weeks, plus the last 3 copies made before a migration. A file is never deleted to make
room for another: a damaged or replaced database and its ``-wal``/``-shm`` companions are
renamed aside (:func:`move_aside`).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.integrity import check_file

PREFIX = "ethics-trainer-"
NAME_RE = re.compile(r"^ethics-trainer-(\d{8}T\d{6}(?:\d{6})?Z)-([a-z-]+)\.db$")
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_PRE_MIGRATION = 3
REASON_START = "start"
REASON_MANUAL = "manual"
REASON_MIGRATION = "pre-migration"
REASON_RESTORE = "pre-restore"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    reason: str


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _parse_stamp(text: str) -> datetime:
    fmt = "%Y%m%dT%H%M%S%fZ" if len(text) > 16 else "%Y%m%dT%H%M%SZ"
    return datetime.strptime(text, fmt).replace(tzinfo=UTC)


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Every backup in ``backup_dir``, newest first."""
    found: list[BackupInfo] = []
    try:
        entries = list(backup_dir.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = NAME_RE.match(entry.name)
        if match and entry.is_file():
            found.append(BackupInfo(entry, _parse_stamp(match.group(1)), match.group(2)))
    found.sort(key=lambda b: b.taken_at, reverse=True)
    return found


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not supported (Windows): the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def copy_database(source: Path, target: Path, journal_mode: str) -> None:
    """Consistent copy through the backup API into ``target`` (which must not exist)."""
    src = sqlite3.connect(source, timeout=10)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute(f"PRAGMA journal_mode={journal_mode}")
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())


@contextmanager
def removed_on_failure(partial: Path, message: str) -> Iterator[None]:
    """Delete the half-made ``partial`` copy when the block fails, so it is never taken for
    a good file; a disk or SQLite error becomes a UserError with ``message``."""
    try:
        yield
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise UserError(message, str(exc)) from exc
    except UserError:
        partial.unlink(missing_ok=True)
        raise


def backup_database(
    db_path: Path, backup_dir: Path, *, reason: str = REASON_MANUAL, now: datetime | None = None
) -> Path:
    """Copy the database into ``backup_dir`` and rotate; returns the new backup's path."""
    state = check_file(db_path)
    if not state.ok or not db_path.exists():
        raise UserError(
            tr("db.backup_source_bad", path=str(db_path)),
            tr("db.backup_source_bad_hint", detail=state.detail or state.state.value),
        )
    now = now or datetime.now(UTC)
    backup_dir.mkdir(parents=True, exist_ok=True)
    final = backup_dir / f"{PREFIX}{_stamp(now)}-{reason}.db"
    partial = final.with_name(final.name + ".partial")
    partial.unlink(missing_ok=True)
    with removed_on_failure(partial, tr("db.backup_failed")):
        copy_database(db_path, partial, "DELETE")
        result = check_file(partial)
        if result.state.value != "ok":
            raise UserError(tr("db.backup_failed"), result.detail)
        os.replace(partial, final)
        fsync_dir(backup_dir)
    rotate(backup_dir)
    return final


def rotate(
    backup_dir: Path,
    *,
    keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY,
    keep_pre_migration: int = KEEP_PRE_MIGRATION,
) -> list[Path]:
    """Delete backups outside the policy; returns the deleted paths."""
    backups = list_backups(backup_dir)
    keep: set[Path] = set()
    days: list[object] = []
    weeks: list[object] = []
    migrations = 0
    for info in backups:  # newest first: the first seen of each day/week is kept
        day = info.taken_at.date()
        week = info.taken_at.isocalendar()[:2]
        if day not in days:
            days.append(day)
            if len(days) <= keep_daily:
                keep.add(info.path)
        if week not in weeks:
            weeks.append(week)
            if len(weeks) <= keep_weekly:
                keep.add(info.path)
        if info.reason in (REASON_MIGRATION, REASON_RESTORE) and migrations < keep_pre_migration:
            migrations += 1
            keep.add(info.path)
    if backups:
        keep.add(backups[0].path)
    deleted = []
    for info in backups:
        if info.path not in keep:
            try:
                info.path.unlink()
                deleted.append(info.path)
            except OSError:
                pass
    return deleted


def auto_backup(
    db_path: Path,
    backup_dir: Path,
    *,
    min_interval: timedelta = timedelta(minutes=60),
    reason: str = REASON_START,
    now: datetime | None = None,
) -> Path | None:
    """A backup unless one was made in the last ``min_interval``; safe to call on a timer.

    Returns None when skipped (recent copy, no database yet, or a damaged database, which must
    never push good copies out of the rotation).
    """
    now = now or datetime.now(UTC)
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    newest = next(iter(list_backups(backup_dir)), None)
    if newest is not None and timedelta(0) <= now - newest.taken_at < min_interval:
        return None
    if check_file(db_path).state.value != "ok":
        return None
    return backup_database(db_path, backup_dir, reason=reason, now=now)


def newest_good_backup(backup_dirs: list[Path]) -> Path | None:
    """The newest backup in any of ``backup_dirs`` that passes the integrity check."""
    candidates = [b for folder in backup_dirs for b in list_backups(folder)]
    candidates.sort(key=lambda b: b.taken_at, reverse=True)
    for info in candidates:
        if check_file(info.path).state.value == "ok":
            return info.path
    return None


def _companions(db_path: Path) -> list[Path]:
    return [db_path, *(db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal"))]


def move_aside(db_path: Path, *, now: datetime | None = None, label: str = "damaged") -> Path:
    """Rename the database (and its WAL files) to ``<name>.<label>-<time>``; nothing is deleted."""
    stamp = _stamp(now or datetime.now(UTC))
    aside = db_path.with_name(f"{db_path.name}.{label}-{stamp}")
    for part in _companions(db_path):
        if part.exists():
            os.replace(part, part.with_name(aside.name + part.name[len(db_path.name) :]))
    fsync_dir(db_path.parent)
    return aside


def _has_tables(db_path: Path) -> bool:
    try:
        connection = sqlite3.connect(db_path, timeout=10)
        try:
            row = connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return True  # unreadable: let the backup report it rather than migrate blindly
    return bool(row and row[0])


def migration_backup_dir(db_path: Path) -> Path:
    """The data folder's backups when this is its database, else a ``backups`` folder beside it."""
    from ethics_trainer.paths import resolve_paths

    paths = resolve_paths()
    if paths.sqlite_path is not None and paths.sqlite_path.resolve() == db_path.resolve():
        return paths.backup_dir
    return db_path.parent / "backups"


def backup_before_migration(database_url: str) -> Path | None:
    """Called by ``migrate.upgrade`` when the schema is not at head: copy an existing file first.

    A new (absent, empty or table-less) database and server databases are not copied.
    """
    prefix = "sqlite:///"
    if not database_url.startswith(prefix) or ":memory:" in database_url:
        return None
    db_path = Path(database_url[len(prefix) :].split("?", 1)[0])
    if not db_path.is_file() or db_path.stat().st_size == 0 or not _has_tables(db_path):
        return None
    return backup_database(db_path, migration_backup_dir(db_path), reason=REASON_MIGRATION)
