"""Who completed which course: one row per person and course, with totals per unit.

Status of a person for a course: *completed* (a completion record), *in progress* (attempts
or opened lessons but no completion) or *not started*. With a period, only what happened in
the period counts — "who completed the training this year".
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from itertools import repeat
from operator import add, mul
from typing import Any, NamedTuple

from sqlalchemy import Connection, String, and_, case, func, select, type_coerce

from ethics_trainer.clock import as_utc
from ethics_trainer.content.text import nfc
from ethics_trainer.gc_pause import paused_gc
from ethics_trainer.hr.roster import RosterEntry
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Attempt, Completion, Learner, LessonProgress
from ethics_trainer.study.folding import fold

COMPLETED = "completed"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"
STATUSES = (COMPLETED, IN_PROGRESS, NOT_STARTED)


@dataclass(frozen=True)
class ReportFilter:
    """What HR asked for; empty fields mean "all"."""

    unit: str = ""  # case-insensitive part of the unit name
    course_id: str = ""
    date_from: date | None = None  # local dates, both ends included
    date_to: date | None = None
    status: str = ""
    roster: tuple[RosterEntry, ...] | None = None


class ReportRow(NamedTuple):
    """One person x course. A named tuple, not a dataclass: a report of 100,000 rows is built
    straight from database rows (``_make``), about ten times cheaper than frozen dataclasses."""

    learner_id: int | None
    full_name: str
    employee_code: str
    unit: str
    position: str
    course_id: str
    course_title: str
    status: str
    completed_at: datetime | None = None
    score: float | None = None
    attempts: int = 0
    best_score: float | None = None
    last_activity: datetime | None = None
    certificate_no: str = ""
    content_hash: str = ""
    completion_id: int | None = None


@dataclass(frozen=True)
class UnitTotal:
    unit: str
    people: int
    completed: int
    in_progress: int
    not_started: int

    @property
    def rate(self) -> float:
        """Completion rate in percent (0 when the unit has nobody)."""
        return 100.0 * self.completed / self.people if self.people else 0.0


@dataclass(frozen=True)
class Report:
    rows: list[ReportRow]
    units: list[UnitTotal] = field(default_factory=list)
    total: UnitTotal = UnitTotal("", 0, 0, 0, 0)


def period_bounds(f: ReportFilter) -> tuple[datetime | None, datetime | None]:
    """Local calendar days to UTC instants: [start of from-day, end of to-day)."""
    start = end = None
    if f.date_from:
        start = datetime.combine(f.date_from, time.min).astimezone().astimezone(UTC)
    if f.date_to:
        end = datetime.combine(f.date_to, time.max).astimezone().astimezone(UTC)
    return start, end


def _fold(text: str) -> str:
    return nfc(text).casefold()


def _unit_fold(text: str) -> str:
    """A unit name or filter without diacritics or case: "ba dinh" finds "Phường Ba Đình"
    (HR types on keyboards without a Vietnamese input method)."""
    return fold(text)


def _matching_units(conn: Connection, unit: str) -> list[str]:
    """Unit names containing ``unit``, compared with Vietnamese case folding (in Python: the
    database would not fold "Đ"), so the report can select them with ``IN``."""
    wanted = _unit_fold(unit)
    return [
        u
        for (u,) in conn.execute(select(Learner.unit).distinct()).all()
        if u is not None and wanted in _unit_fold(u)
    ]


def _people(conn: Connection, f: ReportFilter) -> list[tuple[int | None, str, str, str, str]]:
    """(learner id, name, code, unit, position) for everyone the report is about.

    Without a roster the unit filter runs in SQL: the few distinct unit names are matched in
    Python (Vietnamese case folding), then selected with ``IN``.
    """
    q = select(
        Learner.id,
        Learner.full_name,
        Learner.employee_code,
        Learner.unit,
        Learner.position,
    ).where(Learner.archived.is_(False))  # type: ignore[attr-defined]
    if f.unit and f.roster is None:
        q = q.where(Learner.unit.in_(_matching_units(conn, f.unit)))  # type: ignore[attr-defined]
    # ordered by id so that people with the same unit and name keep one order everywhere
    learners = conn.execute(q.order_by(Learner.id)).all()
    people: list[tuple[int | None, str, str, str, str]]
    if f.roster is None:
        return [tuple(r) for r in learners]  # type: ignore[misc]
    by_code = {_fold(r[2]): r for r in learners if r[2]}
    by_name = {(_fold(r[1]), _fold(r[3])): r for r in learners}
    people = []
    for entry in f.roster:
        match = by_code.get(_fold(entry.employee_code)) if entry.employee_code else None
        match = match or by_name.get((_fold(entry.full_name), _fold(entry.unit)))
        if match is not None:
            people.append(tuple(match))  # type: ignore[arg-type]
        else:
            people.append((None, entry.full_name, entry.employee_code, entry.unit, entry.position))
    if f.unit:
        wanted = _unit_fold(f.unit)
        people = [p for p in people if wanted in _unit_fold(p[3])]
    return people


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
        from ethics_trainer.hr.report_grid import grid_stream

        stream, grid = grid_stream(db, f, titles)
        return Report(rows=list(stream.rows), units=grid.units, total=_sum_totals(grid.units))


def _stored_time(value: Any) -> datetime | None:
    """A time selected without SQLAlchemy's type processing: SQLite gives its text
    (``2026-07-25 14:38:25.567603``, UTC without offset), PostgreSQL a datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:  # not the usual naive text: parse it as it is
            return as_utc(datetime.fromisoformat(value))
    return as_utc(value)


