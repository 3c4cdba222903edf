"""Reading a roster (full name, employee code, unit, position) from CSV or XLSX.

CSV must be UTF-8, with or without BOM, comma or semicolon separated (Excel in Vietnam often
writes semicolons). A legacy Vietnamese encoding (Windows-1258, TCVN3/ABC, VNI) is refused
with the number of the first row that shows it, so the centre can re-save the file as
"CSV UTF-8" instead of importing garbled names.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ethics_trainer.content.text import nfc
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr

HEADERS: dict[str, tuple[str, ...]] = {
    "full_name": (
        "họ và tên",
        "họ tên",
        "ho va ten",
        "ho ten",
        "full name",
        "full_name",
        "name",
        "tên",
    ),
    "employee_code": (
        "mã cán bộ",
        "mã",
        "mã số",
        "mã nhân viên",
        "ma can bo",
        "employee code",
        "employee_code",
        "code",
    ),
    "unit": ("đơn vị", "don vi", "unit", "cơ quan"),
    "position": ("chức vụ", "chuc vu", "position", "chức danh"),
}

# Letters of Vietnamese that live in Latin-1; any other Latin-1 letter or symbol in a name is
# the mark of TCVN3/VNI text read as if it were Unicode.
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")


@dataclass(frozen=True)
class RosterRow:
    full_name: str
    employee_code: str = ""
    unit: str = ""
    position: str = ""
    line: int = 0


def _clean(value: object) -> str:
    return " ".join(nfc("" if value is None else str(value)).split())


def _looks_legacy(text: str) -> bool:
    for ch in text:
        if 0x80 <= ord(ch) <= 0xFF and ch not in _VIET_LATIN1:
            return True
        if unicodedata.category(ch) == "Co" or ch == "\ufffd":
            return True
    return False


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = _clean(raw).lower().strip(" :*")
        for field, names in HEADERS.items():
            if name in names and field not in found:
                found[field] = index
    return found


def _rows(table: list[list[object]], source: str) -> list[RosterRow]:
    if not table:
        raise UserError(tr("exams.roster.empty", file=source))
    header = [_clean(c) for c in table[0]]
    columns = _header_map(header)
    if "full_name" not in columns:
        if any(_looks_legacy(h) for h in header):
            raise UserError(
                tr("exams.roster.legacy", file=source, row=1), tr("exams.roster.legacy_hint")
            )
        raise UserError(
            tr("exams.roster.no_name_column", file=source), tr("exams.roster.columns_hint")
        )
    result: list[RosterRow] = []
    for line, cells in enumerate(table[1:], start=2):
        values = {f: _clean(cells[i]) if i < len(cells) else "" for f, i in columns.items()}
        if not any(values.values()):
            continue
        if any(_looks_legacy(v) for v in values.values()):
            raise UserError(
                tr("exams.roster.legacy", file=source, row=line), tr("exams.roster.legacy_hint")
            )
        if not values.get("full_name"):
            raise UserError(tr("exams.roster.no_name", file=source, row=line))
        result.append(
            RosterRow(
                full_name=values["full_name"],
                employee_code=values.get("employee_code", ""),
                unit=values.get("unit", ""),
                position=values.get("position", ""),
                line=line,
            )
        )
    if not result:
        raise UserError(tr("exams.roster.empty", file=source))
    return result


def decode_csv(data: bytes, source: str) -> str:
    """UTF-8 text of a CSV file, or a refusal naming the first row that is not UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise UserError(
            tr("exams.roster.legacy", file=source, row=row), tr("exams.roster.legacy_hint")
        ) from exc


def parse_csv(text: str, source: str = "") -> list[RosterRow]:
    sample = text[:4096]
    first = sample.splitlines()[0] if sample else ""
    delimiter = (
        ";"
        if first.count(";") > first.count(",")
        else ("\t" if first.count("\t") > first.count(",") else ",")
    )
    table = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return _rows(table, source)


def read_xlsx(path: Path) -> list[RosterRow]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise UserError(tr("exams.roster.bad_xlsx", file=path.name), str(exc)) from exc
    try:
        sheet = book.worksheets[0]
        table = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return _rows(table, path.name)


def read_roster(path: Path | str) -> list[RosterRow]:
    """The roster in ``path`` (.csv, .txt or .xlsx)."""
    path = Path(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return read_xlsx(path)
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(tr("exams.roster.unreadable", file=path.name), str(exc)) from exc
    return parse_csv(decode_csv(data, path.name), path.name)
