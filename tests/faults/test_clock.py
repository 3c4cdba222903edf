"""The wall clock jumps ±1 hour mid-exam: no time is granted or stolen (docs/time-policy.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.services import attempts, learners
from ethics_trainer.services.steady_clock import SteadyClock, attempt_floor
from ethics_trainer.storage.db import open_database

HOUR = 3600.0


class FakeMonotonic:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


class Exam:
    """A 10-minute final quiz with a wall clock and a monotonic clock moved by hand."""

    def __init__(self, db, content: Path) -> None:
        self.db = db
        self.wall = FixedClock()
        self.mono = FakeMonotonic()
        self.clock = SteadyClock(self.wall, monotonic=self.mono)
        course = load_library(content).courses[0]
        me = learners.create_learner(db, full_name="Ngô Thị Lan", clock=self.wall)
        self.state = attempts.start_final_quiz(
            db, learner_id=me.id, course=course, seed=7, clock=self.clock
        )
        self.learner_id = me.id

    def elapse(self, seconds: float) -> None:
        """Real time passes: both clocks move."""
        self.wall.advance(seconds)
        self.mono.value += seconds

    def answer(self, index: int):
        q = self.state.questions[index]
        keys = [o.key for o in q.options if o.correct]
        return attempts.record_answer(self.db, self.state.id, q.id, keys, clock=self.clock)


@pytest.mark.parametrize("jump", [HOUR, -HOUR])
def test_jump_mid_exam_changes_nothing(db, sample_content: Path, jump: float) -> None:
    exam = Exam(db, sample_content)
    deadline = exam.state.deadline
    exam.elapse(180)
    exam.answer(0)
    exam.wall.advance(jump)  # someone (or NTP) moves the system clock
    after = exam.answer(1)
    assert not after.finished  # forward: nothing stolen
    assert after.time_left(exam.clock.now()) == timedelta(minutes=7)
    exam.elapse(419)
    assert not exam.answer(2).finished  # the last second before the deadline still counts
    exam.elapse(2)  # real time is past the deadline: backward jump granted nothing
    done = exam.answer(0)
    assert done.finished and done.submit_reason == "timeout"
    assert done.submitted_at == deadline == exam.state.deadline
    assert len([a for a in done.answers.values() if a.selected]) == 3
    assert done.score == 100.0


def test_stored_deadline_is_authoritative_for_the_raw_wall_clock(db, sample_content) -> None:
    """Without the steady clock, a forward jump ends the attempt at its stored deadline."""
    exam = Exam(db, sample_content)
    exam.clock = exam.wall  # type: ignore[assignment]
    exam.elapse(60)
    exam.answer(0)
    exam.wall.advance(HOUR)
    done = exam.answer(1)
    assert done.finished and done.submitted_at == exam.state.deadline
    assert [q for q, a in done.answers.items() if a.selected] == [exam.state.questions[0].id]


def test_backward_jump_while_closed_grants_at_most_the_closed_time(db_url, sample_content) -> None:
    db = open_database(db_url)
    exam = Exam(db, sample_content)
    exam.elapse(300)
    exam.answer(0)  # 5 minutes left
    db.dispose()
    exam.wall.advance(60)  # closed for a minute...
    exam.wall.advance(-HOUR)  # ...and the clock set back an hour before restarting
    db = open_database(db_url)
    floor = attempt_floor(db, exam.state.id)
    clock = SteadyClock(exam.wall, floor=floor, monotonic=exam.mono)
    resumed = attempts.open_attempt(db, exam.learner_id, clock=clock)
    assert resumed is not None
    left = resumed.time_left(clock.now())
    assert left == timedelta(minutes=5)  # not 65: the hour is not granted
    db.dispose()


def test_forward_jump_while_closed_submits_at_the_deadline(db_url, sample_content) -> None:
    db = open_database(db_url)
    exam = Exam(db, sample_content)
    exam.elapse(120)
    exam.answer(0)
    db.dispose()
    exam.wall.advance(HOUR)
    db = open_database(db_url)
    clock = SteadyClock(exam.wall, floor=attempt_floor(db, exam.state.id))
    assert attempts.open_attempt(db, exam.learner_id, clock=clock) is None
    done = attempts.get_attempt(db, exam.state.id)
    assert done.submit_reason == "timeout" and done.submitted_at == exam.state.deadline
    assert done.answers[exam.state.questions[0].id].selected
    db.dispose()
