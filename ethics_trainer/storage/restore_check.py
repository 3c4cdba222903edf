"""Whether a database file about to be restored really opens in this version of the app.

``restore.schema_revision`` trusts the revision written in ``alembic_version``; a file whose
revision disagrees with its tables (an old file relabelled, a hand-edited copy) passed it,
was put in place, and then every command failed while ``db check`` said OK (F-RESTORE-2). So
a throwaway copy is migrated to the newest revision in a temporary folder, and its tables and
columns are compared with a new database's: a missing table or column, or a migration that
fails, refuses the file before the current database is touched.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr

Schema = dict[str, frozenset[str]]


def _schema(path: Path) -> Schema:
    """Table -> its columns (SQLite's own tables left out)."""
    connection = sqlite3.connect(path, timeout=10)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: frozenset(r[1] for r in connection.execute(f'PRAGMA table_info("{table}")'))
            for table in tables
        }
    finally:
        connection.close()


def _migrated(path: Path) -> None:
    from ethics_trainer.paths import sqlite_url
    from ethics_trainer.storage.db import open_database

    open_database(sqlite_url(path)).dispose()


@cache
def head_schema() -> Schema:
    """The tables and columns of a new database at the newest revision."""
    with tempfile.TemporaryDirectory(prefix="et-schema-") as folder:
        fresh = Path(folder) / "new.db"
        _migrated(fresh)
        return _schema(fresh)


def _differences(found: Schema, wanted: Schema) -> list[str]:
    missing = [t for t in sorted(wanted) if t not in found]
    columns = [
        f"{t}.{c}" for t in sorted(wanted) if t in found for c in sorted(wanted[t] - found[t])
    ]
    return missing + columns


def check_opens(path: Path) -> None:
    """Refuse (UserError, nothing changed) a file that would not open at the newest schema."""
    wanted = head_schema()
    with tempfile.TemporaryDirectory(prefix="et-restore-") as folder:
        copy = Path(folder) / "restoring.db"
        try:
            shutil.copyfile(path, copy)
            _migrated(copy)
            problems = _differences(_schema(copy), wanted)
        except (UserError, OSError, sqlite3.Error, SQLAlchemyError) as exc:  # a failed migration
            text = exc.message if isinstance(exc, UserError) else str(exc)
            detail = text.splitlines()[0] if text else ""
            raise UserError(
                tr("security.restore.schema_mismatch", path=str(path)),
                tr("security.restore.schema_mismatch_hint", detail=detail or type(exc).__name__),
            ) from exc
    if problems:
        raise UserError(
            tr("security.restore.schema_mismatch", path=str(path)),
            tr("security.restore.schema_mismatch_hint", detail=", ".join(problems[:5])),
        )
