"""The one roster reader for exams and HR: CSV or XLSX lists of people, strictly checked.

``read_roster(path, progress)`` returns :class:`RosterRow` objects or raises a
:class:`~ethics_trainer.errors.UserError` that names the file and the row: a legacy encoding,
an unclosed quote, a NUL, an over-long cell, a code with two names. Nothing is stored by the
reader, so a conflict is always reported before anything is written.
"""

from ethics_trainer.roster.model import RosterRow
from ethics_trainer.roster.reader import parse_csv_text, read_roster

__all__ = ["RosterRow", "parse_csv_text", "read_roster"]
