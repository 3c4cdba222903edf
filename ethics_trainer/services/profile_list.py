"""The profiles people pick from: one SQL statement, and a start-up read without SQLAlchemy.

The window's first screen lists the profiles, and nothing else on it needs the database.
Loading SQLAlchemy, SQLModel and pydantic to open it costs ~50 MB that an idle window would
keep (issue #17), so at start the desktop app reads the list from the SQLite file with the
standard library (:func:`startup_learners`) and opens the database fully only for the first
thing a person does with it. :data:`LEARNERS_SQL` is THE query for this list: the same text
runs on an open :class:`~ethics_trainer.storage.db.Database` (``learners.list_learners``, the
CLI and every later refresh), on SQLite and PostgreSQL alike.

The light read is only an optimisation, so it declines (None) whenever the full open has work
or a message for the person: no file yet, a folder or file it may not write, a marker left
by another or a crashed process (``walguard``), a schema that is not the newest, a self-study
quiz still open (it may have timed out meanwhile), or any SQLite error (locked, damaged).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ethics_trainer.storage.schema_head import head_revision
from ethics_trainer.storage.walguard import MARKER

# Not archived, not made up (``demo-data`` people fill the HR screens but are nobody's
# profile), most recently used first.
LEARNERS_SQL = (
    "SELECT id, full_name, employee_code, unit, position FROM learner"
    " WHERE NOT archived AND NOT demo"
    " ORDER BY last_used_at DESC, full_name"
)
# A self-study quiz left open with a deadline: the full open submits it if it timed out.
_OPEN_TIMED_SQL = (
    "SELECT 1 FROM attempt WHERE submitted_at IS NULL AND deadline IS NOT NULL LIMIT 1"
)


@dataclass(frozen=True)
class LearnerInfo:
    id: int
    full_name: str
    employee_code: str
    unit: str
    position: str

    @property
    def label(self) -> str:
        parts = [self.full_name]
        if self.unit:
            parts.append(self.unit)
        return " — ".join(parts)


def learner_infos(rows: Iterable[Sequence[Any]]) -> list[LearnerInfo]:
    """The rows of :data:`LEARNERS_SQL` as profiles."""
    return [LearnerInfo(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def startup_learners(db_path: Path) -> list[LearnerInfo] | None:
    """The profiles in the SQLite file at ``db_path``, read without SQLAlchemy; None when the
    database must be opened fully first (see the module's docstring)."""
    if not db_path.is_file() or not _writable(db_path):
        return None
    # a process has the file open, or died with it open: walguard's check comes first
    if any(db_path.parent.glob(f"{db_path.name}{MARKER}*")):
        return None
    try:
        connection = sqlite3.connect(db_path, timeout=2)
    except sqlite3.Error:
        return None
    try:
        cursor = connection.cursor()
        versions = cursor.execute("SELECT version_num FROM alembic_version").fetchall()
        if versions != [(head_revision(),)]:
            return None
        if cursor.execute(_OPEN_TIMED_SQL).fetchone() is not None:
            return None
        return learner_infos(cursor.execute(LEARNERS_SQL).fetchall())
    except sqlite3.Error:
        return None
    finally:
        connection.close()
