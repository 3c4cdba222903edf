"""Every person x course of a report, streamed unit by unit (any status, with or without a roster).

Why: a report of every status is the people x courses grid; for a city (250,000 people, 4
courses) built whole it was a million rows in memory before the first one was written. Here
the people come in unit order (ranked by the Vietnamese sort key in Python, ordered by that
rank in SQL; a roster's people are sorted the same way in memory), a batch of about
:data:`BATCH` people at a time (whole units). For each batch, three queries restricted to its
units (a roster's: its learner ids) give their completions, attempts and opened lessons; the
rows of each unit are built, sorted by name as the report sorts them, and yielded. What is alive: one batch of people, their
facts and one unit's rows.

The count comes first, for progress and the size of an XLSX sheet: per-unit totals in SQL
without a roster (the same numbers the grid gives, tests compare), a first pass over the
batches counting statuses with a roster.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, cast

from sqlalchemy import BindParameter, Connection, Select, bindparam, case, func, select
from sqlmodel import col

from ethics_trainer.gc_pause import paused_gc
from ethics_trainer.hr.report_base import (
    CHUNK,
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    Person,
    ReportFilter,
    ReportRow,
    RowStream,
    UnitTotal,
    _matching_units,
    _people,
    _ranks,
    _raw_time,
    _stored_time,
    grid_totals,
    in_period,
    in_progress_by_unit,
    known,
    name_key,
    people_by_unit,
    period_bounds,
    text_key,
)
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Attempt, Completion, Learner, LessonProgress

BATCH = 2000  # people whose facts are fetched together
IDS = 900  # learner ids in one IN list (under SQLite's parameter limits)
_INDEX = {COMPLETED: 0, IN_PROGRESS: 1, NOT_STARTED: 2}


class Grid:
    """One report's people x courses: its courses, its totals and its rows, unit by unit."""

    def __init__(self, db: Database, f: ReportFilter, titles: dict[str, str]) -> None:
        self.db = db
        self.f = f
        self.titles = titles
        self.start, self.end = period_bounds(f)
        with db.engine.connect() as conn:
            self.courses = self._courses(conn)
            if f.roster is None:
                self.units = self._sql_totals(conn)
                self.roster_people: list[Person] | None = None
            else:
                self.roster_people = _people(conn, f)
        if self.roster_people is not None:
            self.units = self._counted_totals(self.roster_people)

    # -- what the report is about ------------------------------------------------------------
    def _courses(self, conn: Connection) -> list[str]:
        """The filtered course, or the library's courses then any other course completed or
        attempted in the period (the order of the report's columns of courses)."""
        if self.f.course_id:
            return [self.f.course_id]
        cq = select(col(Completion.course_id)).distinct()
        aq = select(col(Attempt.course_id)).distinct()
        if self.start is not None:
            cq = cq.where(col(Completion.completed_at) >= self.start)
            aq = aq.where(col(Attempt.started_at) >= self.start)
        if self.end is not None:
            cq = cq.where(col(Completion.completed_at) <= self.end)
            aq = aq.where(col(Attempt.started_at) <= self.end)
        seen = {c for q in (cq, aq) for (c,) in conn.execute(q).all()}
        return list(self.titles) + sorted(seen - set(self.titles))

    def _who(self, conn: Connection) -> list[Any]:
        who = [col(Learner.archived).is_(False)]
        if self.f.unit:
            who.append(col(Learner.unit).in_(_matching_units(conn, self.f.unit)))
        return who

    def _period(self, q: Any, when: Any) -> Any:
        return in_period(q, when, self.start, self.end)

    def _sql_totals(self, conn: Connection) -> list[UnitTotal]:
        """Per-unit totals as the grid counts them, with ``GROUP BY unit``: people x courses,
        completed (a completion in the period), in progress (an attempt or an opened lesson
        in the period without one), not started (the rest)."""
        courses = self.courses
        who = self._who(conn)
        people = people_by_unit(conn, who)
        done_q = self._period(
            select(col(Learner.unit), func.count())
            .select_from(Completion)
            .join(Learner, col(Learner.id) == col(Completion.learner_id))
            .where(*who, col(Completion.course_id).in_(courses)),
            col(Completion.completed_at),
        )
        completed = dict(conn.execute(done_q.group_by(col(Learner.unit))).all())
        in_progress = in_progress_by_unit(conn, courses, who, self.start, self.end)
        return grid_totals(people, courses, completed, in_progress)

    def _counted_totals(self, people: list[Person]) -> list[UnitTotal]:
        """A roster's totals: a first pass over the batches, counting statuses only."""
        first: dict[str, int] = {}
        for i, person in enumerate(people):
            first.setdefault(person[3], i)
        counts: dict[str, list[int]] = {u: [0, 0, 0] for u in first}
        for group, facts in self._batches():
            for person in group:
                unit_counts = counts[person[3]]
                for course_id in self.courses:
                    unit_counts[_INDEX[_status(facts, person[0], course_id)]] += 1
        return [
            UnitTotal(u, sum(c), c[0], c[1], c[2])
            for u, c in sorted(counts.items(), key=lambda i: (text_key(i[0]), first[i[0]]))
            if sum(c)
        ]

    def row_count(self) -> int:
        """Rows the stream gives: every cell of the grid, or those of the wanted status."""
        wanted = {COMPLETED: "completed", IN_PROGRESS: "in_progress", NOT_STARTED: "not_started"}
        attr = wanted.get(self.f.status)
        return sum(getattr(u, attr) if attr else u.people for u in self.units)

    # -- the people, unit by unit -------------------------------------------------------------
    def _groups(self) -> Iterator[list[Person]]:
        """People in report order: units by rank, then the order the report meets them in
        (learner id, or the roster's order); one unit rank at a time."""
        if self.roster_people is not None:
            ranks = _ranks({p[3] for p in self.roster_people}, text_key)
            ordered = sorted(self.roster_people, key=lambda p: ranks[p[3]])
            group: list[Person] = []
            for person in ordered:
                if group and ranks[group[0][3]] != ranks[person[3]]:
                    yield group
                    group = []
                group.append(person)
            if group:
                yield group
            return
        yield from self._sql_groups()

    def _sql_groups(self) -> Iterator[list[Person]]:
        with self.db.engine.connect() as conn:
            who = self._who(conn)
            units = {u for (u,) in conn.execute(select(col(Learner.unit)).distinct().where(*who))}
        ranks = _ranks(known(units), text_key)
        order = case(ranks, value=col(Learner.unit), else_=len(ranks)) if ranks else col(Learner.id)
        q = (
            select(
                col(Learner.id),
                col(Learner.full_name),
                col(Learner.employee_code),
                col(Learner.unit),
                col(Learner.position),
            )
            .where(*who)
            .order_by(order, col(Learner.id))
        )
        group: list[Person] = []
        rank = None
        with self.db.engine.connect() as conn:
            result = conn.execution_options(yield_per=CHUNK).execute(q)
            with result:
                for chunk in result.partitions(CHUNK):
                    for row in chunk:
                        r = ranks.get(row[3], len(ranks))
                        if r != rank and group:
                            yield group
                            group = []
                        rank = r
                        group.append(cast(Person, tuple(row)))  # tuple() drops the types
        if group:
            yield group

    def _batches(self) -> Iterator[tuple[list[Person], dict[str, dict[Any, Any]]]]:
        """(one unit's people, the facts of a batch holding them): units gathered until about
        BATCH people, their facts fetched together, then handed out unit by unit."""
        pending: list[list[Person]] = []
        size = 0
        for group in self._groups():
            pending.append(group)
            size += len(group)
            if size >= BATCH:
                facts = self._facts(pending)
                for one in pending:
                    yield one, facts
                pending, size = [], 0
        if pending:
            facts = self._facts(pending)
            for one in pending:
                yield one, facts

    def _facts(self, groups: Sequence[list[Person]]) -> dict[str, dict[Any, Any]]:
        """Completions, attempts (count, best, latest) and latest opened lesson of these
        people in the period, keyed by (learner id, course).

        Without a roster the batch is whole units: its learners are selected by unit name
        (a few parameters, the unit index); a roster's people by id, :data:`IDS` at a time
        (an expanding parameter: compiled once, not one literal per id). Times come as the
        driver gives them and are parsed in C (:func:`_stored_time`)."""
        done: dict[Any, Any] = {}
        tried: dict[Any, Any] = {}
        opened: dict[Any, Any] = {}
        facts = {"done": done, "tried": tried, "opened": opened}
        if self.roster_people is None:
            units = sorted(known(p[3] for g in groups for p in g))
            who: Select[int | None] | BindParameter[Any] = select(col(Learner.id)).where(
                col(Learner.archived).is_(False),
                col(Learner.unit).in_(units),
            )
            parts: list[dict[str, Any]] = [{}]
        else:
            ids = sorted({p[0] for g in groups for p in g if p[0] is not None})
            who = bindparam("ids", expanding=True)
            parts = [{"ids": ids[i : i + IDS]} for i in range(0, len(ids), IDS)]
            if not ids:
                return facts
        course = self.f.course_id
        cq = select(
            col(Completion.learner_id),
            col(Completion.course_id),
            col(Completion.id),
            _raw_time(col(Completion.completed_at)),
            col(Completion.score),
            col(Completion.content_hash),
            col(Completion.certificate_no),
        ).where(col(Completion.learner_id).in_(who))
        aq = select(
            col(Attempt.learner_id),
            col(Attempt.course_id),
            func.count(),
            func.max(col(Attempt.score)),
            func.max(_raw_time(col(Attempt.started_at))),
        ).where(col(Attempt.learner_id).in_(who))
        pq = select(
            col(LessonProgress.learner_id),
            col(LessonProgress.course_id),
            func.max(_raw_time(col(LessonProgress.opened_at))),
        ).where(col(LessonProgress.learner_id).in_(who))
        if course:
            cq = cq.where(col(Completion.course_id) == course)
            aq = aq.where(col(Attempt.course_id) == course)
            pq = pq.where(col(LessonProgress.course_id) == course)
        cq = self._period(cq, col(Completion.completed_at)).order_by(col(Completion.id))
        aq = self._period(aq, col(Attempt.started_at)).group_by(
            col(Attempt.learner_id), col(Attempt.course_id)
        )
        pq = self._period(pq, col(LessonProgress.opened_at)).group_by(
            col(LessonProgress.learner_id), col(LessonProgress.course_id)
        )
        with self.db.engine.connect() as conn:
            for params in parts:
                for r in conn.execute(cq, params).all():
                    done[(r[0], r[1])] = r
                for r in conn.execute(aq, params).all():
                    tried[(r[0], r[1])] = r
                for r in conn.execute(pq, params).all():
                    opened[(r[0], r[1])] = r[2]
        return facts

    # -- the rows -----------------------------------------------------------------------------
    def rows(self) -> Iterator[ReportRow]:
        """The report's rows in its order (units, then names), of the wanted status.

        Each person's rows share the name, so sorting the unit's people by name (stable)
        and then giving each person's courses in order is the report's sort of the rows;
        each row is the person's tuple + the course + the status part of its facts."""
        wanted = self.f.status
        courses = [(c, self.titles.get(c, c)) for c in self.courses]
        make = ReportRow._make
        for group, facts in self._batches():
            tails = facts.get("tails")
            if tails is None:  # once per batch, not once per unit of the batch
                tails = facts["tails"] = _tails(facts)
            rows: list[ReportRow] = []
            append = rows.append
            for person in sorted(group, key=_name_of):
                learner_id = person[0]
                for course in courses:
                    tail = tails.get((learner_id, course[0]), _NOT_STARTED)
                    if wanted and tail[0] != wanted:
                        continue
                    append(make(person + course + tail))
            yield from rows


