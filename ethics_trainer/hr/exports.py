"""Report rows to XLSX and CSV, safe to open in Excel: the one entry point, atomic and streamed.

The columns are :mod:`~ethics_trainer.hr.export_columns`, the cell values
:mod:`~ethics_trainer.hr.export_cells`, the writers :mod:`~ethics_trainer.hr.csv_export` and
:mod:`~ethics_trainer.hr.xlsx_export`; here the rows are taken :data:`STEP` at a time and the
file is replaced only when whole.

- XLSX: numbers as numbers, times as real Excel dates, frozen header row, sized columns,
  autofilter; written by :mod:`ethics_trainer.hr.xlsx_table` (streamed, flat memory).
- CSV: UTF-8 with BOM (Excel then reads Vietnamese correctly), ``,`` or ``;``; with ``;``
  numbers use the decimal comma, as Vietnamese Excel expects.
- Text starting with ``= + - @`` (or tab / carriage return) gets a leading apostrophe, so a
  name like ``=HYPERLINK(...)`` can never run as a formula (CSV/formula injection).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

from ethics_trainer.errors import UserError
from ethics_trainer.fileio.safe_write import atomic_path
from ethics_trainer.gc_pause import paused_gc
from ethics_trainer.hr.csv_export import write_csv
from ethics_trainer.hr.export_columns import Column
from ethics_trainer.hr.progress import Progress
from ethics_trainer.hr.xlsx_export import write_xlsx
from ethics_trainer.i18n import tr

FORMATS = ("csv", "xlsx")
DELIMITERS = (",", ";")
STEP = 2000  # rows between two progress reports


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
        chunks = _chunks(rows)
        writer = (
            write_csv(chunks, STEP, total, columns, tmp, delimiter)
            if fmt == "csv"
            else write_xlsx(chunks, STEP, total, columns, tmp)
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


def run(job: Iterator[Progress]) -> Progress | None:
    """Run a job to the end without showing progress; returns the last report."""
    last = None
    for last in job:  # noqa: B007
        pass
    return last
