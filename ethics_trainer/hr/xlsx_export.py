"""A report to XLSX through :mod:`ethics_trainer.hr.xlsx_table`: typed cells, real dates.

Numbers are numbers and times Excel dates, the header row frozen, columns sized, an
autofilter; text is formula-safe. Streamed: one chunk of rows at a time, flat memory.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Sequence
from pathlib import Path
from typing import Any

from ethics_trainer.hr.export_cells import FORMULA_START, converters, raw_columns
from ethics_trainer.hr.export_columns import Column
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import tr


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
        if joined.count("\x00") != len(values) - 1 or FORMULA_START.search("\x00" + joined):
            return convert(values)
        found = plain_text_bodies(values, joined)
        return convert(values) if found is None else found

    return bodies


def write_xlsx(
    chunks: Iterable[tuple[int, Sequence[object]]],
    step: int,
    total: int,
    columns: Sequence[Column],
    path: Path,
) -> Generator[Progress, None, None]:
    """Through :mod:`ethics_trainer.hr.xlsx_table`, our writer for this one table shape:
    XlsxWriter's per-cell Python calls took 6 of the 8 seconds for 100,000 rows. Cells are
    made as bodies without their row number, column by column, each distinct value once.
    ``chunks``: (rows done, rows), a progress report after each ``step`` rows."""
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
        for done, chunk in chunks:
            table.body_rows(
                [f(v) for f, v in zip(convert, raw_columns(chunk, columns), strict=True)]
            )
            del chunk  # one chunk of a stream alive at a time
            if done % step == 0:
                yield Progress(done, max(done, total))
        table.close()
    except BaseException:
        table.abort()
        raise
