"""Proctor actions from the command line, and archived definitions hidden from new sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ethics_trainer.errors import UserError
from ethics_trainer.exams import (
    candidate_guard,
    checkin,
    definitions,
    events,
    exam_start,
    live_roster,
    passwords,
    sessions,
)


def test_cli_proctor_actions(cli_room, capsys) -> None:
    db, setup, run = cli_room
    sid = str(setup.session.id)
    an = setup.candidates[0]
    checkin.check_in(db, an.id, setup.session.code, "pc-1")
    exam_start.start_exam(db, setup.library, an.id, "pc-1")

    assert run("lock", "--session", sid, "1", "--reason", "nói chuyện", password="sai") == 1
    assert not live_roster.roster(db, setup.session.id)[0].locked
    assert run("lock", "--session", sid, "1", "--reason", "nói chuyện") == 0
    assert "Nguyễn Văn An" in capsys.readouterr().out
    assert live_roster.roster(db, setup.session.id)[0].locked
    assert run("unlock", "--session", sid, "hn001") == 0  # by employee code
    assert not live_roster.roster(db, setup.session.id)[0].locked

    before = live_roster.roster(db, setup.session.id)[0].deadline
    assert run("extra-time", "--session", sid, "1", "--minutes", "5", "--reason", "mất điện") == 0
    assert live_roster.roster(db, setup.session.id)[0].deadline == before + timedelta(minutes=5)

    with pytest.raises(candidate_guard.MoveNeedsApproval):
        checkin.check_in(db, an.id, setup.session.code, "pc-9")
    assert run("approve-move", "--session", sid, "1") == 0
    assert live_roster.roster(db, setup.session.id)[0].machine == "pc-9"

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
