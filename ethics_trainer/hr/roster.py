"""HR's names for the one roster reader, :mod:`ethics_trainer.roster`.

An optional roster (CSV or XLSX) lists the people who *should* take the training; people who
never opened the app then show up as "not started". The reading itself — column names in
Vietnamese and English, encoding, strict CSV, code conflicts — is shared with exams.
"""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.roster import RosterRow, parse_csv_text, read_roster
from ethics_trainer.roster.reader import Progress

RosterEntry = RosterRow


def parse_roster(text: str) -> list[RosterRow]:
    """Rows of a CSV text with a header line."""
    return parse_csv_text(text, "roster")


def load_roster(path: Path | str, progress: Progress | None = None) -> list[RosterRow]:
    return read_roster(path, progress)


__all__ = ["RosterEntry", "load_roster", "parse_roster"]
