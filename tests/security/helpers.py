"""Sitting an exam the way a room does: check in, answer, hand in; then the proctor seals."""

from __future__ import annotations

from ethics_trainer.clock import Clock
from ethics_trainer.exams import checkin, exam_answers, exam_start, submission
from ethics_trainer.storage.db import Database

from ..exams.helpers import Setup, correct_keys

PROCTOR_PASSWORD = "giam-thi-2026"
ADMIN_PASSWORD = "quan-tri-2026"
HR_PASSWORD = "nhan-su-2026"


def sit(db: Database, setup: Setup, index: int, clock: Clock, *, right: bool = True) -> int:
    """Candidate ``index`` answers every question (all right, or all wrong) and hands in."""
    cid = setup.candidates[index].id
    machine = f"pc-{index + 1}"
    checkin.check_in(db, cid, setup.session.code, machine, clock=clock)
    state = exam_start.start_exam(db, setup.library, cid, machine, clock=clock)
    for q in state.questions:
        keys = correct_keys(q) if right else [q.options[-1].key]
        exam_answers.record_answer(db, cid, machine, q.id, keys, clock=clock)
    return submission.submit(db, cid, machine, clock=clock).id
