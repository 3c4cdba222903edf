"""The exam room's names for the one roster reader, :mod:`ethics_trainer.roster`.

Column names in Vietnamese and English, one encoding check (legacy TCVN3/VNI/Windows-1258
refused by row), strict CSV and code conflicts are shared with HR.
"""

from __future__ import annotations

from ethics_trainer.roster import RosterRow, read_roster
from ethics_trainer.roster.encoding import decode as decode_csv
from ethics_trainer.roster.reader import parse_csv_text as parse_csv

__all__ = ["RosterRow", "decode_csv", "parse_csv", "read_roster"]
