"""A random identity for the database, so the proctor PC's seal notes name the database they
belong to.

Session numbers restart in every new database: a note of "session 3 sealed as HN-A" must not
speak for session 3 of another database, and a note from *this* database under another code
means the session was renamed. The identity is a random value in ``app_setting``, made at the
first open by this version; the key folder remembers the last one it saw, so a changed
identity (a replaced or rewritten database) is reported once as an alarm, never silently.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ethics_trainer.fileio import safe_write
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import AppSetting

SETTING_KEY = "database_id"
SEEN_FILE_NAME = "database-id"  # in the key folder: the identity this PC last worked with


def database_id(db: Database) -> str:
    """This database's identity, created (random, 128 bits) when it has none yet."""
    with db.session() as session:
        row = session.get(AppSetting, SETTING_KEY)
        if row is not None and row.value:
            return row.value
    try:
        with db.session() as session:
            _store(session, secrets.token_hex(16))
    except IntegrityError:  # another PC made it at the same moment: use theirs
        pass
    with db.session() as session:
        row = session.get(AppSetting, SETTING_KEY)
        assert row is not None
        return row.value


def _store(session: Session, value: str) -> None:
    row = session.get(AppSetting, SETTING_KEY)
    if row is None:
        session.add(AppSetting(key=SETTING_KEY, value=value))
    elif not row.value:
        row.value = value
        session.add(row)


def changed_since_last_seen(db: Database, folder: Path) -> tuple[str, str] | None:
    """(last seen, now) when this database's identity differs from the one this PC last
    worked with; the new one is then remembered, so the change is reported once."""
    current = database_id(db)
    path = folder / SEEN_FILE_NAME
    try:
        seen = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        seen = ""
    except (OSError, UnicodeDecodeError):
        seen = "?"
    if seen == current:
        return None
    _remember(path, current)
    return (seen, current) if seen else None


def _remember(path: Path, value: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    safe_write.write_text(path, value, encoding="ascii")
