"""Report rows to XLSX and CSV, safe to open in Excel.

- XLSX: numbers as numbers, times as real Excel dates, frozen header row, sized columns,
  autofilter; written by :mod:`ethics_trainer.hr.xlsx_table` (streamed, flat memory).
- CSV: UTF-8 with BOM (Excel then reads Vietnamese correctly), ``,`` or ``;``; with ``;``
  numbers use the decimal comma, as Vietnamese Excel expects.
- Text starting with ``= + - @`` (or tab / carriage return) gets a leading apostrophe, so a
  name like ``=HYPERLINK(...)`` can never run as a formula (CSV/formula injection).
"""

from __future__ import annotations

import csv
import io
import re
import time as _time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice, repeat
from operator import add, attrgetter, floordiv, mod
from pathlib import Path
from typing import Any, cast

from ethics_trainer.errors import UserError
from ethics_trainer.fileio.safe_write import atomic_path
from ethics_trainer.gc_pause import paused_gc
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import formats, tr
from ethics_trainer.safe_cells import neutralise

FORMATS = ("csv", "xlsx")
DELIMITERS = (",", ";")
STEP = 2000  # rows between two progress reports
MEMO_LIMIT = 20_000  # converted values remembered per column (a stream of 1,000,000 rows)
# after a \x00 joiner: a value starting like a formula or with a space (literal first: fast)
_FORMULA_START = re.compile("\x00[=+\\-@\t\r\\s]")
ATTEMPT_KINDS = ("quiz", "final", "practice", "review", "exam")  # Attempt.kind values


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
    Column("kind", "hr.col.kind", "attempt_kind", 18),
    Column("started_at", "hr.col.started_at", "datetime", 17),
    Column("submitted_at", "hr.col.submitted_at", "datetime", 17),
    Column("score", "hr.col.score", "number", 8),
    Column("passed", "hr.col.passed", "bool", 8),
)


def status_label(status: str) -> str:
    return tr(f"hr.status.{status}")


def kind_label(kind: str) -> str:
    """'final' -> 'Bài kiểm tra cuối khoá'; an unknown kind is shown as it is."""
    return tr(f"hr.kind.{kind}") if kind in ATTEMPT_KINDS else kind


def typed_value(row: object, column: Column) -> Any:
    """The cell's value: int, float, naive local datetime, bool, str or None."""
    value = getattr(row, column.key)
    if value is None:
        return None
    if column.kind == "datetime":
        return formats.local(value).replace(tzinfo=None, microsecond=0)
    if column.kind == "status":
        return status_label(value)
    if column.kind == "attempt_kind":
        return kind_label(value)
    if column.kind == "bool":
        return tr("hr.yes") if value else tr("hr.no")
    if column.kind == "content_hash" or column.key == "content_hash":
        return str(value)[:12]
    if column.kind in ("int", "number"):
        return value
    return neutralise(str(value))


_EPOCH = datetime(1970, 1, 1)
_TZINFO = attrgetter("tzinfo")


