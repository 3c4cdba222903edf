"""The one-round-trip answer path on PostgreSQL keeps every rule of the full path.

Each answer after a candidate's first goes through ``answer_write`` (one statement); these
tests check it stores exactly what the full path would, and refuses exactly what it would:
another PC, a locked candidate, an ended session, after the deadline (with extra time
counted), a submitted attempt, option keys not in the question.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.errors import UserError
from ethics_trainer.exams import (
    answer_write,
    candidate_guard,
    checkin,
    exam_answers,
    exam_start,
    proctor_actions,
    session_end,
)
from ethics_trainer.storage.db import open_database
from tests.exams.helpers import correct_keys, make_exam

pytestmark = pytest.mark.postgres


def _stored(db, attempt_id: int) -> dict[str, str]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT question_id, selected_json FROM answer WHERE attempt_id = %(id)s",
            {"id": attempt_id},
        ).all()
    return dict(rows)  # type: ignore[arg-type]


def _count_statements(db) -> list[str]:
    seen: list[str] = []
    from sqlalchemy import event

    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_fast_path_stores_what_the_full_path_would(postgres_url, sample_content) -> None:
    db = open_database(postgres_url)
    clock = FixedClock(dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC))
    setup = make_exam(db, sample_content, clock)
    an = setup.candidates[0].id
    checkin.check_in(db, an, setup.session.code, "pc-1", clock=clock)
    state = exam_start.start_exam(db, setup.library, an, "pc-1", clock=clock)
    q0, q1, q2 = state.questions[:3]
    exam_answers.save_answer(db, an, "pc-1", q0.id, correct_keys(q0), clock=clock)  # full path
    orm = _count_statements(db)
    # fast: nothing through SQLAlchemy's cursor, the kept connection sends one statement
    exam_answers.save_answer(db, an, "pc-1", q1.id, ["zz", *correct_keys(q1)], clock=clock)
    exam_answers.save_answer(db, an, "pc-1", q0.id, ["b", "a"], clock=clock)  # changed answer
    assert orm == []
    stored = _stored(db, state.id)
    assert stored[q1.id] == str(sorted(correct_keys(q1))).replace("'", '"')
    assert stored[q0.id] == '["a", "b"]'

    # another PC: refused with the full path's message, nothing stored
    with pytest.raises(candidate_guard.MoveNeedsApproval):
        exam_answers.save_answer(db, an, "pc-9", q2.id, ["a"], clock=clock)
    proctor_actions.set_locked(db, an, True, clock=clock)
    with pytest.raises(candidate_guard.CandidateLocked):
        exam_answers.save_answer(db, an, "pc-1", q2.id, ["a"], clock=clock)
    proctor_actions.set_locked(db, an, False, clock=clock)
    assert q2.id not in _stored(db, state.id)

    # extra time counts; after it, the answer is refused and the attempt submitted
    exam_answers.save_answer(db, an, "pc-1", q2.id, ["a"], clock=clock)  # fast again
    proctor_actions.grant_extra_time(db, an, 5, reason="mất điện", clock=clock)
    clock.advance(20 * 60 + 60)
    exam_answers.save_answer(db, an, "pc-1", q2.id, ["b"], clock=clock)  # in the extra time
    assert _stored(db, state.id)[q2.id] == '["b"]'
    clock.advance(5 * 60)
    with pytest.raises(UserError):
        exam_answers.save_answer(db, an, "pc-1", q2.id, ["c"], clock=clock)
    assert _stored(db, state.id)[q2.id] == '["b"]'
    with pytest.raises(UserError):  # submitted: refused on the fast path's fallback too
        exam_answers.save_answer(db, an, "pc-1", q1.id, ["c"], clock=clock)
    db.dispose()


def test_ended_session_refuses_the_fast_path(postgres_url, sample_content) -> None:
    db = open_database(postgres_url)
    clock = FixedClock(dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC))
    setup = make_exam(db, sample_content, clock)
    an = setup.candidates[0].id
    checkin.check_in(db, an, setup.session.code, "pc-1", clock=clock)
    state = exam_start.start_exam(db, setup.library, an, "pc-1", clock=clock)
    q0, q1 = state.questions[:2]
    exam_answers.save_answer(db, an, "pc-1", q0.id, ["a"], clock=clock)
    target = answer_write._writer(db.engine).targets[an]
    assert target.attempt_id == state.id
    session_end.end_session(db, setup.session.id, clock=clock)
    # the statement itself says no (0 rows) even though the PC still knows its attempt
    assert answer_write.write_target(db.engine, an, "pc-1", q1.id, ["a"], clock.now()) is None
    with pytest.raises(UserError):
        exam_answers.save_answer(db, an, "pc-1", q1.id, ["a"], clock=clock)
    assert _stored(db, state.id).get(q1.id, "[]") == "[]"  # the submission's empty row
    db.dispose()
