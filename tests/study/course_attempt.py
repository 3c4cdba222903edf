"""A ten-minute attempt over every question of a course, with a fixed seed: the quiz or final
the study tests answer, submit and sync from."""

from __future__ import annotations

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.model import Course
from ethics_trainer.quiz.state import AttemptState
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import Database


def start_course_attempt(
    db: Database,
    course: Course,
    learner_id: int,
    clock: FixedClock,
    *,
    kind: str,
    seed: int,
    pass_percent: float = 80,
) -> AttemptState:
    """Start a ``kind`` attempt (``quiz``, ``final``) drawing all of ``course``'s questions."""
    return attempts.start_attempt(
        db,
        learner_id=learner_id,
        course=course,
        pool=course.questions(),
        kind=kind,
        count=None,
        minutes=10,
        pass_percent=pass_percent,
        seed=seed,
        clock=clock,
    )
