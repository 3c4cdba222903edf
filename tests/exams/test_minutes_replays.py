"""Answers replayed after the session ended or after a submission elsewhere are refused and recorded in the minutes."""

from __future__ import annotations

from pathlib import Path

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import events, session_end, submission
from ethics_trainer.exams.journal import REJECTED

from .candidate_pc import started_on_pc
from .helpers import correct_keys


def test_answer_replayed_after_the_session_ended_is_in_the_minutes(
    db, sample_content, tmp_path: Path
) -> None:
    clock = FixedClock()
    pc = started_on_pc(db, sample_content, clock, tmp_path / "pc")
    setup, cid, journal, client = pc.setup, pc.candidate_id, pc.journal, pc.client
    question = pc.state.questions[1]
    # given on the PC while the server was away; the proctor ended the session meanwhile
    journal.append(cid, "pc-1", "answer", question.id, correct_keys(question), clock.now())
    clock.advance(30)
    session_end.end_session(db, setup.session.id, clock=clock)
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
    pc = started_on_pc(db, sample_content, clock, tmp_path / "pc")
    first = pc.state.questions[0].id
    pc.journal.append(pc.candidate_id, "pc-1", "answer", first, ["a"], clock.now())
    # e.g. handed in from the same PC before
    submission.submit(db, pc.candidate_id, "pc-1", clock=clock)
    assert pc.client.flush().rejected
    kinds = [e.kind for e in events.list_events(db, pc.setup.session.id)]
    assert kinds.count("answer_rejected") == 1 and kinds.count("submitted") == 1
