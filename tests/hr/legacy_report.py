"""The report as it was built before it streamed (issue #17): the whole people x courses grid
in memory, then sorted. Kept only as the oracle the streamed engine is compared with."""

from __future__ import annotations

from sqlalchemy import func, select

from ethics_trainer.hr.report_sort import _unit_key, sort_rows
from ethics_trainer.hr.reports import (
    COMPLETED,
    IN_PROGRESS,
    NOT_STARTED,
    AttemptRow,
    Report,
    ReportFilter,
    ReportRow,
    UnitTotal,
    _people,
    _sum_totals,
    _unit_fold,
    period_bounds,
)
from ethics_trainer.hr.reports import (
    as_utc as utc,
)
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Attempt, Completion, Learner, LessonProgress


def full_report(db: Database, f: ReportFilter, titles: dict[str, str]) -> Report:
    """Every person x course, then the status filter: Core selects (no ORM objects),
    aggregation in SQL, and rows only for what the status filter keeps; totals are counters."""
    start, end = period_bounds(f)
    cq = select(
        Completion.learner_id,
        Completion.course_id,
        Completion.id,
        Completion.completed_at,
        Completion.score,
        Completion.content_hash,
        Completion.certificate_no,
    )
    aq = select(
        Attempt.learner_id,
        Attempt.course_id,
        func.count(),
        func.max(Attempt.score),
        func.max(Attempt.started_at),
    )
    pq = select(
        LessonProgress.learner_id, LessonProgress.course_id, func.max(LessonProgress.opened_at)
    )
    if f.course_id:
        cq = cq.where(Completion.course_id == f.course_id)
        aq = aq.where(Attempt.course_id == f.course_id)
        pq = pq.where(LessonProgress.course_id == f.course_id)
    if start is not None:
        cq = cq.where(Completion.completed_at >= start)
        aq = aq.where(Attempt.started_at >= start)
        pq = pq.where(LessonProgress.opened_at >= start)
    if end is not None:
        cq = cq.where(Completion.completed_at <= end)
        aq = aq.where(Attempt.started_at <= end)
        pq = pq.where(LessonProgress.opened_at <= end)
    with db.engine.connect() as conn:
        people = _people(conn, f)
        completions = {(r[0], r[1]): r for r in conn.execute(cq).all()}
        attempts = {
            (r[0], r[1]): r
            for r in conn.execute(aq.group_by(Attempt.learner_id, Attempt.course_id)).all()
        }
        opened = {
            (r[0], r[1]): r[2]
            for r in conn.execute(
                pq.group_by(LessonProgress.learner_id, LessonProgress.course_id)
            ).all()
        }
    if f.course_id:
        courses = [f.course_id]
    else:
        seen = {k[1] for k in completions} | {k[1] for k in attempts}
        courses = list(titles) + sorted(seen - set(titles))
    counts: dict[str, list[int]] = {}  # unit -> [completed, in progress, not started]
    index = {COMPLETED: 0, IN_PROGRESS: 1, NOT_STARTED: 2}
    rows: list[ReportRow] = []
    for learner_id, name, code, unit, position in people:
        unit_counts = counts.get(unit)
        if unit_counts is None:
            unit_counts = counts[unit] = [0, 0, 0]
        for course_id in courses:
            key = (learner_id, course_id)
            done = completions.get(key)
            tried = attempts.get(key)
            seen_at = opened.get(key)
            if done is not None:
                status = COMPLETED
            elif tried is not None or seen_at is not None:
                status = IN_PROGRESS
            else:
                status = NOT_STARTED
            unit_counts[index[status]] += 1
            if f.status and status != f.status:
                continue
            last = max(
                (t for t in (utc(tried[4]) if tried else None, utc(seen_at)) if t), default=None
            )
            rows.append(
                ReportRow(
                    learner_id=learner_id,
                    full_name=name,
                    employee_code=code,
                    unit=unit,
                    position=position,
                    course_id=course_id,
                    course_title=titles.get(course_id, course_id),
                    status=status,
                    completed_at=utc(done[3]) if done else None,
                    score=done[4] if done else None,
                    attempts=int(tried[2]) if tried else 0,
                    best_score=tried[3] if tried else None,
                    last_activity=last,
                    certificate_no=done[6] if done else "",
                    content_hash=done[5] if done else "",
                    completion_id=done[2] if done else None,
                )
            )
    units = [
        UnitTotal(u, sum(c), c[0], c[1], c[2])
        for u, c in sorted(counts.items(), key=_unit_key)
        if sum(c)
    ]
    return Report(rows=sort_rows(rows, "unit"), units=units, total=_sum_totals(units))


def attempt_report(
    db: Database, f: ReportFilter, course_titles: dict[str, str] | None = None
) -> list[AttemptRow]:
    """Every attempt started in the period, newest first (unit and course filters apply)."""
    titles = course_titles or {}
    start, end = period_bounds(f)
    q = select(
        Attempt.id,
        Learner.full_name,
        Learner.unit,
        Attempt.course_id,
        Attempt.kind,
        Attempt.started_at,
        Attempt.submitted_at,
        Attempt.score,
        Attempt.passed,
    ).join(Learner, Learner.id == Attempt.learner_id)  # type: ignore[arg-type]
    if f.course_id:
        q = q.where(Attempt.course_id == f.course_id)
    if start is not None:
        q = q.where(Attempt.started_at >= start)
    if end is not None:
        q = q.where(Attempt.started_at <= end)
    with db.session() as session:
        rows = session.execute(q.order_by(Attempt.started_at.desc())).all()  # type: ignore[attr-defined]
    wanted = _unit_fold(f.unit)
    return [
        AttemptRow(
            attempt_id=r[0],
            full_name=r[1],
            unit=r[2],
            course_id=r[3],
            course_title=titles.get(r[3], r[3]),
            kind=r[4],
            started_at=utc(r[5]),
            submitted_at=utc(r[6]),
            score=r[7],
            passed=r[8],
        )
        for r in rows
        if not wanted or wanted in _unit_fold(r[2])
    ]