def _stored_times(values: Sequence[Any]) -> list[datetime | None]:
    """:func:`_stored_time` for a whole column; SQLite's usual text parsed with ``map``."""
    if set(map(type, values)) == {str} and max(map(len, values)) <= 26:
        return list(map(datetime.fromisoformat, map(add, values, repeat("+00:00"))))
    parse = datetime.fromisoformat
    return [
        parse(v + "+00:00") if v.__class__ is str and len(v) <= 26 else _stored_time(v)
        for v in values
    ]


def _raw_time(column: Any) -> Any:
    """The column as the driver returns it: SQLAlchemy's per-value datetime processing
    costs more than the whole query on 100,000 rows; :func:`_stored_time` does it in C."""
    return type_coerce(column, String)


CHUNK = 5000  # rows fetched from the database, and handed to a writer, at a time


@dataclass(frozen=True)
class RowStream:
    """Report rows produced while they are consumed: ``total`` rows (counted first, for
    progress and the XLSX sheet size) from ``rows``, which holds the database connection
    until it is exhausted or closed (closing it is how an export is cancelled)."""

    total: int
    rows: Iterator[ReportRow]


def completion_rows(
    db: Database, f: ReportFilter, course_titles: dict[str, str] | None = None
) -> RowStream:
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
    from ethics_trainer.hr.report_grid import grid_stream

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
        Attempt.learner_id == Completion.learner_id,
        Attempt.course_id == Completion.course_id,
    ]
    pq = select(func.max(_raw_time(LessonProgress.opened_at))).where(
        LessonProgress.learner_id == Completion.learner_id,
        LessonProgress.course_id == Completion.course_id,
    )
    where = [Learner.archived.is_(False)]  # type: ignore[attr-defined]
    if f.course_id:
        where.append(Completion.course_id == f.course_id)
    if start is not None:
        on_attempt.append(Attempt.started_at >= start)
        pq = pq.where(LessonProgress.opened_at >= start)
        where.append(Completion.completed_at >= start)
    if end is not None:
        on_attempt.append(Attempt.started_at <= end)
        pq = pq.where(LessonProgress.opened_at <= end)
        where.append(Completion.completed_at <= end)
    q = (
        select(
            Completion.learner_id,
            Learner.full_name,
            Learner.employee_code,
            Learner.unit,
            Learner.position,
            Completion.course_id,
            _raw_time(Completion.completed_at),
            Completion.score,
            func.count(Attempt.id),
            func.max(Attempt.score),
            func.max(_raw_time(Attempt.started_at)),
            pq.scalar_subquery(),
            Completion.certificate_no,
            Completion.content_hash,
            Completion.id,
        )
        .join(Learner, Learner.id == Completion.learner_id)  # type: ignore[arg-type]
        .outerjoin(Attempt, and_(*on_attempt))
        .group_by(Completion.id, Learner.id)
    )
    return q, where


def _completed_stream(db: Database, f: ReportFilter, titles: dict[str, str]) -> RowStream:
    """Status ``completed``: the count, then the rows unit by unit (units in Vietnamese order,
    ranked in Python and ordered by that rank in SQL; each unit's rows sorted here)."""
    q, where = _completed_query(f)
    with db.engine.connect() as conn:
        units = (
            _matching_units(conn, f.unit)
            if f.unit
            else [u for (u,) in conn.execute(select(Learner.unit).distinct()).all()]
        )
        if f.unit:
            where.append(Learner.unit.in_(units))  # type: ignore[attr-defined]
        total = conn.execute(
            select(func.count(Completion.id))
            .join(Learner, Learner.id == Completion.learner_id)  # type: ignore[arg-type]
            .where(*where)
        ).scalar_one()
    ranks = _ranks({u for u in units if u is not None}, text_key)
    order = case(ranks, value=Learner.unit, else_=len(ranks)) if ranks else Completion.id
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


