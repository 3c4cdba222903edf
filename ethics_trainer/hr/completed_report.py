"""The report of who completed which course (``--status completed`` without a roster) in SQL.

Why apart: it is what HR exports most, and the people x courses grid
(:mod:`ethics_trainer.hr.report_grid`) it would otherwise filter is most of the cost; one joined
query gives exactly the rows (on a server-side cursor, a unit at a time) and grouped queries
the totals. Same rows, order and totals as the grid filtered afterwards (tests compare).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import repeat
from operator import add, mul
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, func, select
from sqlmodel import col

from ethics_trainer.hr.report_base import (
    CHUNK,
    COMPLETED,
    Report,
    ReportFilter,
    ReportRow,
    RowStream,
    UnitTotal,
    _matching_units,
    _ranks,
    _raw_time,
    _stored_times,
    _sum_totals,
    grid_totals,
    in_progress_by_unit,
    known,
    name_key,
    people_by_unit,
    period_bounds,
    text_key,
)
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Attempt, Completion, Learner, LessonProgress


def completed_report(db: Database, f: ReportFilter, titles: dict[str, str], totals: bool) -> Report:
    """Status ``completed`` in SQL (see :func:`_completed_stream`), with the totals.

    Same rows, order and totals as :func:`_full_report` with the status filter (tests compare
    both); it never builds the people x courses grid, which is most of the cost.
    """
    rows = list(completed_stream(db, f, titles).rows)
    units: list[UnitTotal] = []
    if totals:
        with db.engine.connect() as conn:
            units = _completed_totals(conn, f, titles, rows)
    return Report(rows=rows, units=units, total=_sum_totals(units))


def completed_query(f: ReportFilter) -> tuple[Any, list[Any]]:
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


def completed_stream(db: Database, f: ReportFilter, titles: dict[str, str]) -> RowStream[ReportRow]:
    """Status ``completed``: the count, then the rows unit by unit (units in Vietnamese order,
    ranked in Python and ordered by that rank in SQL; each unit's rows sorted here)."""
    q, where = completed_query(f)
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
    people = people_by_unit(conn, who)
    in_progress = in_progress_by_unit(conn, courses, who, start, end)
    completed: dict[str, int] = {}
    for row in found:
        completed[row[3]] = completed.get(row[3], 0) + 1
    return grid_totals(people, courses, completed, in_progress)