_NOT_STARTED = (NOT_STARTED, None, None, 0, None, None, "", "", None)


def _name_of(person: Person) -> Any:
    return name_key(person[1])


def _tails(facts: dict[str, dict[Any, Any]]) -> dict[Any, tuple[Any, ...]]:
    """(learner id, course) -> the row's fields from its status on, for every pair with a
    fact: status, completed at, score, attempts, best score, last activity, certificate
    number, content hash, completion id."""
    done_of, tried_of, opened_of = facts["done"], facts["tried"], facts["opened"]
    tails: dict[Any, tuple[Any, ...]] = {}
    for key in done_of.keys() | tried_of.keys() | opened_of.keys():
        done = done_of.get(key)
        tried = tried_of.get(key)
        tried_at = _stored_time(tried[4]) if tried else None
        seen_at = _stored_time(opened_of.get(key))
        last = (
            tried_at
            if seen_at is None or (tried_at is not None and tried_at >= seen_at)
            else seen_at
        )
        tails[key] = (
            COMPLETED if done is not None else IN_PROGRESS,
            _stored_time(done[3]) if done else None,
            done[4] if done else None,
            int(tried[2]) if tried else 0,
            tried[3] if tried else None,
            last,
            done[6] if done else "",
            done[5] if done else "",
            done[2] if done else None,
        )
    return tails


def _status(facts: dict[str, dict[Any, Any]], learner_id: int | None, course_id: str) -> str:
    key = (learner_id, course_id)
    if key in facts["done"]:
        return COMPLETED
    if key in facts["tried"] or key in facts["opened"]:
        return IN_PROGRESS
    return NOT_STARTED


def grid_stream(
    db: Database, f: ReportFilter, titles: dict[str, str]
) -> tuple[RowStream[ReportRow], Grid]:
    """The streamed rows of any report, and the grid (its totals in ``units``)."""
    with paused_gc():
        grid = Grid(db, f, titles)
    return RowStream(grid.row_count(), grid.rows()), grid
