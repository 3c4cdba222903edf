"""One answer writer, one set of rules: the exam's PostgreSQL fast path stores and refuses
exactly what the general path does, step by step (``services/attempts.save_answer`` with
``exams/exam_answers.ExamSeat(fast=True)`` against ``fast=False``).

Two candidates sit the same exam; one answers through the fast seat, the other through the
general path only. Their questions differ (each draw has its own seed), so each step names a
question and options by position and the outcomes are compared by position too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import event

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import checkin, exam_answers, exam_start, proctor_actions
from ethics_trainer.services import attempts
from ethics_trainer.storage.db import Database, open_database
from tests.exams.helpers import make_exam

Step = tuple[str, Callable[..., object]]


def _outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except Exception as exc:  # the refusal's class and message are what must agree
        return f"{type(exc).__name__}: {exc}"
    return "stored"


def _stored_by_position(db: Database, attempt_id: int) -> dict[int, tuple[int, ...]]:
    """position -> chosen options as their positions in the question (comparable across draws)."""
    state = attempts.get_attempt(db, attempt_id)
    found: dict[int, tuple[int, ...]] = {}
    for i, q in enumerate(state.questions):
        answer = state.answers.get(q.id)
        if answer is not None and answer.selected:
            order = [o.key for o in q.options]
            found[i] = tuple(sorted(order.index(k) for k in answer.selected))
    return found


def _sit(db: Database, setup, index: int, fast: bool, clock: FixedClock) -> tuple[list[str], dict]:
    cand = setup.candidates[index].id
    machine = f"pc-{index + 1}"
    checkin.check_in(db, cand, setup.session.code, machine, clock=clock)
    state = exam_start.start_exam(db, setup.library, cand, machine, clock=clock)
    qs = state.questions

    def answer(
        position: int, options: list[int | str], *, on: str = machine
    ) -> Callable[[], object]:
        keys = [o if isinstance(o, str) else qs[position].options[o].key for o in options]
        qid = qs[position].id if position >= 0 else "no-such-question"
        return lambda: exam_answers._save(
            db, exam_answers.ExamSeat(cand, on, fast=fast), qid, keys, clock
        )

    statements: list[str] = []
    listener = lambda *a: statements.append(a[2])  # noqa: E731
    outcomes = []
    script: list[tuple[str, Callable[[], object]]] = [
        ("first answer", answer(0, [0])),
        ("unknown key dropped", answer(1, ["zz", 1])),
        ("changed answer", answer(0, [1, 0])),
        ("not in the attempt", answer(-1, [0])),
        ("another PC", answer(2, [0], on="pc-9")),
        (
            "locked",
            lambda: (proctor_actions.set_locked(db, cand, True, clock=clock), answer(2, [0])()),
        ),
        (
            "unlocked",
            lambda: (proctor_actions.set_locked(db, cand, False, clock=clock), answer(2, [0])()),
        ),
        ("emptied", answer(2, [])),
    ]
    for name, call in script:
        if name == "changed answer":
            event.listen(db.engine, "before_cursor_execute", listener)
        result = _outcome(call)
        if name == "changed answer":
            event.remove(db.engine, "before_cursor_execute", listener)
        outcomes.append(f"{name}: {result}")
    # through the deadline: one more answer is refused, the attempt is handed in
    clock.advance(21 * 60)
    outcomes.append(f"late: {_outcome(answer(3, [0]))}")
    outcomes.append(f"after submission: {_outcome(answer(3, [1]))}")
    return outcomes, {"stored": _stored_by_position(db, state.id), "orm_statements": statements}


@pytest.mark.postgres
def test_fast_and_general_paths_store_and_refuse_the_same(postgres_url, sample_content) -> None:
    db = open_database(postgres_url)
    start = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
    setup = make_exam(db, sample_content, FixedClock(start))
    fast, fast_rows = _sit(db, setup, 0, True, FixedClock(start))
    general, general_rows = _sit(db, setup, 1, False, FixedClock(start))
    assert fast == general
    assert fast_rows["stored"] == general_rows["stored"]
    assert fast_rows["stored"] == {0: (0, 1), 1: (1,)}
    assert "not in the attempt: NotFoundError" in " ".join(fast)
    assert any(o.startswith("late: UserError") for o in fast)
    # the fast seat really took the one-statement path (nothing through SQLAlchemy's cursor)
    assert fast_rows["orm_statements"] == []
    assert general_rows["orm_statements"] != []
    db.dispose()


def test_sqlite_takes_the_general_path_with_the_same_outcomes(tmp_path, sample_content) -> None:
    """On SQLite a fast seat is the general path (the script above, on one file)."""
    db = open_database(f"sqlite:///{tmp_path / 'exam.db'}")
    start = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
    setup = make_exam(db, sample_content, FixedClock(start))
    fast, fast_rows = _sit(db, setup, 0, True, FixedClock(start))
    general, general_rows = _sit(db, setup, 1, False, FixedClock(start))
    assert fast == general
    assert fast_rows["stored"] == general_rows["stored"]
    db.dispose()
