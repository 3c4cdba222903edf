"""``exam ... --session`` takes the session code the screens show (issue #11)."""

from __future__ import annotations

from ethics_trainer.exams import sessions


def test_status_and_end_by_session_code(cli_room, capsys) -> None:
    db, setup, run = cli_room
    code = setup.session.code
    shown = f"{code[:3]}-{code[3:]}".lower()  # as typed from a projector, dash and all
    assert run("status", "--session", shown) == 0
    assert "Nguyễn Văn An" in capsys.readouterr().out
    assert run("status", "--session", str(setup.session.id)) == 0  # the number still works
    assert "Nguyễn Văn An" in capsys.readouterr().out
    assert run("status", "--session", "ZZZZZZ") != 0
    assert capsys.readouterr().err.strip()
    assert run("end", "--session", code) == 0
    assert sessions.get_session(db, setup.session.id).ended
