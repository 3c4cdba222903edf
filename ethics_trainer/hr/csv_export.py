"""A report to CSV: UTF-8 with BOM, ``,`` or ``;`` (then the decimal comma), formula-safe.

Written column by column per chunk of rows, each distinct value formatted and quoted once:
the same bytes as ``csv.writer`` (tests compare), without its per-field calls.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Generator, Iterable, Sequence
from datetime import datetime, timedelta
from itertools import repeat
from operator import add, floordiv, mod
from pathlib import Path
from typing import Any

from ethics_trainer.hr.export_cells import FORMULA_START, converters, raw_columns
from ethics_trainer.hr.export_columns import Column
from ethics_trainer.hr.local_times import EPOCH
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import tr
from ethics_trainer.safe_cells import neutralise


def _csv_text(value: Any, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if decimal_comma else text
    return str(value)


class _CsvTimes:
    """Local seconds -> ``YYYY-MM-DD HH:MM`` (``strftime`` of the day memoised, minutes from
    a table, joined with ``map`` in C): a few hundred distinct days in 100,000 times. Never
    needs CSV quoting."""

    def __init__(self) -> None:
        self.days: dict[int, str] = {}
        self.minutes = [f" {m // 60:02d}:{m % 60:02d}" for m in range(1440)]

    def _day(self, day: int) -> str:
        text = self.days[day] = (EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")
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
            and not FORMULA_START.search("\x00" + joined)
        )

    return plain


def write_csv(
    chunks: Iterable[tuple[int, Sequence[object]]],
    step: int,
    total: int,
    columns: Sequence[Column],
    path: Path,
    delimiter: str,
) -> Generator[Progress, None, None]:
    """Column by column per chunk of rows, each distinct value formatted and quoted once;
    the same bytes as ``csv.writer`` (tests compare), rows joined with ``\r\n``.
    ``chunks``: (rows done, rows), a progress report after each ``step`` rows."""
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
        for done, chunk in chunks:
            cells = [
                f(values) for f, values in zip(convert, raw_columns(chunk, columns), strict=True)
            ]
            handle.write("\r\n".join(map(join, zip(*cells, strict=True))) + "\r\n")
            del chunk, cells  # one chunk of a stream alive at a time
            if done % step == 0:
                yield Progress(done, max(done, total))
