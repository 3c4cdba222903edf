"""The state of an attempt as screens see it: plain data, detached from the database.

Kept apart from ``services.attempts`` so the GUI can import it without loading SQLModel
before its first paint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ethics_trainer.quiz.snapshot import QuestionSnapshot


@dataclass(frozen=True)
class AnswerState:
    selected: tuple[str, ...] = ()
    flagged: bool = False

    @property
    def answered(self) -> bool:
        return bool(self.selected)


@dataclass(frozen=True)
class AttemptState:
    """Everything a quiz screen needs, detached from any session."""

    id: int
    learner_id: int
    course_id: str
    lesson_id: str
    kind: str
    questions: list[QuestionSnapshot]
    answers: dict[str, AnswerState]
    started_at: datetime
    deadline: datetime | None
    submitted_at: datetime | None
    pass_percent: float
    score: float | None = None
    passed: bool | None = None
    correct_count: int | None = None
    submit_reason: str = ""
    question_scores: dict[str, float] = field(default_factory=dict)
    extra_seconds: int = 0  # already included in ``deadline``

    def time_left(self, now: datetime) -> timedelta | None:
        if self.deadline is None:
            return None
        return max(self.deadline - now, timedelta(0))

    @property
    def finished(self) -> bool:
        return self.submitted_at is not None

    def unanswered_positions(self) -> list[int]:
        return [
            i + 1
            for i, q in enumerate(self.questions)
            if not self.answers.get(q.id, AnswerState()).answered
        ]
