"""Every table, as plain SQLModel classes (SQLModel docs: one models module).

Times are timezone-aware UTC. Content is referred to by its stable ids (course, lesson, question); an
attempt keeps a JSON snapshot of the questions it was built from, so its review and its score
stay right after the content is edited.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Learner(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(index=True)
    employee_code: str = Field(default="", index=True)
    unit: str = Field(default="", index=True)
    position: str = Field(default="")
    created_at: datetime
    last_used_at: datetime | None = None
    archived: bool = False


class LessonProgress(SQLModel, table=True):
    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("learner_id", "lesson_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True)
    course_id: str = Field(index=True)
    lesson_id: str
    opened_at: datetime
    read_at: datetime | None = None
    seconds_spent: int = 0


class Attempt(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True)
    course_id: str = Field(index=True)
    lesson_id: str = ""  # set for a lesson quiz or practice
    kind: str = "quiz"  # quiz | final | practice | review | exam
    seed: int
    questions_json: str = Field(sa_column=Column(Text, nullable=False))
    started_at: datetime
    deadline: datetime | None = None  # None: untimed (practice)
    submitted_at: datetime | None = None
    submit_reason: str = ""  # user | timeout | ended
    score: float | None = None  # 0..100
    correct_count: int | None = None
    question_count: int = 0
    pass_percent: float = 80.0
    passed: bool | None = None
    content_hash: str = ""
    extra_seconds: int = 0


class Answer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id", index=True)
    question_id: str
    position: int
    selected_json: str = "[]"  # option keys, JSON list
    flagged: bool = False
    answered_at: datetime
    score: float | None = None  # filled in at submission, 0..1


class Completion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("learner_id", "course_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True)
    course_id: str = Field(index=True)
    attempt_id: int = Field(foreign_key="attempt.id")
    completed_at: datetime = Field(index=True)
    score: float
    content_hash: str = ""
    certificate_no: str = Field(default="", index=True)


class ReviewItem(SQLModel, table=True):
    """A question the learner got wrong, in a Leitner box until answered right enough times."""

    __tablename__ = "review_item"
    __table_args__ = (UniqueConstraint("learner_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    learner_id: int = Field(foreign_key="learner.id", index=True)
    course_id: str
    question_id: str
    box: int = 1
    due_at: datetime
    last_result_at: datetime | None = None
    retired: bool = False


class AppSetting(SQLModel, table=True):
    """Settings shared by every PC on one database (organisation name, signer, keys' ids)."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True)
    value: str = ""
