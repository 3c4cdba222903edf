"""What every ``exam`` action shares: naming a session, this run's data folder, and
the database opened after the role's password.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily: registering a command must not load the database layer
    from ethics_trainer.storage.db import Database


SESSION_HELP = "the session code shown on screen (e.g. K7M2QX), or its number"


def session_id(db: Database, value: str | int) -> int:
    """The session a ``--session`` names: its code as the screens show it (spaces, dashes and
    case do not matter), else its number."""
    from ethics_trainer.errors import UserError
    from ethics_trainer.exams import sessions

    text = str(value).strip()
    try:
        return sessions.find_session(db, text).id
    except UserError:
        if not text.isdigit():
            raise
    return sessions.get_session(db, int(text)).id


def data_dir(args: argparse.Namespace) -> Path:
    """This run's data folder: where the proctor PC's seal key, notes and trusted keys are."""
    from ethics_trainer.cli.main import paths_from_args

    return paths_from_args(args).data_dir


def with_db(args: argparse.Namespace, role: str | None = "proctor") -> Database:
    from ethics_trainer.cli.exam_common import open_db, require_role

    db = open_db(args)
    if role:
        try:
            require_role(db, role)
        except BaseException:
            db.dispose()
            raise
    return db
