"""Fixtures shared by the exam tests: a room driven through the CLI."""

from __future__ import annotations

import io

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import passwords

from .helpers import make_exam


@pytest.fixture
def cli_room(db_url, sample_content, monkeypatch):
    from ethics_trainer.storage.db import open_database

    database = open_database(db_url)
    setup = make_exam(database, sample_content, FixedClock())
    passwords.set_password(database, "proctor", "giam-thi-1")

    def run(*argv: str, password: str = "giam-thi-1") -> int:
        from ethics_trainer.cli.main import main

        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        return main(["--database", db_url, "exam", *argv])

    yield database, setup, run
    database.dispose()
