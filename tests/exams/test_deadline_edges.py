"""Answers around the deadline: given in time but sent late are kept; given late are rejected
and written to the minutes, never silently dropped."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import events, submission
from ethics_trainer.exams.client import CandidateClient
from ethics_trainer.exams.journal import AnswerJournal
from ethics_trainer.services import attempts

from .helpers import correct_keys, make_exam


def test_answer_given_in_time_survives_the_console_sweep_while_the_pc_was_away(
    db, sample_content: Path, tmp_path: Path
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock, minutes=20)
    cid = setup.candidates[0].id
    journal = AnswerJournal.in_folder(tmp_path / "pc")
    client = CandidateClient(db, cid, "pc-1", journal, clock=clock)
    client.check_in(setup.session.code)
    state = client.start(setup.library)
    question = state.questions[0]
    clock.advance(20 * 60 - 5)  # five seconds before the end, the network is down
    journal.append(cid, "pc-1", "answer", question.id, correct_keys(question), clock.now())
    clock.advance(60)  # the console sweeps one minute after the deadline
    assert submission.finalize_session_expired(db, setup.session.id, clock=clock) == 0
    client.flush()  # the PC is back: its answer, given in time, is accepted
    stored = attempts.get_attempt(db, state.id).answers[question.id]
    assert list(stored.selected) == sorted(correct_keys(question))
    clock.advance(submission.FINALIZE_GRACE.total_seconds())
    assert submission.finalize_session_expired(db, setup.session.id, clock=clock) == 1
    done = attempts.get_attempt(db, state.id)
    assert done.finished and done.submitted_at == done.deadline


def test_answer_given_after_the_deadline_is_rejected_and_in_the_minutes(
    db, sample_content: Path, tmp_path: Path
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock, minutes=20)
    cid = setup.candidates[0].id
    client = CandidateClient(db, cid, "pc-1", AnswerJournal.in_folder(tmp_path / "pc"), clock=clock)
    client.check_in(setup.session.code)
    state = client.start(setup.library)
    question = state.questions[1]
    clock.advance(20 * 60 + 3)
    result = client.answer(question.id, correct_keys(question))
    assert result.rejected and result.written == 0
    assert not attempts.get_attempt(db, state.id).answers[question.id].selected
    kinds = [e.kind for e in events.list_events(db, setup.session.id)]
    assert "answer_rejected" in kinds and kinds.count("submitted") == 1
