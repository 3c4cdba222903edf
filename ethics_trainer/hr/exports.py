"""Report rows to XLSX (openpyxl) and CSV, safe to open in Excel.

- XLSX: numbers as numbers, times as real Excel dates, frozen header row, sized columns.
  Written in openpyxl's write-only mode so 100,000 rows stay fast and small in memory.
- CSV: UTF-8 with BOM (Excel then reads Vietnamese correctly), ``,`` or ``;``; with ``;``
  numbers use the decimal comma, as Vietnamese Excel expects.
- Text starting with ``= + - @`` (or tab / carriage return) gets a leading apostrophe, so a
  name like ``=HYPERLINK(...)`` can never run as a formula (CSV/formula injection).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ethics_trainer.errors import UserError
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import formats, tr

FORMATS = ("csv", "xlsx")
DELIMITERS = (",", ";")
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
STEP = 2000  # rows between two progress reports


@dataclass(frozen=True)
class Column:
    key: str  # attribute of the row
    header: str  # message id of the header
    kind: str = "text"  # text | int | number | datetime | status | bool
    width: int = 14  # characters, for XLSX


COMPLETION_COLUMNS: tuple[Column, ...] = (
    Column("full_name", "hr.col.full_name", width=26),
    Column("employee_code", "hr.col.employee_code", width=12),
    Column("unit", "hr.col.unit", width=30),
    Column("position", "hr.col.position", width=18),
    Column("course_title", "hr.col.course", width=36),
    Column("status", "hr.col.status", "status", 16),
    Column("completed_at", "hr.col.completed_at", "datetime", 17),
    Column("score", "hr.col.score", "number", 8),
    Column("attempts", "hr.col.attempts", "int", 9),
    Column("best_score", "hr.col.best_score", "number", 10),
    Column("last_activity", "hr.col.last_activity", "datetime", 17),
    Column("certificate_no", "hr.col.certificate_no", width=18),
    Column("content_hash", "hr.col.content_hash", width=14),
)

ATTEMPT_COLUMNS: tuple[Column, ...] = (
    Column("attempt_id", "hr.col.attempt_id", "int", 9),
    Column("full_name", "hr.col.full_name", width=26),
    Column("unit", "hr.col.unit", width=30),
    Column("course_title", "hr.col.course", width=36),
    Column("kind", "hr.col.kind", width=10),
    Column("started_at", "hr.col.started_at", "datetime", 17),
    Column("submitted_at", "hr.col.submitted_at", "datetime", 17),
    Column("score", "hr.col.score", "number", 8),
    Column("passed", "hr.col.passed", "bool", 8),
)


def neutralise(text: str) -> str:
    """Make text that a spreadsheet would read as a formula plain text."""
    return "'" + text if text.startswith(DANGEROUS_START) else text


def status_label(status: str) -> str:
    return tr(f"hr.status.{status}")


def typed_value(row: object, column: Column) -> Any:
    """The cell's value: int, float, naive local datetime, bool, str or None."""
    value = getattr(row, column.key)
    if value is None:
        return None
    if column.kind == "datetime":
        return formats.local(value).replace(tzinfo=None, microsecond=0)
    if column.kind == "status":
        return status_label(value)
    if column.kind == "bool":
        return tr("hr.yes") if value else tr("hr.no")
    if column.kind == "content_hash" or column.key == "content_hash":
        return str(value)[:12]
    if column.kind in ("int", "number"):
        return value
    return neutralise(str(value))


def _csv_text(value: Any, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


def _check_target(path: Path, fmt: str) -> None:
    if fmt not in FORMATS:
        raise UserError(tr("hr.error.bad_format", format=fmt))
    if not path.parent.is_dir():
        raise UserError(tr("hr.error.no_folder", path=str(path.parent)))


def export_rows(
    rows: Sequence[object],
    columns: Sequence[Column],
    path: Path | str,
    fmt: str,
    delimiter: str = ",",
) -> Iterator[Progress]:
    """Write ``rows`` to ``path``; yields progress. Written to a temporary file, then renamed,
    so a cancelled or failed export never leaves half a file under the real name."""
    path = Path(path)
    _check_target(path, fmt)
    if delimiter not in DELIMITERS:
        raise UserError(tr("hr.error.bad_delimiter", delimiter=delimiter))
    tmp = path.with_name(path.name + ".part")
    writer = (
        _write_csv(rows, columns, tmp, delimiter)
        if fmt == "csv"
        else _write_xlsx(rows, columns, tmp)
    )
    try:
        yield from writer
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(tr("hr.error.cannot_write", path=str(path)), str(exc)) from exc
    finally:
        writer.close()
        tmp.unlink(missing_ok=True)
    yield Progress(len(rows), len(rows), path.name)


def _write_csv(
    rows: Sequence[object], columns: Sequence[Column], path: Path, delimiter: str
) -> Iterator[Progress]:
    decimal_comma = delimiter == ";"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        out.writerow([neutralise(tr(c.header)) for c in columns])
        for i, row in enumerate(rows, 1):
            out.writerow([_csv_text(typed_value(row, c), decimal_comma) for c in columns])
            if i % STEP == 0:
                yield Progress(i, len(rows))


def _write_xlsx(
    rows: Sequence[object], columns: Sequence[Column], path: Path
) -> Iterator[Progress]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(tr("hr.sheet.report")[:31])
    sheet.freeze_panes = "A2"
    for i, c in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = c.width
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    header = []
    for c in columns:
        cell = WriteOnlyCell(sheet, value=tr(c.header))
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    formats_by_kind = {"datetime": "dd/mm/yyyy hh:mm", "number": "0.0", "int": "0"}
    templates: list[WriteOnlyCell | None] = []
    for c in columns:
        fmt = formats_by_kind.get(c.kind)
        templates.append(fmt)  # type: ignore[arg-type]
    for i, row in enumerate(rows, 1):
        cells: list[Any] = []
        for c, number_format in zip(columns, templates, strict=True):
            value = typed_value(row, c)
            if number_format and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = number_format  # type: ignore[assignment]
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
        if i % STEP == 0:
            yield Progress(i, len(rows))
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    book.save(path)


def run(job: Iterator[Progress]) -> Progress | None:
    """Run a job to the end without showing progress; returns the last report."""
    last = None
    for last in job:  # noqa: B007
        pass
    return last
