"""Leitner boxes for the mistakes review, driven by an injected clock."""

from __future__ import annotations

from datetime import timedelta

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.model import Library
from ethics_trainer.services import attempts
from ethics_trainer.study import practice, review
from ethics_trainer.study.review import (
    INTERVALS,
    LAST_BOX,
    due_questions,
    record_review,
    review_summary,
    sync_from_attempt,
)

from .course_attempt import start_course_attempt
from .helpers import right, wrong

DAY = 86400


def test_right_answer_to_a_question_never_missed_creates_nothing(
    db, learner_id: int, clock: FixedClock
) -> None:
    assert record_review(db, learner_id, "mau-q1", True, clock.now()) is None
    assert due_questions(db, learner_id, clock.now()) == []


def test_climbs_the_boxes_then_retires(db, learner_id: int, clock: FixedClock) -> None:
    card = record_review(db, learner_id, "mau-q1", False, clock.now(), course_id="mau")
    assert card is not None and card.box == 1 and card.due_at == clock.now()
    assert [c.question_id for c in due_questions(db, learner_id, clock.now())] == ["mau-q1"]
    for box in range(2, LAST_BOX + 1):
        card = record_review(db, learner_id, "mau-q1", True, clock.now())
        assert card is not None and card.box == box and not card.retired
        assert card.due_at == clock.now() + INTERVALS[box]
        assert due_questions(db, learner_id, clock.now()) == []
        clock.set(card.due_at - timedelta(seconds=1))
        assert due_questions(db, learner_id, clock.now()) == []
        clock.advance(1)
        assert [c.box for c in due_questions(db, learner_id, clock.now())] == [box]
    card = record_review(db, learner_id, "mau-q1", True, clock.now())
    assert card is not None and card.retired and card.box == LAST_BOX
    clock.advance(365 * DAY)
    assert due_questions(db, learner_id, clock.now()) == []
    assert review_summary(db, learner_id, clock.now()).retired == 1


def test_intervals_are_one_three_seven_fourteen_days() -> None:
    assert [INTERVALS[b].days for b in range(2, LAST_BOX + 1)] == [1, 3, 7, 14]


def test_right_before_due_does_not_move(db, learner_id: int, clock: FixedClock) -> None:
    record_review(db, learner_id, "mau-q1", False, clock.now(), course_id="mau")
    record_review(db, learner_id, "mau-q1", True, clock.now())  # box 2, due in a day
    clock.advance(DAY / 2)
    card = record_review(db, learner_id, "mau-q1", True, clock.now())
    assert card is not None and card.box == 2


def test_wrong_sends_back_to_box_one(db, learner_id: int, clock: FixedClock) -> None:
    record_review(db, learner_id, "mau-q1", False, clock.now(), course_id="mau")
    for _ in range(3):
        card = record_review(db, learner_id, "mau-q1", True, clock.now())
        assert card is not None
        clock.set(card.due_at)
    assert card.box == 4
    clock.advance(60)
    card = record_review(db, learner_id, "mau-q1", False, clock.now())
    assert card is not None and card.box == 1 and card.due_at == clock.now()


def test_a_retired_question_missed_again_comes_back(db, learner_id: int, clock: FixedClock) -> None:
    record_review(db, learner_id, "mau-q1", False, clock.now(), course_id="mau")
    for _ in range(LAST_BOX):
        card = record_review(db, learner_id, "mau-q1", True, clock.now())
        assert card is not None
        clock.set(card.due_at)
    assert card.retired
    card = record_review(db, learner_id, "mau-q1", False, clock.now())
    assert card is not None and card.box == 1 and not card.retired


def test_due_order_and_course_filter(db, learner_id: int, clock: FixedClock) -> None:
    record_review(db, learner_id, "mau-q2", False, clock.now(), course_id="mau")
    record_review(db, learner_id, "mau-q1", False, clock.now(), course_id="mau")
    record_review(db, learner_id, "khac-q1", False, clock.now(), course_id="khac")
    record_review(db, learner_id, "mau-q2", True, clock.now())  # box 2
    clock.advance(2 * DAY)
    due = due_questions(db, learner_id, clock.now(), course_id="mau")
    assert [(c.question_id, c.box) for c in due] == [("mau-q1", 1), ("mau-q2", 2)]
    summary = review_summary(db, learner_id, clock.now())
    assert summary.due == 3 and summary.by_box[1] == 2 and summary.by_box[2] == 1


def test_other_learners_are_separate(db, learner_id: int, clock: FixedClock) -> None:
    from ethics_trainer.services import learners

    other = learners.create_learner(db, full_name="Trần Văn Bình", clock=clock).id
    record_review(db, learner_id, "mau-q1", False, clock.now(), course_id="mau")
    assert due_questions(db, other, clock.now()) == []


def test_sync_from_a_submitted_quiz(
    db, library: Library, learner_id: int, clock: FixedClock
) -> None:
    course = library.courses[0]
    state = start_course_attempt(db, course, learner_id, clock, kind="quiz", seed=4)
    attempts.record_answer(db, state.id, "mau-q1", wrong(state, "mau-q1"), clock=clock)
    attempts.record_answer(db, state.id, "mau-q2", right(state, "mau-q2"), clock=clock)
    # mau-q3 and mau-q4 left unanswered: not "answered wrong"
    assert sync_from_attempt(db, state.id) == []  # not submitted yet
    clock.advance(60)
    attempts.submit_attempt(db, state.id, clock=clock)
    changed = sync_from_attempt(db, state.id)
    assert [(c.question_id, c.box, c.course_id) for c in changed] == [("mau-q1", 1, "mau")]
    assert sync_from_attempt(db, state.id) == []  # idempotent
    assert [c.question_id for c in due_questions(db, learner_id, clock.now())] == ["mau-q1"]

    clock.advance(DAY)
    again = start_course_attempt(db, course, learner_id, clock, kind="final", seed=5)
    attempts.record_answer(db, again.id, "mau-q1", right(again, "mau-q1"), clock=clock)
    attempts.record_answer(db, again.id, "mau-q3", wrong(again, "mau-q3"), clock=clock)
    _, changed = practice.submit_and_sync(db, again.id, clock=clock)
    assert sorted((c.question_id, c.box) for c in changed) == [("mau-q1", 2), ("mau-q3", 1)]


def test_sync_skips_practice_fed_live(
    db, library: Library, learner_id: int, clock: FixedClock
) -> None:
    state = practice.start_practice(
        db, learner_id=learner_id, course=library.courses[0], lesson_id="mau-l1", clock=clock
    )
    practice.check_answer(db, state.id, "mau-q1", wrong(state, "mau-q1"), clock=clock)
    practice.finish_practice(db, state.id, clock=clock)
    assert sync_from_attempt(db, state.id) == []
    assert [c.box for c in review.due_questions(db, learner_id, clock.now())] == [1]
