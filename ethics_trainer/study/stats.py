"""Progress data for the charts and tables of the progress screen (drawing is the UI's job).

Everything is read in a few queries and returned as plain data: per-course completion and
time spent, scores over time for a line chart, attempt counts, and the attempt history
(each entry reviewable through ``services.attempts.get_attempt``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import col, select

from ethics_trainer.content.model import Library
from ethics_trainer.i18n import tr
from ethics_trainer.services.attempts import AttemptSummary, history
from ethics_trainer.services.progress import CourseProgress, course_progress
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Attempt, LessonProgress

SCORED_KINDS = ("quiz", "final")  # what the score chart shows by default


def kind_label(kind: str) -> str:
    """ "Luyện tập", "Kiểm tra cuối khoá"… for an attempt kind (the kind itself if unknown)."""
    key = f"study.stats.kind.{kind}"
    text = tr(key)
    return kind if text == key else text


@dataclass(frozen=True)
class CourseStats:
    course_id: str
    title: str
    progress: CourseProgress  # lessons read, minutes left, completion date and score
    seconds_spent: int  # reading time over the course's lessons
    attempts: int  # submitted attempts of every kind
    best_score: float | None  # best quiz or final score, 0..100

    @property
    def fraction(self) -> float:
        return self.progress.fraction


@dataclass(frozen=True)
class LearnerStats:
    courses: list[CourseStats]
    scores: list[tuple[datetime, float]]  # (submitted at, score 0..100), oldest first
    seconds_spent: int
    attempts_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def attempts(self) -> int:
        return sum(self.attempts_by_kind.values())


def score_series(
    db: Database,
    learner_id: int,
    *,
    course_id: str | None = None,
    kinds: tuple[str, ...] = SCORED_KINDS,
) -> list[tuple[datetime, float]]:
    """Scores of submitted attempts over time, oldest first, for a line chart."""
    with db.session() as session:
        query = select(Attempt).where(
            Attempt.learner_id == learner_id,
            col(Attempt.submitted_at).is_not(None),
            col(Attempt.score).is_not(None),
            col(Attempt.kind).in_(kinds),
        )
        if course_id is not None:
            query = query.where(Attempt.course_id == course_id)
        rows = session.exec(query).all()
    points = [
        (r.submitted_at, float(r.score))
        for r in rows
        if r.submitted_at and r.score is not None  # the query asked for both; this tells mypy
    ]
    points.sort(key=lambda p: p[0])
    return points


def time_spent(db: Database, learner_id: int, *, course_id: str | None = None) -> int:
    """Seconds spent reading lessons (all courses, or one)."""
    with db.session() as session:
        query = select(LessonProgress).where(LessonProgress.learner_id == learner_id)
        if course_id is not None:
            query = query.where(LessonProgress.course_id == course_id)
        return sum(r.seconds_spent for r in session.exec(query).all())


def attempt_history(
    db: Database,
    learner_id: int,
    *,
    course_id: str | None = None,
    kinds: tuple[str, ...] | None = None,
    submitted_only: bool = False,
) -> list[AttemptSummary]:
    """The learner's attempts, newest first; open one with ``attempts.get_attempt(db, id)``."""
    rows = history(db, learner_id)
    return [
        a
        for a in rows
        if (course_id is None or a.course_id == course_id)
        and (kinds is None or a.kind in kinds)
        and (not submitted_only or a.submitted_at is not None)
    ]


def learner_stats(db: Database, learner_id: int, library: Library) -> LearnerStats:
    """Everything the progress screen shows, for every course of the library."""
    summaries = attempt_history(db, learner_id, submitted_only=True)
    with db.session() as session:
        reading = session.exec(
            select(LessonProgress).where(LessonProgress.learner_id == learner_id)
        ).all()
    seconds_by_course: Counter[str] = Counter()
    for row in reading:
        seconds_by_course[row.course_id] += row.seconds_spent
    courses: list[CourseStats] = []
    for course in library.courses:
        mine = [a for a in summaries if a.course_id == course.id]
        scored = [a.score for a in mine if a.kind in SCORED_KINDS and a.score is not None]
        courses.append(
            CourseStats(
                course_id=course.id,
                title=course.title,
                progress=course_progress(db, learner_id, course),
                seconds_spent=seconds_by_course[course.id],
                attempts=len(mine),
                best_score=max(scored) if scored else None,
            )
        )
    scores = sorted(
        (
            (a.submitted_at, float(a.score))
            for a in summaries
            if a.kind in SCORED_KINDS and a.score is not None and a.submitted_at is not None
        ),
        key=lambda p: p[0],
    )
    return LearnerStats(
        courses=courses,
        scores=scores,
        seconds_spent=sum(seconds_by_course.values()),
        attempts_by_kind=dict(Counter(a.kind for a in summaries)),
    )
