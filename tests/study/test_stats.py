"""Progress data for the charts: completion, scores over time, time spent, attempts."""

from __future__ import annotations

from datetime import timedelta

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.model import Library
from ethics_trainer.i18n import set_language
from ethics_trainer.services import attempts, progress
from ethics_trainer.study import practice, stats

from .course_attempt import start_course_attempt
from .helpers import right


def take_quiz(db, library: Library, learner_id: int, clock: FixedClock, n_right: int, kind: str):
    course = library.courses[0]
    state = start_course_attempt(db, course, learner_id, clock, kind=kind, seed=3, pass_percent=60)
    for q in state.questions[:n_right]:
        attempts.record_answer(db, state.id, q.id, right(state, q.id), clock=clock)
    clock.advance(120)
    return attempts.submit_attempt(db, state.id, clock=clock)


def test_learner_stats(db, library: Library, learner_id: int, clock: FixedClock) -> None:
    empty = stats.learner_stats(db, learner_id, library)
    assert empty.scores == [] and empty.attempts == 0 and empty.seconds_spent == 0
    assert empty.courses[0].fraction == 0.0 and empty.courses[0].best_score is None

    first = take_quiz(db, library, learner_id, clock, 2, "quiz")
    clock.advance(timedelta(days=2).total_seconds())
    second = take_quiz(db, library, learner_id, clock, 4, "final")
    drill = practice.start_practice(
        db, learner_id=learner_id, course=library.courses[0], lesson_id="mau-l1", clock=clock
    )
    practice.finish_practice(db, drill.id, clock=clock)
    progress.open_lesson(db, learner_id, "mau", "mau-l1", clock=clock)
    progress.add_reading_time(db, learner_id, "mau-l1", 300)
    progress.mark_read(db, learner_id, "mau", "mau-l1", clock=clock)

    result = stats.learner_stats(db, learner_id, library)
    assert result.scores == [(first.submitted_at, 50.0), (second.submitted_at, 100.0)]
    assert result.attempts_by_kind == {"quiz": 1, "final": 1, "practice": 1}
    assert result.attempts == 3 and result.seconds_spent == 300
    course = result.courses[0]
    assert course.course_id == "mau" and course.title == "Khoá mẫu"
    assert course.fraction == 1.0 and course.seconds_spent == 300
    assert course.attempts == 3 and course.best_score == 100.0
    assert course.progress.completed_at == second.submitted_at


def test_series_history_and_filters(
    db, library: Library, learner_id: int, clock: FixedClock
) -> None:
    take_quiz(db, library, learner_id, clock, 1, "quiz")
    clock.advance(3600)
    take_quiz(db, library, learner_id, clock, 3, "quiz")
    series = stats.score_series(db, learner_id, course_id="mau")
    assert [score for _, score in series] == [25.0, 75.0]
    assert series[0][0] < series[1][0]
    assert stats.score_series(db, learner_id, kinds=("final",)) == []
    assert stats.score_series(db, learner_id, course_id="other") == []
    newest_first = stats.attempt_history(db, learner_id)
    assert [a.score for a in newest_first] == [75.0, 25.0]
    assert stats.attempt_history(db, learner_id, kinds=("practice",)) == []
    assert stats.time_spent(db, learner_id) == 0


def test_kind_labels() -> None:
    set_language("vi")
    assert stats.kind_label("practice") == "Luyện tập"
    assert stats.kind_label("review") == "Ôn lại câu sai"
    set_language("en")
    assert stats.kind_label("final") == "Final quiz"
    assert stats.kind_label("mystery") == "mystery"
    set_language("vi")
