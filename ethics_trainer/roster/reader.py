"""Reading a roster file strictly: every problem is an error naming the file and the row.

CSV: the delimiter is taken from the header row (``,`` ``;`` or tab); a quote that is never
closed, a NUL character, a cell longer than :data:`MAX_CELL` or malformed quoting is refused
instead of merging the following people into one name. XLSX: the first sheet. Both: one
column vocabulary (:mod:`ethics_trainer.roster.columns`), one encoding check
(:mod:`ethics_trainer.roster.encoding`), and the same employee code under two different names
is a conflict reported before anything is stored. 100,000 rows take about a second.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.fileio.bounded_read import ROSTER_LIMIT, read_bytes_bounded
from ethics_trainer.i18n import tr
from ethics_trainer.roster.columns import header_map
from ethics_trainer.roster.encoding import decode, first_legacy_row, legacy_error, looks_legacy
from ethics_trainer.roster.model import RosterRow
from ethics_trainer.roster.xlsx import xlsx_rows

Progress = Callable[[int, int], None]  # (done, total) in rows, bytes or characters
MAX_CELL = 300  # characters in a name, code, unit or position
MAX_CONFLICTS_SHOWN = 3
_PROGRESS_EVERY = 5000


def _clean(value: object) -> str:
    return " ".join(("" if value is None else str(value)).split())


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_records(
    text: str, source: str, progress: Progress | None
) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each CSV record; refuses NULs and quotes that swallow line ends."""
    nul = text.find("\x00")
    if nul >= 0:
        raise UserError(tr("faults.roster.nul", file=source, row=text.count("\n", 0, nul) + 1))
    stream = io.StringIO(text, newline="")
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(stream, delimiter=_delimiter(first_line), strict=True)
    total = len(text)
    line = 1
    count = 0
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row = max(start, 1)
            if "end of data" in str(exc) or "unexpected end" in str(exc):
                raise UserError(
                    tr("faults.roster.unclosed_quote", file=source, row=row),
                    tr("faults.roster.quote_hint"),
                ) from exc
            if "field larger than field limit" in str(exc):
                raise UserError(
                    tr(
                        "faults.roster.too_long",
                        file=source,
                        row=row,
                        length=">131072",
                        limit=MAX_CELL,
                    )
                ) from exc
            raise UserError(
                tr("faults.roster.bad_csv", file=source, row=row, error=exc),
                tr("faults.roster.quote_hint"),
            ) from exc
        line = start
        if reader.line_num > start and any("\n" in c or "\r" in c for c in cells):
            raise UserError(
                tr("faults.roster.unclosed_quote", file=source, row=line),
                tr("faults.roster.quote_hint"),
            )
        count += 1
        if progress is not None and count % _PROGRESS_EVERY == 0:
            progress(stream.tell(), total)
        yield line, cells
    if progress is not None:
        progress(total, total)


def _rows(
    records: Iterable[tuple[int, Sequence[object]]], source: str, check_legacy: bool
) -> list[RosterRow]:
    iterator = iter(records)
    first = next(iterator, None)
    if first is None:
        raise UserError(tr("faults.roster.empty", file=source))
    header_line, header = first
    columns = header_map(header)
    if "full_name" not in columns:
        if any(looks_legacy(_clean(h)) for h in header):
            raise legacy_error(source, header_line)
        raise UserError(
            tr("faults.roster.no_name_column", file=source), tr("faults.roster.columns_hint")
        )
    fields = list(columns.items())
    result: list[RosterRow] = []
    codes: dict[str, RosterRow] = {}
    conflicts: list[tuple[RosterRow, RosterRow]] = []
    for line, cells in iterator:
        size = len(cells)
        values = {f: _clean(cells[i]) if i < size else "" for f, i in fields}
        if not any(values.values()):
            continue
        for value in values.values():
            if len(value) > MAX_CELL:
                raise UserError(
                    tr(
                        "faults.roster.too_long",
                        file=source,
                        row=line,
                        length=len(value),
                        limit=MAX_CELL,
                    )
                )
            if check_legacy and looks_legacy(value):
                raise legacy_error(source, line)
        name = values.get("full_name", "")
        if not name:
            raise UserError(tr("faults.roster.no_name", file=source, row=line))
        row = RosterRow(
            full_name=name,
            employee_code=values.get("employee_code", ""),
            unit=values.get("unit", ""),
            position=values.get("position", ""),
            line=line,
        )
        if row.employee_code:
            key = row.employee_code.casefold()
            seen = codes.get(key)
            if seen is not None:
                if seen.full_name.casefold() != name.casefold():
                    conflicts.append((seen, row))
                continue  # the same person listed twice: once is enough
            codes[key] = row
        result.append(row)
    if conflicts:
        raise _conflict_error(source, conflicts)
    if not result:
        raise UserError(tr("faults.roster.empty", file=source))
    return result


def _conflict_error(source: str, conflicts: list[tuple[RosterRow, RosterRow]]) -> UserError:
    lines = [
        tr(
            "faults.roster.conflict",
            file=source,
            code=later.employee_code,
            first=first.line,
            first_name=first.full_name,
            row=later.line,
            name=later.full_name,
        )
        for first, later in conflicts[:MAX_CONFLICTS_SHOWN]
    ]
    if len(conflicts) > MAX_CONFLICTS_SHOWN:
        lines.append(tr("faults.roster.conflicts_more", count=len(conflicts) - MAX_CONFLICTS_SHOWN))
    return UserError("\n".join(lines), tr("faults.roster.conflict_hint"))


def parse_csv_text(
    text: str, source: str = "", progress: Progress | None = None
) -> list[RosterRow]:
    """The rows of CSV ``text`` (already decoded; NFC is applied here too)."""
    import unicodedata

    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    # One regex over the whole text: only when it finds something are cells checked one by one.
    check_legacy = first_legacy_row(text) is not None
    return _rows(_csv_records(text, source, progress), source, check_legacy)


def _xlsx_records(data: bytes, source: str) -> Iterator[tuple[int, list[str]]]:
    for line, cells in xlsx_rows(data, source):
        for text in cells:
            if "\x00" in text:
                raise UserError(tr("faults.roster.nul", file=source, row=line))
        yield line, cells


def read_roster(path: Path | str, progress: Progress | None = None) -> list[RosterRow]:
    """The people in ``path`` (.csv, .txt, .tsv, .xlsx, .xlsm), strictly checked.

    The file is read bounded (:data:`ROSTER_LIMIT`, regular files only); ``progress`` is
    called with (done, total) as it goes."""
    path = Path(path)
    source = path.name
    data = read_bytes_bounded(path, ROSTER_LIMIT)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import unicodedata

        records = (
            (line, [unicodedata.normalize("NFC", str(c)) for c in cells])
            for line, cells in _xlsx_records(data, source)
        )
        rows = _rows(records, source, check_legacy=True)
        if progress is not None:
            progress(1, 1)
        return rows
    return parse_csv_text(decode(data, source), source, progress)
