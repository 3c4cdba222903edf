"""What the app does with its database file at start, before opening it.

:func:`startup_check` is the one call for the GUI (run it off the GUI thread, before
``open_database``): it checks the SQLite file, makes the start-up backup when the file is good,
and when it is damaged names the newest good backup to offer. :func:`recover` then restores it.
Nothing here imports Qt or SQLAlchemy, so it is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.paths import AppPaths
from ethics_trainer.storage.backup import auto_backup, list_backups, newest_good_backup
from ethics_trainer.storage.integrity import CheckResult, FileState, check_file
from ethics_trainer.storage.restore import RolePasswordRow, restore_backup

START_BACKUP_INTERVAL = timedelta(minutes=60)


class Health(StrEnum):
    OK = "ok"  # a good database, or a server database (not checked here)
    NEW = "new"  # no database yet: one will be made
    CORRUPT = "corrupt"  # damaged: offer ``backup`` (may be None: no good copy)
    UNREADABLE = "unreadable"  # locked or no permission: tell the user, do not restore


@dataclass(frozen=True)
class StartupHealth:
    health: Health
    db_path: Path | None = None
    check: CheckResult | None = None
    backup: Path | None = None  # newest good backup (offered when CORRUPT)
    backup_made: Path | None = None  # the start-up backup made just now, if any
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.health in (Health.OK, Health.NEW)

    def message(self) -> str:
        """One translated paragraph for a dialog or the terminal."""
        return "\n".join(self.messages)


def backup_dirs(paths: AppPaths) -> list[Path]:
    """Where backups of this database may be: the data folder's, and one beside the file."""
    dirs = [paths.backup_dir]
    db_path = paths.sqlite_path
    if db_path is not None and db_path.parent / "backups" != paths.backup_dir:
        dirs.append(db_path.parent / "backups")
    return dirs


def describe(result: CheckResult) -> str:
    key = {
        FileState.NOT_DATABASE: "db.state_not_database",
        FileState.TRUNCATED: "db.state_truncated",
        FileState.CORRUPT: "db.state_corrupt",
        FileState.UNREADABLE: "db.state_unreadable",
        FileState.NO_SPACE: "faults.db.disk_full",
        FileState.EMPTY: "db.state_empty",
    }.get(result.state, "db.state_ok")
    return tr(key, detail=result.detail, path=result.detail)


def startup_check(
    paths: AppPaths,
    *,
    make_backup: bool = True,
    min_interval: timedelta = START_BACKUP_INTERVAL,
    now: datetime | None = None,
) -> StartupHealth:
    """Check the database file; back it up when good; find a backup when damaged."""
    db_path = paths.sqlite_path
    if db_path is None:
        return StartupHealth(Health.OK)
    result = check_file(db_path)
    dirs = backup_dirs(paths)
    # An empty file where backups exist was a database: treat it as damaged, not as new.
    if result.state is FileState.EMPTY and any(list_backups(d) for d in dirs):
        result = CheckResult(FileState.EMPTY, "0 bytes")
    elif result.state in (FileState.MISSING, FileState.EMPTY):
        return StartupHealth(Health.NEW, db_path, result)
    if result.state is FileState.NO_SPACE:  # a full disk is never called damage
        messages = [tr("faults.db.disk_full", path=str(db_path)), tr("faults.db.disk_full_hint")]
        return StartupHealth(Health.UNREADABLE, db_path, result, messages=messages)
    if result.state is FileState.UNREADABLE:
        return StartupHealth(Health.UNREADABLE, db_path, result, messages=[describe(result)])
    if result.state is FileState.OK:
        made = None
        if make_backup:
            try:
                made = auto_backup(db_path, paths.backup_dir, min_interval=min_interval, now=now)
            except UserError:
                made = None  # a failed backup must not stop the app; the next start retries
        return StartupHealth(Health.OK, db_path, result, backup_made=made)
    good = newest_good_backup(dirs)
    messages = [tr("db.damaged", path=str(db_path)), describe(result)]
    messages.append(tr("db.offer_backup", path=str(good)) if good else tr("db.no_good_backup"))
    return StartupHealth(Health.CORRUPT, db_path, result, backup=good, messages=messages)


def recover(
    health: StartupHealth,
    *,
    now: datetime | None = None,
    keep_passwords: list[RolePasswordRow] | None = None,
) -> Path | None:
    """Restore the offered backup over the damaged file; returns where the damaged file went.
    ``keep_passwords``: the role passwords the restored file carries, as decided by
    ``exams.restore_guard`` once the admin password was given."""
    if health.db_path is None or health.backup is None:
        raise UserError(tr("db.no_good_backup"))
    from ethics_trainer.storage.restore_check import check_opens

    return restore_backup(
        health.backup,
        health.db_path,
        now=now,
        label="damaged",
        keep_passwords=keep_passwords,
        check_opens=check_opens,
    )
