"""What every report is made of: the filter, the row, the totals, the stream of rows, and the
helpers both report paths share (periods, unit matching, Vietnamese sort keys, stored times).

A module of its own so that the two ways of producing rows (:mod:`ethics_trainer.hr.reports`
for completed-only, :mod:`ethics_trainer.hr.report_grid` for the people x courses grid) both
build on it without importing each other.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from itertools import repeat
from operator import add
from typing import Any, Generic, NamedTuple, TypeVar, cast

from sqlalchemy import Connection, String, func, select, type_coerce
from sqlmodel import col

from ethics_trainer.clock import as_utc
from ethics_trainer.content.text import nfc
from ethics_trainer.hr.roster import RosterEntry
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


Person = tuple[int | None, str, str, str, str]  # learner id, name, code, unit, position


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
    # the model says text, but a database written before units were required may hold NULL
    units: Sequence[str | None] = conn.execute(select(col(Learner.unit)).distinct()).scalars().all()
    return [u for u in units if u is not None and wanted in _unit_fold(u)]


def _people(conn: Connection, f: ReportFilter) -> list[Person]:
    """(learner id, name, code, unit, position) for everyone the report is about.

    Without a roster the unit filter runs in SQL: the few distinct unit names are matched in
    Python (Vietnamese case folding), then selected with ``IN``.
    """
    q = select(
        col(Learner.id),
        col(Learner.full_name),
        col(Learner.employee_code),
        col(Learner.unit),
        col(Learner.position),
    ).where(col(Learner.archived).is_(False))
    if f.unit and f.roster is None:
        q = q.where(col(Learner.unit).in_(_matching_units(conn, f.unit)))
    # ordered by id so that people with the same unit and name keep one order everywhere
    learners = conn.execute(q.order_by(col(Learner.id))).all()
    people: list[Person]
    if f.roster is None:
        return cast("list[Person]", [tuple(r) for r in learners])  # tuple() drops the types
    by_code = {_fold(r[2]): r for r in learners if r[2]}
    by_name = {(_fold(r[1]), _fold(r[3])): r for r in learners}
    people = []
    for entry in f.roster:
        match = by_code.get(_fold(entry.employee_code)) if entry.employee_code else None
        match = match or by_name.get((_fold(entry.full_name), _fold(entry.unit)))
        if match is not None:
            people.append(cast("Person", tuple(match)))  # tuple() drops the types
        else:
            people.append((None, entry.full_name, entry.employee_code, entry.unit, entry.position))
    if f.unit:
        wanted = _unit_fold(f.unit)
        people = [p for p in people if wanted in _unit_fold(p[3])]
    return people


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
    stored: datetime = value  # what PostgreSQL's driver gives
    return as_utc(stored)


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


R = TypeVar("R", covariant=True)  # a stream of rows is read only: a RowStream[object] too
T = TypeVar("T")


@dataclass(frozen=True)
class RowStream(Generic[R]):
    """Report rows produced while they are consumed: ``total`` rows (counted first, for
    progress and the XLSX sheet size) from ``rows``, which holds the database connection
    until it is exhausted or closed (closing it is how an export is cancelled)."""

    total: int
    rows: Iterator[R]


def known(values: Iterable[T | None]) -> set[T]:
    """The values that are not NULL: a unit the model says is text may still be NULL in a
    database written before it was required."""
    return {v for v in values if v is not None}


def _ranks(values: set[Any], key: Callable[[Any], Any]) -> dict[Any, int]:
    """Value -> its position in ``key`` order; values with equal keys share a rank."""
    keys = {v: key(v) for v in values}
    rank = {k: i for i, k in enumerate(sorted(set(keys.values())))}
    return {v: rank[k] for v, k in keys.items()}


def _sum_totals(units: Sequence[UnitTotal]) -> UnitTotal:
    return UnitTotal(
        "",
        sum(u.people for u in units),
        sum(u.completed for u in units),
        sum(u.in_progress for u in units),
        sum(u.not_started for u in units),
    )


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


def in_period(q: Any, when: Any, start: datetime | None, end: datetime | None) -> Any:
    """``q`` kept to ``start <= when <= end`` (either bound may be open)."""
    if start is not None:
        q = q.where(when >= start)
    if end is not None:
        q = q.where(when <= end)
    return q


def people_by_unit(conn: Connection, who: Sequence[Any]) -> dict[str, tuple[int, int | None]]:
    """Per unit: people (``who`` selects them) and the first learner id, so that units whose
    names sort alike stay in the order the full report meets them (both totals paths)."""
    return {
        unit: (count, first)
        for unit, count, first in conn.execute(
            select(col(Learner.unit), func.count(), func.min(col(Learner.id)))
            .where(*who)
            .group_by(col(Learner.unit))
        ).all()
    }


def in_progress_by_unit(
    conn: Connection,
    courses: Sequence[str],
    who: Sequence[Any],
    start: datetime | None,
    end: datetime | None,
) -> dict[str, int]:
    """Per unit, the person x course pairs "in progress": an attempt or an opened lesson in
    the period and no completion in it. One query, the same for every report kind."""
    pairs = [
        in_period(
            select(col(table.learner_id), col(table.course_id)).where(
                col(table.course_id).in_(courses)
            ),
            when,
            start,
            end,
        )
        for table, when in (
            (Attempt, col(Attempt.started_at)),
            (LessonProgress, col(LessonProgress.opened_at)),
        )
    ]
    touched = pairs[0].union(pairs[1]).subquery()
    done_there = in_period(
        select(col(Completion.id)).where(
            col(Completion.learner_id) == touched.c.learner_id,
            col(Completion.course_id) == touched.c.course_id,
        ),
        col(Completion.completed_at),
        start,
        end,
    )
    return dict(
        conn.execute(
            select(col(Learner.unit), func.count())
            .select_from(touched)
            .join(Learner, col(Learner.id) == touched.c.learner_id)
            .where(*who, ~done_there.exists())
            .group_by(col(Learner.unit))
        ).all()
    )


def grid_totals(
    people: dict[str, tuple[int, int | None]],
    courses: Sequence[str],
    completed: dict[str, int],
    in_progress: dict[str, int],
) -> list[UnitTotal]:
    """Per unit (in report order): people x courses, completed, in progress, not started."""
    totals = []
    for unit, (count, _first) in sorted(people.items(), key=lambda u: (text_key(u[0]), u[1][1])):
        grid = count * len(courses)
        if grid:
            done, busy = completed.get(unit, 0), in_progress.get(unit, 0)
            totals.append(UnitTotal(unit, grid, done, busy, grid - done - busy))
    return totals
