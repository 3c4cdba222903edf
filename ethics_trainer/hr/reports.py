"""Who completed which course: one row per person and course, with totals per unit.

Status of a person for a course: *completed* (a completion record), *in progress* (attempts
or opened lessons but no completion) or *not started*. With a period, only what happened in
the period counts — "who completed the training this year".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from operator import add, mul
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, func, select
from sqlmodel import col

from ethics_trainer.clock import as_utc
from ethics_trainer.gc_pause import paused_gc
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
from ethics_trainer.storage.models import Attempt, Completion, Learner, LessonProgress

# The report API: what callers import from here, including the parts that live in report_base.
__all__ = [
    "CHUNK",
    "COMPLETED",
    "IN_PROGRESS",
    "NOT_STARTED",
    "SORT_KEYS",
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
    "sort_rows",
    "text_key",
    "unit_totals",
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
            return _completed_report(db, f, titles, totals)
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
        return _completed_stream(db, f, titles)
    return grid_stream(db, f, titles)[0]


def _completed_report(
    db: Database, f: ReportFilter, titles: dict[str, str], totals: bool
) -> Report:
    """Status ``completed`` in SQL (see :func:`_completed_stream`), with the totals.

    Same rows, order and totals as :func:`_full_report` with the status filter (tests compare
    both); it never builds the people x courses grid, which is most of the cost.
    """
    rows = list(_completed_stream(db, f, titles).rows)
    units: list[UnitTotal] = []
    if totals:
        with db.engine.connect() as conn:
            units = _completed_totals(conn, f, titles, rows)
    return Report(rows=rows, units=units, total=_sum_totals(units))


def _completed_query(f: ReportFilter) -> tuple[Any, list[Any]]:
    """The completions of the selected people joined with their learner, attempts (count,
    best, latest) and latest opened lesson, all within the period; and its WHERE terms."""
    start, end = period_bounds(f)
    on_attempt = [
        col(Attempt.learner_id) == col(Completion.learner_id),
        col(Attempt.course_id) == col(Completion.course_id),
    ]
    pq = select(func.max(_raw_time(col(LessonProgress.opened_at)))).where(
        col(LessonProgress.learner_id) == col(Completion.learner_id),
        col(LessonProgress.course_id) == col(Completion.course_id),
    )
    where: list[ColumnElement[bool]] = [col(Learner.archived).is_(False)]
    if f.course_id:
        where.append(col(Completion.course_id) == f.course_id)
    if start is not None:
        on_attempt.append(col(Attempt.started_at) >= start)
        pq = pq.where(col(LessonProgress.opened_at) >= start)
        where.append(col(Completion.completed_at) >= start)
    if end is not None:
        on_attempt.append(col(Attempt.started_at) <= end)
        pq = pq.where(col(LessonProgress.opened_at) <= end)
        where.append(col(Completion.completed_at) <= end)
    q = (
        select(
            col(Completion.learner_id),
            col(Learner.full_name),
            col(Learner.employee_code),
            col(Learner.unit),
            col(Learner.position),
            col(Completion.course_id),
            _raw_time(col(Completion.completed_at)),
            col(Completion.score),
            func.count(col(Attempt.id)),
            func.max(col(Attempt.score)),
            func.max(_raw_time(col(Attempt.started_at))),
            pq.scalar_subquery(),
            col(Completion.certificate_no),
            col(Completion.content_hash),
            col(Completion.id),
        )
        .join(Learner, col(Learner.id) == col(Completion.learner_id))
        .outerjoin(Attempt, and_(*on_attempt))
        .group_by(col(Completion.id), col(Learner.id))
    )
    return q, where


def _completed_stream(
    db: Database, f: ReportFilter, titles: dict[str, str]
) -> RowStream[ReportRow]:
    """Status ``completed``: the count, then the rows unit by unit (units in Vietnamese order,
    ranked in Python and ordered by that rank in SQL; each unit's rows sorted here)."""
    q, where = _completed_query(f)
    with db.engine.connect() as conn:
        units = (
            _matching_units(conn, f.unit)
            if f.unit
            else [u for (u,) in conn.execute(select(col(Learner.unit)).distinct()).all()]
        )
        if f.unit:
            where.append(col(Learner.unit).in_(units))
        total = conn.execute(
            select(func.count(col(Completion.id)))
            .join(Learner, col(Learner.id) == col(Completion.learner_id))
            .where(*where)
        ).scalar_one()
    ranks = _ranks(known(units), text_key)
    order = case(ranks, value=col(Learner.unit), else_=len(ranks)) if ranks else col(Completion.id)
    return RowStream(int(total), _stream_units(db, q.where(*where).order_by(order), ranks, titles))


def _stream_units(
    db: Database, q: Any, ranks: dict[str, int], titles: dict[str, str]
) -> Iterator[ReportRow]:
    """Fetch ``q`` (ordered by unit rank) in chunks; yield each unit's rows once it is whole."""
    group: list[Any] = []
    rank = None
    with db.engine.connect() as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(q)
        with result:
            for chunk in result.partitions(CHUNK):
                for row in chunk:
                    r = ranks.get(row[3], len(ranks))
                    if r != rank and group:
                        yield from _unit_rows(group, titles)
                        group = []
                    rank = r
                    group.append(row)
    if group:
        yield from _unit_rows(group, titles)


def _unit_rows(found: Sequence[Any], titles: dict[str, str]) -> list[ReportRow]:
    """One unit's fetched rows as report rows, sorted as ``sort_rows(rows, "unit")`` sorts
    them. Column by column: the per-row work stays in C (zip, map)."""
    (lid, name, code, unit, position, course, done, score, n, best, tried, seen, no, h, cid) = zip(
        *found, strict=True
    )
    tried_at = _stored_times(tried)
    if any(v is not None for v in seen):
        tried_at = [
            a if b is None or (a is not None and a >= b) else b
            for a, b in zip(tried_at, _stored_times(seen), strict=True)
        ]
    title = [titles.get(c, c) for c in course]
    rows: list[ReportRow] = list(
        map(
            ReportRow._make,
            zip(
                lid,
                name,
                code,
                unit,
                position,
                course,
                title,
                repeat(COMPLETED),
                _stored_times(done),
                score,
                map(int, n),
                best,
                tried_at,
                no,
                h,
                cid,
            ),
        )
    )
    return [rows[i] for i in _unit_order(lid, name, unit, course, titles)]


def _unit_order(
    lid: Sequence[int],
    name: Sequence[str],
    unit: Sequence[str],
    course: Sequence[str],
    titles: dict[str, str],
) -> list[int]:
    """Row positions in the order ``sort_rows(rows, "unit")`` gives for rows built person by
    person (people by id, then courses in :func:`_full_report`'s order), sorting one integer
    per row: the ranks of the unit and the name (text keys computed once per distinct
    value), the learner id and the course's rank."""
    if not lid:
        return []
    units = _ranks(set(unit), text_key)
    names = _ranks(set(name), name_key)
    order = {c: (0, i, "") for i, c in enumerate(titles)}
    courses = _ranks(set(course), lambda c: order.get(c) or (1, 0, c))
    n_names, n_ids, n_courses = len(names) + 1, max(lid) + 1, len(courses) + 1
    # ((unit * names + name) * ids + id) * courses + course, one map at a time (in C)
    step = map(mul, map(units.__getitem__, unit), repeat(n_names))
    step = map(add, step, map(names.__getitem__, name))
    step = map(add, map(mul, step, repeat(n_ids)), lid)
    keys = list(map(add, map(mul, step, repeat(n_courses)), map(courses.__getitem__, course)))
    return sorted(range(len(keys)), key=keys.__getitem__)


def _completed_totals(
    conn: Connection, f: ReportFilter, titles: dict[str, str], found: Sequence[Any]
) -> list[UnitTotal]:
    """Per-unit totals as :func:`_full_report` counts them, with ``GROUP BY unit``: people x
    courses, completed (the rows found), in progress (attempts or opened lessons in the
    period without a completion), not started (the rest)."""
    start, end = period_bounds(f)
    if f.course_id:
        courses = [f.course_id]
    else:
        seen_q = [
            select(col(Completion.course_id)).distinct(),
            select(col(Attempt.course_id)).distinct(),
        ]
        if start is not None:
            seen_q[0] = seen_q[0].where(col(Completion.completed_at) >= start)
            seen_q[1] = seen_q[1].where(col(Attempt.started_at) >= start)
        if end is not None:
            seen_q[0] = seen_q[0].where(col(Completion.completed_at) <= end)
            seen_q[1] = seen_q[1].where(col(Attempt.started_at) <= end)
        seen = {c for q in seen_q for (c,) in conn.execute(q).all()}
        courses = list(titles) + sorted(seen - set(titles))
    who = [col(Learner.archived).is_(False)]
    if f.unit:
        who.append(col(Learner.unit).in_(_matching_units(conn, f.unit)))
    # per unit: people, and the first learner id (units whose names sort alike stay in the
    # order the full report meets them)
    people = {
        unit: (count, first)
        for unit, count, first in conn.execute(
            select(col(Learner.unit), func.count(), func.min(col(Learner.id)))
            .where(*who)
            .group_by(col(Learner.unit))
        ).all()
    }
    in_progress = in_progress_by_unit(conn, courses, who, start, end)
    completed: dict[str, int] = {}
    for row in found:
        completed[row[3]] = completed.get(row[3], 0) + 1
    return grid_totals(people, courses, completed, in_progress)


def _unit_key(item: tuple[str, list[int]]) -> tuple[str, str]:
    return text_key(item[0])


def _total(unit: str, rows: Sequence[ReportRow]) -> UnitTotal:
    counts = {s: 0 for s in STATUSES}
    for row in rows:
        counts[row.status] += 1
    return UnitTotal(unit, len(rows), counts[COMPLETED], counts[IN_PROGRESS], counts[NOT_STARTED])


def unit_totals(rows: Sequence[ReportRow]) -> list[UnitTotal]:
    """Totals per unit, units in Vietnamese alphabetical order."""
    groups: dict[str, list[ReportRow]] = {}
    for row in rows:
        groups.setdefault(row.unit, []).append(row)
    return [_total(u, groups[u]) for u in sorted(groups, key=text_key)]


SORT_KEYS: dict[str, Callable[[ReportRow], Any]] = {
    "full_name": lambda r: name_key(r.full_name),
    "employee_code": lambda r: text_key(r.employee_code),
    "unit": lambda r: (text_key(r.unit), name_key(r.full_name)),
    "position": lambda r: text_key(r.position),
    "course_title": lambda r: text_key(r.course_title),
    "status": lambda r: STATUSES.index(r.status),
    "completed_at": lambda r: r.completed_at,
    "score": lambda r: r.score,
    "attempts": lambda r: r.attempts,
    "best_score": lambda r: r.best_score,
    "last_activity": lambda r: r.last_activity,
    "certificate_no": lambda r: r.certificate_no,
    "content_hash": lambda r: r.content_hash,
}


def sort_rows(rows: Sequence[ReportRow], column: str, descending: bool = False) -> list[ReportRow]:
    """Sorted copy; empty values (None) always go last. Each key is computed once."""
    key = SORT_KEYS[column]
    keys = [key(r) for r in rows]
    present = [i for i, k in enumerate(keys) if k is not None]
    missing = [rows[i] for i, k in enumerate(keys) if k is None]
    present.sort(key=keys.__getitem__, reverse=descending)
    return [rows[i] for i in present] + missing


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
