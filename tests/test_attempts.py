"""The quiz engine against a real SQLite file: deadlines, answers, submission, completion."""

from __future__ import annotations

from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.content.loader import load_library
from ethics_trainer.errors import UserError
from ethics_trainer.services import attempts, learners, progress
from ethics_trainer.storage.db import open_database


@pytest.fixture
def course(sample_content: Path):
    return load_library(sample_content).courses[0]


def correct_keys(question: dict) -> list[str]:
    return [o.key for o in question.options if o.correct]


def test_final_quiz_pass_records_completion(db, course) -> None:
    clock = FixedClock()
    me = learners.create_learner(db, full_name="Nguyễn Văn An", unit="Sở Nội vụ", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=5, clock=clock)
    assert len(state.questions) == 3
    assert state.deadline is not None and state.time_left(clock.now()).total_seconds() == 600
    for q in state.questions:
        clock.advance(10)
        attempts.record_answer(db, state.id, q.id, correct_keys(q), clock=clock)
    result = attempts.submit_attempt(db, state.id, clock=clock)
    assert result.score == 100.0 and result.passed is True and result.correct_count == 3
    done = progress.course_progress(db, me.id, course)
    assert done.completed_at is not None and done.completion_score == 100.0


def test_failed_quiz_records_no_completion(db, course) -> None:
    clock = FixedClock()
    me = learners.create_learner(db, full_name="Trần Thị Bình", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=1, clock=clock)
    result = attempts.submit_attempt(db, state.id, clock=clock)
    assert result.score == 0.0 and result.passed is False
    assert progress.course_progress(db, me.id, course).completed_at is None


def test_answers_survive_reopening_and_resume(db_url: str, course) -> None:
    clock = FixedClock()
    db = open_database(db_url)
    me = learners.create_learner(db, full_name="Lê Văn Cường", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=3, clock=clock)
    first = state.questions[0]
    attempts.record_answer(db, state.id, first.id, correct_keys(first), clock=clock)
    attempts.set_flag(db, state.id, state.questions[1].id, True, clock=clock)
    db.dispose()
    clock.advance(120)
    reopened = open_database(db_url)
    resumed = attempts.open_attempt(reopened, me.id, clock=clock)
    assert resumed is not None and resumed.id == state.id
    assert resumed.deadline == state.deadline
    assert resumed.answers[first.id].selected == tuple(sorted(correct_keys(first)))
    assert resumed.answers[state.questions[1].id].flagged
    assert resumed.time_left(clock.now()).total_seconds() == 480
    reopened.dispose()


def test_timeout_while_closed_is_submitted_on_next_start(db_url: str, course) -> None:
    clock = FixedClock()
    db = open_database(db_url)
    me = learners.create_learner(db, full_name="Phạm Thu Hà", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=9, clock=clock)
    for q in state.questions:
        attempts.record_answer(db, state.id, q.id, correct_keys(q), clock=clock)
    db.dispose()
    clock.advance(3600)  # the app was closed past the deadline
    db = open_database(db_url)
    assert attempts.open_attempt(db, me.id, clock=clock) is None
    done = attempts.get_attempt(db, state.id)
    assert done.submit_reason == "timeout"
    assert done.submitted_at == state.deadline
    assert done.score == 100.0
    db.dispose()


def test_answer_after_deadline_submits_instead(db, course) -> None:
    clock = FixedClock()
    me = learners.create_learner(db, full_name="Đỗ Minh Đức", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=2, clock=clock)
    clock.advance(601)
    after = attempts.record_answer(db, state.id, state.questions[0].id, ["a"], clock=clock)
    assert after.finished and after.submit_reason == "timeout"
    assert (
        after.answers.get(state.questions[0].id) is None
        or not after.answers[state.questions[0].id].selected
    )
    with pytest.raises(UserError):
        attempts.record_answer(db, state.id, state.questions[0].id, ["a"], clock=clock)


def test_changing_an_answer_keeps_one_row(db, course) -> None:
    from sqlmodel import select

    from ethics_trainer.storage.models import Answer

    clock = FixedClock()
    me = learners.create_learner(db, full_name="Vũ Hoàng", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=4, clock=clock)
    qid = state.questions[0].id
    attempts.record_answer(db, state.id, qid, ["a"], clock=clock)
    attempts.record_answer(db, state.id, qid, ["b"], clock=clock)
    with db.session() as session:
        rows = session.exec(select(Answer).where(Answer.attempt_id == state.id)).all()
    assert [r.selected.keys for r in rows] == [("b",)]


def test_duplicate_employee_code_refused(db) -> None:
    learners.create_learner(db, full_name="A", employee_code="HN001")
    with pytest.raises(UserError):
        learners.create_learner(db, full_name="B", employee_code="HN001")
    with pytest.raises(UserError):
        learners.create_learner(db, full_name="   ")