def _ranks(values: set[Any], key: Callable[[Any], Any]) -> dict[Any, int]:
    """Value -> its position in ``key`` order; values with equal keys share a rank."""
    keys = {v: key(v) for v in values}
    rank = {k: i for i, k in enumerate(sorted(set(keys.values())))}
    return {v: rank[k] for v, k in keys.items()}


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
        seen_q = [select(Completion.course_id).distinct(), select(Attempt.course_id).distinct()]
        if start is not None:
            seen_q[0] = seen_q[0].where(Completion.completed_at >= start)
            seen_q[1] = seen_q[1].where(Attempt.started_at >= start)
        if end is not None:
            seen_q[0] = seen_q[0].where(Completion.completed_at <= end)
            seen_q[1] = seen_q[1].where(Attempt.started_at <= end)
        seen = {c for q in seen_q for (c,) in conn.execute(q).all()}
        courses = list(titles) + sorted(seen - set(titles))
    who = [Learner.archived.is_(False)]  # type: ignore[attr-defined]
    if f.unit:
        who.append(Learner.unit.in_(_matching_units(conn, f.unit)))  # type: ignore[attr-defined]
    # per unit: people, and the first learner id (units whose names sort alike stay in the
    # order the full report meets them)
    people = {
        unit: (count, first)
        for unit, count, first in conn.execute(
            select(Learner.unit, func.count(), func.min(Learner.id))
            .where(*who)
            .group_by(Learner.unit)
        ).all()
    }
    pairs = []
    for table, when in ((Attempt, Attempt.started_at), (LessonProgress, LessonProgress.opened_at)):
        pq = select(table.learner_id, table.course_id).where(table.course_id.in_(courses))
        if start is not None:
            pq = pq.where(when >= start)
        if end is not None:
            pq = pq.where(when <= end)
        pairs.append(pq)
    touched = pairs[0].union(pairs[1]).subquery()
    done_q = select(Completion.id).where(
        Completion.learner_id == touched.c.learner_id, Completion.course_id == touched.c.course_id
    )
    if start is not None:
        done_q = done_q.where(Completion.completed_at >= start)
    if end is not None:
        done_q = done_q.where(Completion.completed_at <= end)
    in_progress = dict(
        conn.execute(
            select(Learner.unit, func.count())
            .select_from(touched)
            .join(Learner, Learner.id == touched.c.learner_id)
            .where(*who, ~done_q.exists())
            .group_by(Learner.unit)
        ).all()
    )
    completed: dict[str, int] = {}
    for row in found:
        completed[row[3]] = completed.get(row[3], 0) + 1
    totals = []
    for unit, (count, _first) in sorted(people.items(), key=lambda u: (text_key(u[0]), u[1][1])):
        grid = count * len(courses)
        if grid:
            done, busy = completed.get(unit, 0), in_progress.get(unit, 0)
            totals.append(UnitTotal(unit, grid, done, busy, grid - done - busy))
    return totals


def _sum_totals(units: Sequence[UnitTotal]) -> UnitTotal:
    return UnitTotal(
        "",
        sum(u.people for u in units),
        sum(u.completed for u in units),
        sum(u.in_progress for u in units),
        sum(u.not_started for u in units),
    )


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


@functools.lru_cache(maxsize=65536)
def text_key(text: str) -> tuple[str, str]:
    """Sort key for Vietnamese text: letters first without marks (đ after d), then with.

    Cached: a report repeats the same units, given names and full names many times."""
    folded = nfc(text).casefold()
    base = unicodedata.normalize("NFD", folded.replace("đ", "d\uffff"))
    plain = "".join(c for c in base if not unicodedata.combining(c))
    return plain, folded


@functools.lru_cache(maxsize=65536)
def name_key(full_name: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """Vietnamese lists sort by given name (the last word), then by the whole name."""
    parts = full_name.split()
    return text_key(parts[-1] if parts else ""), text_key(full_name)


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
) -> RowStream:
    """The attempts report streamed: the count, then the rows in chunks of :data:`CHUNK`
    from a server-side cursor (PostgreSQL), newest first (of two started in the same
    instant, the later attempt first: one order on SQLite and PostgreSQL)."""
    titles = dict(course_titles or {})
    start, end = period_bounds(f)
    where = []
    if f.course_id:
        where.append(Attempt.course_id == f.course_id)
    if start is not None:
        where.append(Attempt.started_at >= start)
    if end is not None:
        where.append(Attempt.started_at <= end)
    with db.engine.connect() as conn:
        if f.unit:
            where.append(Learner.unit.in_(_matching_units(conn, f.unit)))  # type: ignore[attr-defined]
        total = conn.execute(
            select(func.count(Attempt.id))
            .join(Learner, Learner.id == Attempt.learner_id)  # type: ignore[arg-type]
            .where(*where)
        ).scalar_one()
    q = (
        select(
            Attempt.id,
            Learner.full_name,
            Learner.unit,
            Attempt.course_id,
            Attempt.kind,
            Attempt.started_at,
            Attempt.submitted_at,
            Attempt.score,
            Attempt.passed,
        )
        .join(Learner, Learner.id == Attempt.learner_id)  # type: ignore[arg-type]
        .where(*where)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())  # type: ignore[attr-defined,union-attr]
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
