"""Report rows to cell values, a column at a time: typed values, and the writers' cells.

Why apart: both writers (CSV and XLSX) and the report window turn rows into the same typed
values (numbers, local times, labels, formula-safe text); converting a whole column at once,
each distinct value once, is what keeps a 100,000-row export cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter
from typing import Any

from ethics_trainer.hr.export_columns import Column, kind_label, status_label
from ethics_trainer.hr.local_times import LocalTimes, naive_times
from ethics_trainer.i18n import formats, tr
from ethics_trainer.safe_cells import neutralise

MEMO_LIMIT = 20_000  # converted values remembered per column (a stream of 1,000,000 rows)


# after a \x00 joiner: a value starting like a formula or with a space (literal first: fast)
FORMULA_START = re.compile("\x00[=+\\-@\t\r\\s]")


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
            to = out or naive_times

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
