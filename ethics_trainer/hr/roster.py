"""An optional roster (CSV or XLSX): the people who *should* take the training, matched to learners.

Without a roster the learners table is the roster. With one, people who never opened the app
show up as "not started", which is what HR needs to chase.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.content.text import nfc
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr

# accepted header spellings (casefolded) -> field
HEADERS: dict[str, str] = {
    "full_name": "full_name",
    "họ và tên": "full_name",
    "họ tên": "full_name",
    "name": "full_name",
    "employee_code": "employee_code",
    "mã cán bộ": "employee_code",
    "mã": "employee_code",
    "code": "employee_code",
    "unit": "unit",
    "đơn vị": "unit",
    "position": "position",
    "chức vụ": "position",
}


@dataclass(frozen=True)
class RosterEntry:
    full_name: str
    employee_code: str = ""
    unit: str = ""
    position: str = ""


def _clean(text: str | None) -> str:
    return " ".join(nfc(text or "").split())


def parse_roster(text: str) -> list[RosterEntry]:
    """Rows of a CSV with a header line (``,`` or ``;``); unknown columns are ignored."""
    text = text.lstrip("\ufeff")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], ",;\t")
    except csv.Error:
        dialect = csv.excel
    return _entries(csv.reader(io.StringIO(text), dialect))


def _entries(reader: Iterator[list[str]]) -> list[RosterEntry]:
    """Entries from rows whose first row is the header (CSV and XLSX alike)."""
    header = next(reader, None)
    if not header:
        raise UserError(tr("hr.error.roster_empty"))
    mapping = {i: HEADERS.get(_clean(h).casefold()) for i, h in enumerate(header)}
    if "full_name" not in mapping.values():
        raise UserError(tr("hr.error.roster_no_name"), tr("hr.error.roster_hint"))
    entries = []
    for row in reader:
        values = {f: _clean(row[i]) for i, f in mapping.items() if f and i < len(row)}
        if values.get("full_name"):
            entries.append(RosterEntry(**values))
    return entries


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    """Cell texts of the first sheet; empty cells as "" and numbers (codes) without ".0"."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [
                ""
                if v is None
                else str(int(v))
                if isinstance(v, float) and v.is_integer()
                else str(v)
                for v in row
            ]
    finally:
        book.close()


def load_roster(path: Path | str) -> list[RosterEntry]:
    """A roster from a CSV (UTF-8, with or without BOM) or an Excel workbook (.xlsx)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        try:
            return _entries(_xlsx_rows(path))
        except UserError:
            raise
        except Exception as exc:  # not a workbook, damaged, unreadable
            raise UserError(tr("hr.error.cannot_read", path=str(path)), str(exc)) from exc
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UserError(tr("hr.error.cannot_read", path=str(path)), str(exc)) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(tr("hr.error.not_utf8", path=str(path))) from exc
    return parse_roster(text)
