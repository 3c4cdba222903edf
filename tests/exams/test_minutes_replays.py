"""Answers replayed after the session ended or after a submission elsewhere are refused and recorded in the minutes."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import events, sessions
from ethics_trainer.exams.client import CandidateClient
from ethics_trainer.exams.journal import REJECTED, AnswerJournal

from .helpers import correct_keys, make_exam


def test_answer_replayed_after_the_session_ended_is_in_the_minutes(
    db, sample_content, tmp_path: Path
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    cid = setup.candidates[0].id
    journal = AnswerJournal.in_folder(tmp_path / "pc")
    client = CandidateClient(db, cid, "pc-1", journal, clock=clock)
    client.check_in(setup.session.code)
    state = client.start(setup.library)
    question = state.questions[1]
    # given on the PC while the server was away; the proctor ended the session meanwhile
    journal.append(cid, "pc-1", "answer", question.id, correct_keys(question), clock.now())
    clock.advance(30)
    sessions.end_session(db, setup.session.id, clock=clock)
    flushed = client.flush()
    assert flushed.online and len(flushed.rejected) == 1 and flushed.rejected_seqs
    assert journal.count(cid, REJECTED) == 1  # still kept on the PC
    rejected = [e for e in events.list_events(db, setup.session.id) if e.kind == "answer_rejected"]
    assert len(rejected) == 1
    params = rejected[0].params
    assert params["question"] == question.id and params["position"] == "2"
    assert params["machine"] == "pc-1" and params["given_at"]
    assert "Nguyễn Văn An" in rejected[0].describe()
    assert client.flush().rejected == []  # logged once


def test_answer_replayed_after_a_submission_elsewhere_is_in_the_minutes(
    db, sample_content, tmp_path: Path
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    cid = setup.candidates[0].id
    journal = AnswerJournal.in_folder(tmp_path / "pc")
    client = CandidateClient(db, cid, "pc-1", journal, clock=clock)
    client.check_in(setup.session.code)
    state = client.start(setup.library)
    journal.append(cid, "pc-1", "answer", state.questions[0].id, ["a"], clock.now())
    sessions.submit(db, cid, "pc-1", clock=clock)  # e.g. handed in from the same PC before
    assert client.flush().rejected
    kinds = [e.kind for e in events.list_events(db, setup.session.id)]
    assert kinds.count("answer_rejected") == 1 and kinds.count("submitted") == 1
