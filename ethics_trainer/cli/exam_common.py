"""Helpers shared by the commands that need a role: reading a password, opening the database.

A role's password comes from ``ETHICS_TRAINER_PASSWORD`` (scripts), else the terminal (no
echo), else one line of standard input. A new password is never taken from the environment.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from ethics_trainer.storage.db import Database

PASSWORD_ENV = "ETHICS_TRAINER_PASSWORD"


def read_secret(prompt: str) -> str:
    """From the terminal without echo, or one line of stdin when piped (scripts, tests)."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def read_password(prompt: str) -> str:
    """The current password of a role: the environment variable first, then as read_secret."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    return read_secret(prompt)


def open_db(args: argparse.Namespace) -> Database:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.storage.db import open_database

    paths = paths_from_args(args).ensure()
    return open_database(paths.database_url)


def require_role(db: Database, role: str) -> None:
    """Ask for the role's password (the admin password also opens the proctor and HR roles),
    exactly as the GUI does before the same action."""
    from ethics_trainer.errors import UserError
    from ethics_trainer.exams import passwords
    from ethics_trainer.i18n import tr

    if not any(passwords.has_password(db, r) for r in (role, passwords.ROLE_ADMIN)):
        # nothing could be right: say so before asking
        raise UserError(tr("exams.password.not_set"), tr("exams.password.not_set_hint"))
    passwords.verify_password(db, role, read_password(tr("exams.password.cli_prompt", role=role)))