class LocalTimes:
    """Stored UTC times -> local wall-clock time in whole seconds since 1970-01-01, the time
    ``formats.local(v).replace(tzinfo=None, microsecond=0)`` shows, several times cheaper.

    ``astimezone()`` asks the C library for the zone's offset on every value; here it is asked
    once per hour of UTC time, at both ends of the hour: an hour in which the offset changes is
    converted value by value, the exact way. Writers format the seconds directly (a CSV date is
    a memoised day and minute, an XLSX date a number); :meth:`naive` gives the datetime.
    """

    def __init__(self) -> None:
        self.offsets: dict[int, int] = {}  # UTC hour -> offset, for hours without a change

    def _exact(self, value: datetime) -> int:
        """The slow exact way; learns the hour's offset when it holds for the whole hour."""
        local = formats.local(value)
        since = local.replace(tzinfo=None, microsecond=0) - _EPOCH
        seconds = since.days * 86400 + since.seconds
        hour = int(local.timestamp()) // 3600
        if 0 <= hour < 2**33 // 3600:  # a float keeps whole seconds exact in 1970-2242
            first = _time.localtime(hour * 3600).tm_gmtoff
            if first == _time.localtime(hour * 3600 + 3599).tm_gmtoff:
                self.offsets[hour] = first
        return seconds

    def seconds(self, values: Sequence[datetime | None]) -> list[int | None]:
        """Local seconds of each time (``None`` stays ``None``)."""
        fast = self._fast(values)
        return fast if fast is not None else self._one_by_one(values)

    def _fast(self, values: Sequence[datetime | None]) -> list[int | None] | None:
        """The usual case, every step a ``map`` in C: aware times, 1970-2242, offsets known
        for every hour (learnt here). ``None`` when a value needs the per-value way."""
        if not values or None in values or None in set(map(_TZINFO, values)):
            return None
        present = cast("Sequence[datetime]", values)  # None was ruled out just above
        stamps = list(map(int, map(datetime.timestamp, present)))
        if min(stamps) < 0 or max(stamps) >= 2**33:
            return None
        hours = list(map(floordiv, stamps, repeat(3600)))
        for hour in set(hours).difference(self.offsets):
            first = _time.localtime(hour * 3600).tm_gmtoff
            if first != _time.localtime(hour * 3600 + 3599).tm_gmtoff:
                return None  # the offset changes within that hour
            self.offsets[hour] = first
        return list(map(add, stamps, map(self.offsets.__getitem__, hours)))

    def _one_by_one(self, values: Iterable[datetime | None]) -> list[int | None]:
        get = self.offsets.get
        result: list[int | None] = []
        append = result.append
        for value in values:
            if value is None:
                append(None)
            elif value.tzinfo is None:  # stored times are UTC (formats.local)
                append(self._exact(value))
            else:
                stamp = value.timestamp()
                offset = get(int(stamp) // 3600) if stamp >= 0 else None
                append(self._exact(value) if offset is None else int(stamp) + offset)
        return result


def _naive_times(seconds: list[int | None]) -> list[datetime | None]:
    return [None if s is None else _EPOCH + timedelta(seconds=s) for s in seconds]


def _typed_function(column: Column) -> Callable[[Any], Any]:
    """For a column that is not a time: a raw non-empty value -> its typed cell value."""
    if column.kind == "status":
        return status_label
    if column.kind == "attempt_kind":
        return kind_label
    if column.kind == "bool":
        yes, no = tr("hr.yes"), tr("hr.no")
        return lambda v: yes if v else no
    if column.key == "content_hash":
        return lambda v: str(v)[:12]
    if column.kind in ("int", "number"):
        return lambda v: v
    return lambda v: neutralise(str(v))


def converters(
    columns: Sequence[Column],
    outputs: Sequence[Callable[[Any], Any]] | None = None,
    empty: Any = None,
) -> list[Callable[[Sequence[Any]], list[Any]]]:
    """One function per column turning a list of raw attribute values into cells: typed values
    (what :func:`typed_value` gives), or ``outputs[i](typed value)`` for a writer, ``empty``
    for ``None``. A time column's ``outputs[i]`` takes the whole list of local seconds
    (:class:`LocalTimes`, ``None`` for no time) and returns the cells.

    A whole column at a time: units, labels, names and scores repeat, so each distinct value
    is converted (and formatted) once: 1.3 million cells for 100,000 rows, ~30,000 distinct.
    """
    clock = LocalTimes()
    result: list[Callable[[Sequence[Any]], list[Any]]] = []
    for i, column in enumerate(columns):
        out = outputs[i] if outputs is not None else None
        if column.kind == "datetime":
            to = out or _naive_times

            def times(
                values: Sequence[Any], to: Callable[[list[Any]], list[Any]] = to
            ) -> list[Any]:
                return to(clock.seconds(values))

            result.append(times)
            continue
        one = _typed_function(column)
        if out is not None:
            one = (lambda f, g: lambda v: g(f(v)))(one, out)
        memo: dict[Any, Any] = {None: empty}

        def convert(
            values: Sequence[Any], one: Callable[[Any], Any] = one, memo: dict[Any, Any] = memo
        ) -> list[Any]:
            if len(memo) > MEMO_LIMIT:  # certificate numbers never repeat: memory stays flat
                memo.clear()
                memo[None] = empty
            for value in set(values).difference(memo):
                memo[value] = one(value)
            return list(map(memo.__getitem__, values))

        result.append(convert)
    return result


def raw_columns(rows: Sequence[object], columns: Sequence[Column]) -> list[Sequence[Any]]:
    """The rows' attributes, column by column (``zip`` does the transposing in C)."""
    fields = getattr(rows[0], "_fields", None) if rows else None
    if fields is not None and all(c.key in fields for c in columns):  # named tuples
        every = list(zip(*rows, strict=True))
        return [every[fields.index(c.key)] for c in columns]
    getter = attrgetter(*(c.key for c in columns))
    if len(columns) == 1:
        return [list(map(getter, rows))]
    found: list[Sequence[Any]] = list(zip(*map(getter, rows), strict=True))
    return found or [() for _ in columns]


def typed_columns(rows: Sequence[object], columns: Sequence[Column]) -> list[list[Any]]:
    """Typed cell values of ``rows``, column by column."""
    return [f(v) for f, v in zip(converters(columns), raw_columns(rows, columns), strict=True)]


def row_values(rows: Sequence[object], columns: Sequence[Column]) -> Iterator[list[Any]]:
    """Typed cell values of each row, in column order."""
    for values in zip(*typed_columns(rows, columns), strict=True):
        yield list(values)


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
    rows: Iterable[object],
    columns: Sequence[Column],
    path: Path | str,
    fmt: str,
    delimiter: str = ",",
    *,
    total: int | None = None,
) -> Iterator[Progress]:
    """Write ``rows`` to ``path``; yields progress every :data:`STEP` rows. Written to a
    temporary file, then renamed, so a cancelled (the generator closed) or failed export never
    leaves half a file under the real name.

    ``rows`` may be a stream (:class:`~ethics_trainer.hr.reports.RowStream`'s rows): it is
    consumed :data:`STEP` rows at a time, never held whole; ``total`` is then its row count
    (progress, and the XLSX sheet's size; a stream that differs, rows added on a shared
    database meanwhile, only makes those approximate)."""
    path = Path(path)
    if total is None:
        rows = rows if isinstance(rows, Sequence) else list(rows)
        total = len(rows)
    _check_target(path, fmt)
    if delimiter not in DELIMITERS:
        raise UserError(tr("hr.error.bad_delimiter", delimiter=delimiter))
    # The one atomic writer: a temporary file beside the target, renamed over it only when
    # whole; a device, folder or link as the target is refused; a full disk keeps the old file.
    with atomic_path(path) as tmp:
        # cyclic GC paused for the whole write: the cells are strings and tuples that are freed
        # by reference counting; GC passes over the report's rows only cost time
        writer = (
            _write_csv(rows, total, columns, tmp, delimiter)
            if fmt == "csv"
            else _write_xlsx(rows, total, columns, tmp)
        )
        try:
            with paused_gc():
                yield from writer
        finally:
            writer.close()
            stop = getattr(rows, "close", None)  # a cancelled stream lets its connection go
            if stop is not None:
                stop()
    yield Progress(total, total, path.name)


