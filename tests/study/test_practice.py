"""Practice per lesson: judged at once from the snapshot, untimed, never a completion."""

from __future__ import annotations

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.model import Library
from ethics_trainer.errors import UserError
from ethics_trainer.i18n import set_language
from ethics_trainer.services import attempts, progress
from ethics_trainer.study import practice, review

from .helpers import by_text, right, wrong


@pytest.fixture
def session(db, library: Library, learner_id: int, clock: FixedClock):
    return practice.start_practice(
        db,
        learner_id=learner_id,
        course=library.courses[0],
        lesson_id="mau-l1",
        content_hash=library.content_hash,
        seed=11,
        clock=clock,
    )


@pytest.fixture(autouse=True)
def _vietnamese():
    set_language("vi")
    yield
    set_language("vi")


def test_practice_is_untimed_and_covers_the_lesson(session) -> None:
    assert session.kind == "practice" and session.deadline is None
    assert session.lesson_id == "mau-l1"
    assert sorted(q.id for q in session.questions) == ["mau-q1", "mau-q2", "mau-q3", "mau-q4"]


def test_right_answer_with_explanation_and_source(db, session, clock: FixedClock) -> None:
    feedback = practice.check_answer(
        db, session.id, "mau-q1", right(session, "mau-q1"), clock=clock
    )
    assert feedback.correct and not feedback.partial and feedback.score == 1.0
    assert feedback.verdict() == "Đúng"
    assert feedback.explanation == "Theo tư tưởng Hồ Chí Minh."
    assert feedback.source == "S44"
    assert feedback.correct_keys == tuple(right(session, "mau-q1"))
    chosen = [o for o in feedback.options if o.selected]
    assert len(chosen) == 1 and chosen[0].correct
    assert [o.key for o in feedback.options] == [
        o.key for o in next(q for q in session.questions if q.id == "mau-q1").options
    ]
    assert feedback.review is None  # never got wrong: nothing to review
    stored = attempts.get_attempt(db, session.id).answers["mau-q1"]
    assert stored.selected == tuple(sorted(right(session, "mau-q1")))  # written at once


def test_wrong_answer_enters_the_review(db, session, clock: FixedClock) -> None:
    feedback = practice.check_answer(
        db, session.id, "mau-q3", wrong(session, "mau-q3"), clock=clock
    )
    assert not feedback.correct and feedback.verdict() == "Chưa đúng"
    assert feedback.explanation == "QĐ 522." and feedback.source == "QĐ 522/QĐ-UBND"
    assert feedback.review is not None and feedback.review.box == 1
    set_language("en")
    assert feedback.verdict() == "Not right"


def test_partial_credit_and_option_feedback(db, session, clock: FixedClock) -> None:
    keys = by_text(session, "mau-q4", "Hướng dẫn miệng")
    feedback = practice.check_answer(db, session.id, "mau-q4", keys, clock=clock)
    assert feedback.partial and feedback.score == 0.5
    assert feedback.verdict() == "Đúng một phần (50%)"
    notes = {o.text: o.feedback for o in feedback.options}
    assert notes["Hướng dẫn miệng"] == "Chấp nhận được."
    assert notes["Từ chối nhận"] == "Sai."
    assert review.due_questions(db, session.learner_id, clock.now())[0].question_id == "mau-q4"


def test_changing_the_answer_after_the_solution_does_not_count(
    db, session, clock: FixedClock
) -> None:
    practice.check_answer(db, session.id, "mau-q2", wrong(session, "mau-q2"), clock=clock)
    again = practice.check_answer(db, session.id, "mau-q2", right(session, "mau-q2"), clock=clock)
    assert again.correct and not again.counted and again.review is None
    card = review.due_questions(db, session.learner_id, clock.now())[0]
    assert (card.question_id, card.box) == ("mau-q2", 1)


def test_practice_never_completes_the_course(
    db, session, library: Library, clock: FixedClock
) -> None:
    for q in session.questions:
        practice.check_answer(db, session.id, q.id, right(session, q.id), clock=clock)
    done = practice.finish_practice(db, session.id, clock=clock)
    assert done.score == 100.0 and done.finished
    assert progress.course_progress(db, session.learner_id, library.courses[0]).completed_at is None
    with pytest.raises(UserError):
        practice.check_answer(db, session.id, "mau-q1", right(session, "mau-q1"), clock=clock)


def test_answers_of_a_timed_quiz_stay_hidden(
    db, library: Library, learner_id: int, clock: FixedClock
) -> None:
    quiz = attempts.start_final_quiz(
        db, learner_id=learner_id, course=library.courses[0], seed=2, clock=clock
    )
    question_id = quiz.questions[0].id
    with pytest.raises(UserError):
        practice.check_answer(db, quiz.id, question_id, right(quiz, question_id), clock=clock)
    assert attempts.get_attempt(db, quiz.id).answers == {}


def test_unknown_question_and_empty_lesson(
    db, session, library: Library, learner_id: int, clock: FixedClock
) -> None:
    with pytest.raises(UserError):
        practice.check_answer(db, session.id, "no-such-question", ["a"], clock=clock)
    with pytest.raises(UserError):
        practice.start_practice(
            db, learner_id=learner_id, course=library.courses[0], lesson_id="none", clock=clock
        )


def test_review_session_asks_due_questions(
    db, session, library: Library, learner_id: int, clock: FixedClock
) -> None:
    assert (
        practice.start_review(db, learner_id=learner_id, library=library, course_id="mau") is None
    )
    practice.check_answer(db, session.id, "mau-q3", wrong(session, "mau-q3"), clock=clock)
    rounds = practice.start_review(
        db, learner_id=learner_id, library=library, course_id="mau", clock=clock
    )
    assert rounds is not None and rounds.kind == "review" and rounds.deadline is None
    assert [q.id for q in rounds.questions] == ["mau-q3"]
    feedback = practice.check_answer(db, rounds.id, "mau-q3", right(rounds, "mau-q3"), clock=clock)
    assert feedback.correct and feedback.review is not None and feedback.review.box == 2
    assert (
        practice.start_review(
            db, learner_id=learner_id, library=library, course_id="mau", clock=clock
        )
        is None
    )
