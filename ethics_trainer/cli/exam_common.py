"""Helpers shared by the exam commands: reading a password from a prompt or from stdin."""

from __future__ import annotations

import argparse
import getpass
import sys

from ethics_trainer.storage.db import Database


def read_secret(prompt: str) -> str:
    """From the terminal without echo, or one line of stdin when piped (scripts, tests)."""
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def open_db(args: argparse.Namespace) -> Database:
    from ethics_trainer.cli.main import paths_from_args
    from ethics_trainer.storage.db import open_database

    paths = paths_from_args(args).ensure()
    return open_database(paths.database_url)


def require_role(db: Database, role: str) -> None:
    """Ask for the role's password (the admin password also opens the proctor role)."""
    from ethics_trainer.exams import passwords
    from ethics_trainer.i18n import tr

    passwords.verify_password(db, role, read_secret(tr("exams.password.cli_prompt", role=role)))