class _CsvTimes:
    """Local seconds -> ``YYYY-MM-DD HH:MM`` (``strftime`` of the day memoised, minutes from
    a table, joined with ``map`` in C): a few hundred distinct days in 100,000 times. Never
    needs CSV quoting."""

    def __init__(self) -> None:
        self.days: dict[int, str] = {}
        self.minutes = [f" {m // 60:02d}:{m % 60:02d}" for m in range(1440)]

    def _day(self, day: int) -> str:
        text = self.days[day] = (_EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")
        return text

    def __call__(self, seconds: list[int | None]) -> list[str]:
        if not seconds or None in seconds:
            return [self._text(v) for v in seconds]
        days = list(map(floordiv, seconds, repeat(86400)))
        for day in set(days).difference(self.days):
            self._day(day)
        minutes = map(floordiv, map(mod, seconds, repeat(86400)), repeat(60))
        return list(
            map(add, map(self.days.__getitem__, days), map(self.minutes.__getitem__, minutes))
        )

    def _text(self, value: int | None) -> str:
        if value is None:
            return ""
        day, rest = divmod(value, 86400)
        return (self.days.get(day) or self._day(day)) + self.minutes[rest // 60]


class _CsvQuote:
    """Text -> the field as ``csv.writer`` (``QUOTE_MINIMAL``) writes it, asked of
    ``csv.writer`` itself once per distinct value; rows are then joined in C, not written
    field by field (``writerows`` was a third of the CSV time)."""

    def __init__(self, delimiter: str) -> None:
        self.special = re.compile(f'[{re.escape(delimiter)}"\r\n]|^\\s')
        self.buffer = io.StringIO()
        # the file's line end: csv.writer quotes a field holding any of its characters
        self.writer = csv.writer(
            self.buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
        )

    def __call__(self, text: str) -> str:
        if text and not self.special.search(text):
            return text  # nothing csv.writer would quote
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.writerow((text, ""))  # a second field: never the one-empty-field case
        return self.buffer.getvalue()[:-3]  # the empty field and the line end


def _csv_output(column: Column, decimal_comma: bool, quote: _CsvQuote) -> Callable[[Any], Any]:
    """Typed value of one column -> CSV field (what :func:`_csv_text` does, decided once)."""
    if column.kind == "datetime":
        return _CsvTimes()
    if column.kind in ("int", "number"):
        return lambda v: quote(_csv_text(v, decimal_comma))
    return lambda v: quote(str(v))


def _plain_text(delimiter: str) -> Callable[[Sequence[Any]], bool]:
    """Whether a chunk of a text column can go to the file as it is: all ``str``, none
    starting like a formula or with a space, none holding what CSV must quote. Asked of the
    whole chunk joined (one regular-expression scan in C): names and codes are mostly unique,
    so per-value memoising would not save the per-value calls."""
    quoted = re.compile(f'[{re.escape(delimiter)}"\r\n]')

    def plain(values: Sequence[Any]) -> bool:
        try:
            joined = "\x00".join(values)
        except TypeError:  # not all str
            return False
        return (
            joined.count("\x00") == len(values) - 1
            and not quoted.search(joined)
            and not _FORMULA_START.search("\x00" + joined)
        )

    return plain


def _chunks(rows: Iterable[object]) -> Iterator[tuple[int, Sequence[object]]]:
    """(rows done after this chunk, chunk): work and progress reports every STEP rows, with
    only one chunk of ``rows`` taken from a stream at a time."""
    if isinstance(rows, Sequence):
        for first in range(0, len(rows), STEP):
            chunk = rows[first : first + STEP]
            yield first + len(chunk), chunk
        return
    it = iter(rows)
    done = 0
    while chunk := list(islice(it, STEP)):
        done += len(chunk)
        yield done, chunk
        del chunk  # freed before the next one is taken (callers drop theirs too)


def _write_csv(
    rows: Iterable[object], total: int, columns: Sequence[Column], path: Path, delimiter: str
) -> Generator[Progress, None, None]:
    """Column by column per chunk of rows, each distinct value formatted and quoted once;
    the same bytes as ``csv.writer`` (tests compare), rows joined with ``\r\n``."""
    decimal_comma = delimiter == ";"
    quote = _CsvQuote(delimiter)
    convert = converters(columns, [_csv_output(c, decimal_comma, quote) for c in columns], "")
    plain = _plain_text(delimiter)
    for i, column in enumerate(columns):
        if column.kind == "text" and column.key != "content_hash":
            convert[i] = (lambda f: lambda v: list(v) if plain(v) else f(v))(convert[i])
    if len(columns) == 1:  # csv.writer quotes a row made of one empty field
        convert[0] = (lambda f: lambda values: [v or '""' for v in f(values)])(convert[0])
    join = delimiter.join
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        header = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
        header.writerow([neutralise(tr(c.header)) for c in columns])
        for done, chunk in _chunks(rows):
            cells = [
                f(values) for f, values in zip(convert, raw_columns(chunk, columns), strict=True)
            ]
            handle.write("\r\n".join(map(join, zip(*cells, strict=True))) + "\r\n")
            del chunk, cells  # one chunk of a stream alive at a time
            if done % STEP == 0:
                yield Progress(done, max(done, total))


def _xlsx_plain(
    convert: Callable[[Sequence[Any]], list[Any]],
) -> Callable[[Sequence[Any]], list[Any]]:
    """A text column's cell bodies: a chunk of plain text (all ``str``, none starting like a
    formula or with a space, nothing XML must escape) goes straight in, made in C; any other
    chunk takes ``convert`` (neutralise, escape, memoised per distinct value)."""
    from ethics_trainer.hr.xlsx_table import plain_text_bodies

    def bodies(values: Sequence[Any]) -> list[Any]:
        try:
            joined = "\x00".join(values)
        except TypeError:  # not all str (or None: an empty cell)
            return convert(values)
        if joined.count("\x00") != len(values) - 1 or _FORMULA_START.search("\x00" + joined):
            return convert(values)
        found = plain_text_bodies(values, joined)
        return convert(values) if found is None else found

    return bodies


def _write_xlsx(
    rows: Iterable[object], total: int, columns: Sequence[Column], path: Path
) -> Generator[Progress, None, None]:
    """Through :mod:`ethics_trainer.hr.xlsx_table`, our writer for this one table shape:
    XlsxWriter's per-cell Python calls took 6 of the 8 seconds for 100,000 rows. Cells are
    made as bodies without their row number, column by column, each distinct value once."""
    from ethics_trainer.hr.xlsx_table import TableWriter, body_function, datetime_bodies

    kinds = [c.kind if c.kind in ("datetime", "int", "number") else "text" for c in columns]
    table = TableWriter(str(path), tr("hr.sheet.report")[:31], kinds, [c.width for c in columns])
    try:
        table.header([tr(c.header) for c in columns], total)
        outputs = [datetime_bodies if k == "datetime" else body_function(k) for k in kinds]
        convert = converters(columns, outputs, "")
        for i, column in enumerate(columns):
            if column.kind == "text" and column.key != "content_hash":
                convert[i] = _xlsx_plain(convert[i])
        for done, chunk in _chunks(rows):
            table.body_rows(
                [f(v) for f, v in zip(convert, raw_columns(chunk, columns), strict=True)]
            )
            del chunk  # one chunk of a stream alive at a time
            if done % STEP == 0:
                yield Progress(done, max(done, total))
        table.close()
    except BaseException:
        table.abort()
        raise


def run(job: Iterator[Progress]) -> Progress | None:
    """Run a job to the end without showing progress; returns the last report."""
    last = None
    for last in job:  # noqa: B007
        pass
    return last