def test_save_answer_hot_path_follows_the_same_rules(db, course) -> None:
    from sqlmodel import select

    from ethics_trainer.errors import NotFoundError
    from ethics_trainer.storage.models import Answer

    clock = FixedClock()
    me = learners.create_learner(db, full_name="Ngô Thị Tuyết", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=8, clock=clock)
    first, second = state.questions[0], state.questions[1]
    attempts.set_flag(db, state.id, first.id, True, clock=clock)
    saved = attempts.save_answer(db, state.id, first.id, ["zz", *correct_keys(first)], clock=clock)
    assert saved.finished is False
    clock.advance(5)
    attempts.save_answer(db, state.id, first.id, correct_keys(first), clock=clock)
    with db.session() as session:
        rows = session.exec(select(Answer).where(Answer.attempt_id == state.id)).all()
    assert len(rows) == 1
    assert rows[0].selected.keys == tuple(sorted(correct_keys(first)))
    assert rows[0].flagged, "saving an answer keeps the flag"
    assert rows[0].answered_at == clock.now()
    with pytest.raises(NotFoundError):
        attempts.save_answer(db, state.id, "no-such-question", ["a"], clock=clock)
    clock.advance(601)
    late = attempts.save_answer(db, state.id, second.id, ["a"], clock=clock)
    assert late.finished
    done = attempts.get_attempt(db, state.id)
    assert done.submit_reason == "timeout"
    assert not done.answers[second.id].selected, "the late answer was not stored"
    with pytest.raises(UserError):
        attempts.save_answer(db, state.id, first.id, ["a"], clock=clock)


def test_save_answer_is_not_confused_by_the_same_attempt_id_in_another_database(
    tmp_path, course
) -> None:
    """Attempt ids start at 1 in every database; what one taught save_answer must not leak."""
    clock = FixedClock()
    other = load_library_of_another_course(tmp_path)
    for name, chosen in (("a.db", course), ("b.db", other)):
        db = open_database(f"sqlite:///{tmp_path / name}")
        me = learners.create_learner(db, full_name="Hà Văn Tú", clock=clock)
        state = attempts.start_attempt(
            db, learner_id=me.id, course=chosen, pool=chosen.questions(), kind="quiz",
            count=None, minutes=5, pass_percent=50, clock=clock,
        )  # fmt: skip
        assert state.id == 1
        qid = state.questions[0].id
        saved = attempts.save_answer(db, 1, qid, [state.questions[0].options[0].key], clock=clock)
        assert not saved.finished
        assert attempts.get_attempt(db, 1).answers[qid].answered
        db.dispose()


def load_library_of_another_course(tmp_path):
    from .conftest import SAMPLE_BANK, write_sample_content

    root = write_sample_content(tmp_path / "other")
    bank = root / "mau" / "questions" / "01-cau-hoi.md"
    bank.write_text(SAMPLE_BANK.replace("**Mã:** mau-q", "**Mã:** khac-q"), encoding="utf-8")
    return load_library(root).courses[0]


def test_an_answer_racing_a_submission_is_refused_not_written_after_scoring(
    db, course, monkeypatch
) -> None:
    """A submission on another PC holds the attempt; an answer arriving meanwhile waits, then
    is refused — it is never stored after the attempt was scored."""
    import threading

    clock = FixedClock()
    me = learners.create_learner(db, full_name="Đinh Thị Hoa", clock=clock)
    state = attempts.start_final_quiz(db, learner_id=me.id, course=course, seed=6, clock=clock)
    qid = state.questions[0].id
    scored = threading.Event()
    release = threading.Event()
    real_submit = attempts._submit

    def slow_submit(*args, **kwargs):
        real_submit(*args, **kwargs)
        scored.set()
        assert release.wait(10)  # the submission's transaction stays open

    monkeypatch.setattr(attempts, "_submit", slow_submit)
    submitter = threading.Thread(
        target=attempts.submit_attempt, args=(db, state.id), kwargs={"clock": clock}
    )
    submitter.start()
    assert scored.wait(10)
    outcome: list[object] = []

    def answer() -> None:
        try:
            outcome.append(attempts.save_answer(db, state.id, qid, ["a"], clock=clock))
        except UserError as exc:
            outcome.append(exc)

    answering = threading.Thread(target=answer)
    answering.start()
    answering.join(0.3)
    assert answering.is_alive(), "the answer must wait for the submission, not slip past it"
    release.set()
    submitter.join(10)
    answering.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], UserError)
    done = attempts.get_attempt(db, state.id)
    assert done.finished and not done.answers[qid].selected
