"""Reading progress and course completion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.content.model import Course, Lesson
from ethics_trainer.storage.db import Database
from ethics_trainer.storage.models import Completion, LessonProgress


def open_lesson(
    db: Database, learner_id: int, course_id: str, lesson_id: str, *, clock: Clock = SYSTEM_CLOCK
) -> None:
    with db.session() as session:
        row = session.exec(
            select(LessonProgress).where(
                LessonProgress.learner_id == learner_id, LessonProgress.lesson_id == lesson_id
            )
        ).first()
        if row is None:
            session.add(
                LessonProgress(
                    learner_id=learner_id,
                    course_id=course_id,
                    lesson_id=lesson_id,
                    opened_at=clock.now(),
                )
            )


def add_reading_time(db: Database, learner_id: int, lesson_id: str, seconds: int) -> None:
    with db.session() as session:
        row = session.exec(
            select(LessonProgress).where(
                LessonProgress.learner_id == learner_id, LessonProgress.lesson_id == lesson_id
            )
        ).first()
        if row is not None:
            row.seconds_spent += max(0, int(seconds))
            session.add(row)


def mark_read(
    db: Database,
    learner_id: int,
    course_id: str,
    lesson_id: str,
    *,
    read: bool = True,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    with db.session() as session:
        row = session.exec(
            select(LessonProgress).where(
                LessonProgress.learner_id == learner_id, LessonProgress.lesson_id == lesson_id
            )
        ).first()
        now = clock.now()
        if row is None:
            row = LessonProgress(
                learner_id=learner_id, course_id=course_id, lesson_id=lesson_id, opened_at=now
            )
        row.read_at = now if read else None
        session.add(row)


def study_lessons(course: Course) -> list[Lesson]:
    """The lessons a learner studies: pages the loader made (the "Tài liệu tham khảo"
    bibliography) are for reference and count neither towards progress nor time left."""
    return [lesson for lesson in course.lessons if not lesson.generated]


@dataclass(frozen=True)
class CourseProgress:
    course_id: str
    lessons_total: int
    lessons_read: int
    read_ids: frozenset[str]
    opened_ids: frozenset[str]
    minutes_left: int
    completed_at: datetime | None
    completion_score: float | None
    last_lesson_id: str | None

    @property
    def fraction(self) -> float:
        return self.lessons_read / self.lessons_total if self.lessons_total else 0.0


def course_progress(db: Database, learner_id: int, course: Course) -> CourseProgress:
    with db.session() as session:
        rows = session.exec(
            select(LessonProgress).where(
                LessonProgress.learner_id == learner_id, LessonProgress.course_id == course.id
            )
        ).all()
        completion = session.exec(
            select(Completion).where(
                Completion.learner_id == learner_id, Completion.course_id == course.id
            )
        ).first()
    lessons = study_lessons(course)
    counted = {le.id for le in lessons}
    lesson_ids = {le.id for le in course.lessons}
    # read_ids keeps a read bibliography page (the tree ticks it); the counts leave it out
    read = frozenset(
        r.lesson_id for r in rows if r.read_at is not None and r.lesson_id in lesson_ids
    )
    opened = frozenset(r.lesson_id for r in rows if r.lesson_id in lesson_ids)
    latest = max(rows, key=lambda r: r.read_at or r.opened_at, default=None)
    return CourseProgress(
        course_id=course.id,
        lessons_total=len(lessons),
        lessons_read=len(read & counted),
        read_ids=read,
        opened_ids=opened,
        minutes_left=sum(le.minutes for le in lessons if le.id not in read),
        completed_at=completion.completed_at if completion else None,
        completion_score=completion.score if completion else None,
        last_lesson_id=latest.lesson_id if latest else None,
    )
