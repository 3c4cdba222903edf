"""Issue 5 gaps: rejected replays in the minutes, proctor actions from the CLI, archived
definitions, and the server-time offset of a candidate PC."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from ethics_trainer.clock import FixedClock
from ethics_trainer.errors import UserError
from ethics_trainer.exams import definitions, events, passwords, sessions
from ethics_trainer.exams.client import CandidateClient
from ethics_trainer.exams.journal import REJECTED, AnswerJournal
from ethics_trainer.exams.server_time import OffsetClock, room_clock, server_offset

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
    journal.append(cid, "pc-1", "answer", question["id"], correct_keys(question), clock.now())
    clock.advance(30)
    sessions.end_session(db, setup.session.id, clock=clock)
    flushed = client.flush()
    assert flushed.online and len(flushed.rejected) == 1 and flushed.rejected_seqs
    assert journal.count(cid, REJECTED) == 1  # still kept on the PC
    rejected = [e for e in events.list_events(db, setup.session.id) if e.kind == "answer_rejected"]
    assert len(rejected) == 1
    params = rejected[0].params
    assert params["question"] == question["id"] and params["position"] == "2"
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
    journal.append(cid, "pc-1", "answer", state.questions[0]["id"], ["a"], clock.now())
    sessions.submit(db, cid, "pc-1", clock=clock)  # e.g. handed in from the same PC before
    assert client.flush().rejected
    kinds = [e.kind for e in events.list_events(db, setup.session.id)]
    assert kinds.count("answer_rejected") == 1 and kinds.count("submitted") == 1


@pytest.fixture
def cli_room(db_url, sample_content, monkeypatch):
    from ethics_trainer.storage.db import open_database

    database = open_database(db_url)
    setup = make_exam(database, sample_content, FixedClock())
    passwords.set_password(database, "proctor", "giam-thi-1")

    def run(*argv: str, password: str = "giam-thi-1") -> int:
        from ethics_trainer.cli.main import main

        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
        return main(["--database", db_url, "exam", *argv])

    yield database, setup, run
    database.dispose()


def test_cli_proctor_actions(cli_room, capsys) -> None:
    db, setup, run = cli_room
    sid = str(setup.session.id)
    an = setup.candidates[0]
    sessions.check_in(db, an.id, setup.session.code, "pc-1")
    sessions.start_exam(db, setup.library, an.id, "pc-1")

    assert run("lock", "--session", sid, "1", "--reason", "nói chuyện", password="sai") == 1
    assert not sessions.roster(db, setup.session.id)[0].locked
    assert run("lock", "--session", sid, "1", "--reason", "nói chuyện") == 0
    assert "Nguyễn Văn An" in capsys.readouterr().out
    assert sessions.roster(db, setup.session.id)[0].locked
    assert run("unlock", "--session", sid, "hn001") == 0  # by employee code
    assert not sessions.roster(db, setup.session.id)[0].locked

    before = sessions.roster(db, setup.session.id)[0].deadline
    assert run("extra-time", "--session", sid, "1", "--minutes", "5", "--reason", "mất điện") == 0
    assert sessions.roster(db, setup.session.id)[0].deadline == before + timedelta(minutes=5)

    with pytest.raises(sessions.MoveNeedsApproval):
        sessions.check_in(db, an.id, setup.session.code, "pc-9")
    assert run("approve-move", "--session", sid, "1") == 0
    assert sessions.roster(db, setup.session.id)[0].machine == "pc-9"

    assert run("lock", "--session", sid, "42") == 1
    assert "42" in capsys.readouterr().err
    kinds = [e.kind for e in events.list_events(db, setup.session.id)]
    for kind in ("locked", "unlocked", "extra_time", "move_approved"):
        assert kind in kinds


def test_archived_definition_is_hidden_from_new_sessions(cli_room, capsys) -> None:
    db, setup, run = cli_room
    passwords.set_password(db, "admin", "quan-tri-1")
    definition_id = setup.session.definition.id
    assert run("archive", "--definition", str(definition_id)) == 1  # proctor is not admin
    assert run("archive", "--definition", str(definition_id), password="quan-tri-1") == 0
    assert definitions.list_definitions(db) == []
    listed = definitions.list_definitions(db, include_archived=True)
    assert [d.archived for d in listed] == [True]
    with pytest.raises(UserError):
        sessions.open_session(db, definition_id)
    # the session opened before keeps working
    assert sessions.get_session(db, setup.session.id).definition.archived
    assert (
        run("archive", "--definition", str(definition_id), "--restore", password="quan-tri-1") == 0
    )
    assert sessions.open_session(db, definition_id).definition.name == listed[0].name


def test_offset_clock_and_sqlite_has_no_offset(db) -> None:
    clock = FixedClock()
    assert server_offset(db, clock) == timedelta(0)
    assert room_clock(db, clock) is clock
    moved = OffsetClock(clock, timedelta(minutes=-7))
    assert moved.now() == clock.now() - timedelta(minutes=7)
    clock.advance(60)
    assert moved.now() == clock.now() - timedelta(minutes=7)


@pytest.mark.postgres
def test_server_time_sets_the_deadline_whatever_the_pc_clock(
    postgres_url: str, sample_content, tmp_path: Path
) -> None:
    """A PC whose clock is 2 hours ahead still gets the server's deadline."""
    from ethics_trainer.clock import SYSTEM_CLOCK
    from ethics_trainer.storage.db import open_database

    db = open_database(postgres_url)
    try:
        setup = make_exam(db, sample_content, SYSTEM_CLOCK)
        wrong = OffsetClock(SYSTEM_CLOCK, timedelta(hours=2))
        offset = server_offset(db, wrong)
        assert abs(offset + timedelta(hours=2)) < timedelta(seconds=5)
        clock = room_clock(db, wrong)
        client = CandidateClient(
            db, setup.candidates[0].id, "pc-1", AnswerJournal.in_folder(tmp_path), clock=clock
        )
        client.check_in(setup.session.code)
        state = client.start(setup.library)
        expected = SYSTEM_CLOCK.now() + timedelta(minutes=20)
        assert abs(state.deadline - expected) < timedelta(seconds=5)
        assert 19 * 60 < client.time_left(state) <= 20 * 60
    finally:
        db.dispose()
