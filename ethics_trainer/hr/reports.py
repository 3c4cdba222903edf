"""Who completed which course: one row per person and course, with totals per unit.

Status of a person for a course: *completed* (a completion record), *in progress* (attempts
or opened lessons but no completion) or *not started*. With a period, only what happened in
the period counts — "who completed the training this year".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlmodel import col

from ethics_trainer.clock import as_utc
from ethics_trainer.gc_pause import paused_gc
from ethics_trainer.hr.completed_report import completed_report, completed_stream
from ethics_trainer.hr.report_base import (  # noqa: F401 (re-exported: the report API)
    CHUNK,
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    STATUSES,
    Report,
    ReportFilter,
    ReportRow,
    RowStream,
    UnitTotal,
    _fold,
    _matching_units,
    _people,
    _ranks,
    _raw_time,
    _stored_time,
    _stored_times,
    _sum_totals,
    _unit_fold,
    grid_totals,
    in_period,
    in_progress_by_unit,
    known,
    name_key,
    period_bounds,
    text_key,
)
from ethics_trainer.hr.report_grid import grid_stream
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Attempt, Learner

# The report API: what callers import from here, including the parts that live in report_base.
__all__ = [
    "CHUNK",
    "COMPLETED",
    "IN_PROGRESS",
    "NOT_STARTED",
    "STATUSES",
    "AttemptRow",
    "Report",
    "ReportFilter",
    "ReportRow",
    "RowStream",
    "UnitTotal",
    "as_utc",
    "attempt_report",
    "attempt_rows",
    "completion_report",
    "completion_rows",
    "name_key",
    "period_bounds",
    "text_key",
]


def completion_report(
    db: Database,
    f: ReportFilter,
    course_titles: dict[str, str] | None = None,
    *,
    totals: bool = True,
) -> Report:
    """Rows for every person x course, filtered, with per-unit totals (before the status filter):
    the rows of :func:`completion_rows` (the one streamed path) gathered in a list.

    ``--status completed`` without a roster (what HR exports most) takes a SQL-only path: one
    joined query gives exactly the rows, grouped queries the totals. ``totals=False`` skips the
    totals there (the command line does not show them), leaving ``units`` empty.
    """
    titles = dict(course_titles or {})
    with paused_gc():
        if f.status == COMPLETED and f.roster is None:
            return completed_report(db, f, titles, totals)
        stream, grid = grid_stream(db, f, titles)
        return Report(rows=list(stream.rows), units=grid.units, total=_sum_totals(grid.units))


def completion_rows(
    db: Database, f: ReportFilter, course_titles: dict[str, str] | None = None
) -> RowStream[ReportRow]:
    """The rows of :func:`completion_report`, in the same order, streamed: what every export
    (command line and HR window, CSV and XLSX) writes.

    ``--status completed`` without a roster: one joined query on a server-side cursor
    (PostgreSQL; plain iteration on SQLite), ordered by unit. Any other status, or a roster:
    the people x courses grid, unit by unit (:mod:`ethics_trainer.hr.report_grid`). Either way
    at most one unit's rows are held besides one fetched chunk.
    """
    titles = dict(course_titles or {})
    if f.status == COMPLETED and f.roster is None:
        return completed_stream(db, f, titles)
    return grid_stream(db, f, titles)[0]


@dataclass(frozen=True)
class AttemptRow:
    attempt_id: int
    full_name: str
    unit: str
    course_id: str
    course_title: str
    kind: str
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    passed: bool | None


def attempt_report(
    db: Database, f: ReportFilter, course_titles: dict[str, str] | None = None
) -> list[AttemptRow]:
    """Every attempt started in the period, newest first (unit and course filters apply):
    :func:`attempt_rows` gathered in a list."""
    with paused_gc():
        return list(attempt_rows(db, f, course_titles).rows)


def attempt_rows(
    db: Database, f: ReportFilter, course_titles: dict[str, str] | None = None
) -> RowStream[AttemptRow]:
    """The attempts report streamed: the count, then the rows in chunks of :data:`CHUNK`
    from a server-side cursor (PostgreSQL), newest first (of two started in the same
    instant, the later attempt first: one order on SQLite and PostgreSQL)."""
    titles = dict(course_titles or {})
    start, end = period_bounds(f)
    where: list[ColumnElement[bool]] = []
    if f.course_id:
        where.append(col(Attempt.course_id) == f.course_id)
    if start is not None:
        where.append(col(Attempt.started_at) >= start)
    if end is not None:
        where.append(col(Attempt.started_at) <= end)
    with db.engine.connect() as conn:
        if f.unit:
            where.append(col(Learner.unit).in_(_matching_units(conn, f.unit)))
        total = conn.execute(
            select(func.count(col(Attempt.id)))
            .join(Learner, col(Learner.id) == col(Attempt.learner_id))
            .where(*where)
        ).scalar_one()
    q = (
        select(
            col(Attempt.id),
            col(Learner.full_name),
            col(Learner.unit),
            col(Attempt.course_id),
            col(Attempt.kind),
            col(Attempt.started_at),
            col(Attempt.submitted_at),
            col(Attempt.score),
            col(Attempt.passed),
        )
        .join(Learner, col(Learner.id) == col(Attempt.learner_id))
        .where(*where)
        .order_by(col(Attempt.started_at).desc(), col(Attempt.id).desc())
    )
    return RowStream(int(total), _attempt_stream(db, q, titles))


def _attempt_stream(db: Database, q: Any, titles: dict[str, str]) -> Iterator[AttemptRow]:
    with db.engine.connect() as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(q)
        with result:
            for chunk in result.partitions(CHUNK):
                for r in chunk:
                    yield AttemptRow(
                        attempt_id=r[0],
                        full_name=r[1],
                        unit=r[2],
                        course_id=r[3],
                        course_title=titles.get(r[3], r[3]),
                        kind=r[4],
                        started_at=as_utc(r[5]),
                        submitted_at=as_utc(r[6]),
                        score=r[7],
                        passed=r[8],
                    )
