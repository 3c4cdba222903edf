"""``ethics-trainer db backup|restore [FILE]|check``: the SQLite file's safety net by hand.

``check`` exits 1 when the file is damaged (and names the newest good backup); ``restore``
needs the admin password, accepts only an Ethics Trainer database of a known schema version,
keeps the current role passwords and keeps the replaced file aside. Only the standard library and our storage helpers are loaded:
no Qt, no SQLAlchemy.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ethics_trainer.i18n import tr

if TYPE_CHECKING:
    from ethics_trainer.paths import AppPaths
    from ethics_trainer.storage.restore import RolePasswordRow


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("db", help=tr("db.help"))
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    backup = actions.add_parser("backup", help=tr("db.help_backup"))
    backup.set_defaults(handler=run_backup)
    restore = actions.add_parser("restore", help=tr("db.help_restore"))
    restore.add_argument("file", nargs="?", help=tr("db.help_restore_file"))
    restore.set_defaults(handler=run_restore)
    check = actions.add_parser("check", help=tr("db.help_check"))
    check.set_defaults(handler=run_check)


def _db_path(args: argparse.Namespace) -> tuple[Path, AppPaths]:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.errors import UserError

    paths = paths_from_args(args)
    if paths.sqlite_path is None:
        raise UserError(tr("db.not_sqlite"))
    return paths.sqlite_path, paths


def run_backup(args: argparse.Namespace) -> int:
    from ethics_trainer.storage.backup import REASON_MANUAL, backup_database

    db_path, paths = _db_path(args)
    made = backup_database(db_path, paths.backup_dir, reason=REASON_MANUAL)
    print(tr("db.backup_done", path=str(made)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from ethics_trainer.errors import UserError
    from ethics_trainer.storage.backup import newest_good_backup
    from ethics_trainer.storage.health import backup_dirs
    from ethics_trainer.storage.restore import restore_backup, schema_revision

    db_path, paths = _db_path(args)
    if args.file:
        backup = Path(args.file).expanduser()
        if not backup.is_file():
            raise UserError(tr("db.restore_no_file", path=str(backup)))
    else:
        found = newest_good_backup(backup_dirs(paths))
        if found is None:
            raise UserError(tr("db.no_good_backup"))
        backup = found
    schema_revision(backup)  # a foreign file is refused before any password is asked
    keep = _require_admin(db_path, paths.database_url, backup, backup_dirs(paths))
    from ethics_trainer.storage.restore_check import check_opens

    aside = restore_backup(
        backup, db_path, label="before-restore", keep_passwords=keep, check_opens=check_opens
    )
    if aside is None:
        print(tr("db.restore_done_new", backup=str(backup)))
    else:
        print(tr("db.restore_done", backup=str(backup), aside=str(aside)))
    return 0


def _require_admin(
    db_path: Path, url: str, backup: Path, folders: list[Path]
) -> list[RolePasswordRow] | None:
    """Ask for the admin password when the restore needs it (``exams.restore_guard``, the
    same rule as the start-up restore in the GUI); return the role passwords to carry."""
    from ethics_trainer.cli.exam_common import read_password
    from ethics_trainer.exams.restore_guard import restore_gate

    gate = restore_gate(db_path, url, backup, folders)
    if gate.needs_password:
        gate.check(read_password(tr("exams.password.cli_prompt", role="admin")))
    return gate.keep


def run_check(args: argparse.Namespace) -> int:
    from ethics_trainer.storage.backup import list_backups
    from ethics_trainer.storage.health import Health, backup_dirs, startup_check
    from ethics_trainer.storage.walguard import missing_error, wal_lost

    db_path, paths = _db_path(args)
    if wal_lost(db_path):  # said before anything opens the file and clears the evidence
        print(str(missing_error(db_path)))
        return 1
    health = startup_check(paths, make_backup=False)
    if health.health is Health.NEW:
        print(tr("db.check_new", path=str(db_path)))
    elif health.ok:
        print(tr("db.check_ok", path=str(db_path)))
    else:
        print(health.message())
    for folder in backup_dirs(paths):
        count = len(list_backups(folder))
        if count:
            print(tr("db.check_backups", count=count, folder=str(folder)))
    return 0 if health.ok else 1
