"""Issue #12, the last hole of the take-over: a room PC wipes a session's seals and changes
its code (and date, room): the proctor PC has no note for (number, new code), and used to
"take it over" by sealing the edited results with its own key.

Now a session that has ended with results but has no seal list, or has seals without their
list, is never sealed automatically (console, ``exam reseal --all``, the 2-s refresh): it is
reported. Only ``exam reseal --session CODE --accept-unsealed`` (admin) seals it, and the
minutes say so. A session this PC sealed under another code of this database is refused by
name, and a changed database identity is an alarm.
"""

from __future__ import annotations

import platform
import shutil
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from ethics_trainer.cli.main import main
from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import (
    database_identity,
    passwords,
    seal_keys,
    seal_ledger,
    seal_takeover,
    sealing,
    session_end,
)

from ..exams.helpers import make_exam
from .helpers import ADMIN_PASSWORD, PROCTOR_PASSWORD, sit


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def room_db(request, db_url):  # type: ignore[no-untyped-def]
    """The database of the room: a SQLite file, or the test PostgreSQL server."""
    from ethics_trainer.storage.db import open_database

    url = db_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    database = open_database(url)
    yield database
    database.dispose()


@pytest.fixture
def ended(db, sample_content):  # type: ignore[no-untyped-def]
    return _ended(db, sample_content)


@pytest.fixture
def ended_room(room_db, sample_content):  # type: ignore[no-untyped-def]
    return room_db, _ended(room_db, sample_content)


def _ended(db, sample_content):  # type: ignore[no-untyped-def]
    """Two candidates handed in; ``exam end`` closed and sealed the session on this PC."""
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    ids = [sit(db, setup, i, clock, right=False) for i in range(2)]
    session_end.end_session(db, setup.session.id, clock=clock)
    signer = seal_keys.proctor_signer(db)
    assert seal_ledger.read_note(
        signer.folder, setup.session.id, setup.session.code, signer.public,
        database_identity.database_id(db),
    ) is not None  # fmt: skip
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    passwords.set_password(db, "proctor", PROCTOR_PASSWORD)
    return setup, ids, signer


def _attack(db, attempt_id: int, code: str = "ZZ9999") -> None:  # type: ignore[no-untyped-def]
    """The room PC: new code, date and room; a raised score; every seal wiped."""
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM attempt_signature"))
        conn.execute(sa.text("DELETE FROM session_manifest"))
        conn.execute(sa.text("UPDATE attempt SET score = 100, passed = true WHERE id = :a"),
                     {"a": attempt_id})  # fmt: skip
        conn.execute(
            sa.text("UPDATE exam_session SET code = :c, exam_date = '2027-02-02', room = 'P9'"),
            {"c": code},
        )


def _manifests(db) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM session_manifest")).scalar() or 0)


def _cli(db, *args: str) -> int:  # type: ignore[no-untyped-def]
    return main(["--lang", "en", "--database", db.url, "exam", *args])


def _forget_notes(signer) -> None:  # type: ignore[no-untyped-def]
    """As on a PC whose notes are gone (an older version, another proctor PC)."""
    shutil.rmtree(signer.folder / seal_ledger.LEDGER_DIR_NAME)


def test_wiped_and_renamed_ended_session_is_reported_not_sealed(
    ended_room, monkeypatch, capsys
) -> None:
    db, (setup, ids, signer) = ended_room
    _forget_notes(signer)
    _attack(db, ids[0])
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    capsys.readouterr()
    assert _cli(db, "reseal", "--all") == 1
    out = capsys.readouterr().out
    assert "Session ZZ9999 has ended with results but is not sealed" in out
    verdict = sealing.seal_and_verify(db, setup.session.id)  # the console's 2-s refresh
    assert not verdict.ok and _manifests(db) == 0
    with pytest.raises(sealing.SealBroken):
        sealing.seal_session(db, setup.session.id, signer)
    assert _manifests(db) == 0
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", PROCTOR_PASSWORD)
    assert _cli(db, "verify", "--session", "ZZ9999") == 1
    out = capsys.readouterr().out
    assert "Session ZZ9999: NOT SEALED" in out
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    assert _cli(db, "reseal", "--session", "ZZ9999") == 1  # no explicit decision: refused
    assert _manifests(db) == 0


def test_seals_wiped_but_one_left_is_reported_not_sealed(db, ended) -> None:
    """A partial seal set (signatures without their list) on a running session."""
    setup, ids, signer = ended
    _forget_notes(signer)
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM session_manifest"))
        conn.execute(sa.text("DELETE FROM attempt_signature WHERE attempt_id = :a"), {"a": ids[0]})
        conn.execute(sa.text("UPDATE attempt SET score = 100 WHERE id = :a"), {"a": ids[0]})
        conn.execute(sa.text("UPDATE exam_session SET ended_at = NULL"))
    verdict = sealing.seal_and_verify(db, setup.session.id)
    assert not verdict.ok and _manifests(db) == 0
    outcomes = seal_takeover.take_over_sessions(db)
    assert [o.ok for o in outcomes] == [False]
    assert "Ca thi " + setup.session.code + ": thiếu niêm phong" in outcomes[0].message  # vi
    assert _manifests(db) == 0


def test_the_console_shows_the_alarm_and_seals_nothing(db, ended, qtbot, tmp_path) -> None:
    from ethics_trainer.ui.exams.proctor import ProctorWindow

    setup, ids, signer = ended
    _forget_notes(signer)
    _attack(db, ids[0])
    proctor = ProctorWindow(db, setup.library, export_dir=tmp_path, data_dir=tmp_path)
    qtbot.addWidget(proctor)
    with qtbot.waitSignal(proctor.refreshed, timeout=20000):  # the session shown and refreshed
        pass
    assert proctor.session_id == setup.session.id
    assert _manifests(db) == 0  # the refresh sealed nothing
    assert proctor.status_label.property("alarm") is True
    qtbot.waitUntil(lambda: not proctor.takeover_label.isHidden(), timeout=20000)
    text = proctor.takeover_label.text()
    assert "Ca thi ZZ9999 đã kết thúc, có bài làm nhưng chưa được niêm phong" in text
    assert proctor.takeover_label.property("alarm") is True
    assert _manifests(db) == 0
    proctor.close()


def test_an_admin_may_seal_it_explicitly_and_the_minutes_say_so(
    db, ended, monkeypatch, capsys, tmp_path
) -> None:
    _setup, ids, signer = ended
    _forget_notes(signer)
    _attack(db, ids[0])
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", PROCTOR_PASSWORD)
    assert _cli(db, "reseal", "--session", "ZZ9999", "--accept-unsealed") == 1  # admin only
    assert _manifests(db) == 0
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    assert _cli(db, "reseal", "--all", "--accept-unsealed") == 1  # one named session only
    assert _manifests(db) == 0
    capsys.readouterr()
    assert _cli(db, "reseal", "--session", "ZZ9999", "--accept-unsealed") == 0
    assert _manifests(db) == 1
    assert _cli(db, "verify", "--session", "ZZ9999") == 0
    out = Path(tmp_path) / "minutes.xlsx"
    assert _cli(db, "minutes", "--session", "ZZ9999", str(out)) == 0
    book = openpyxl.load_workbook(out)
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row]
    line = next(c for c in cells if c.startswith("Sealed without prior seals by admin at "))
    assert line.endswith(f" on {platform.node() or '?'}")


def test_same_number_under_another_code_is_refused_by_name(ended_room, monkeypatch, capsys) -> None:
    """The PC kept its notes: the session it sealed as its old code now reads ZZ9999."""
    db, (setup, ids, signer) = ended_room
    old = setup.session.code
    _attack(db, ids[0])
    wanted = f"Session {setup.session.id} was sealed here as {old}; it now reads ZZ9999"
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    capsys.readouterr()
    assert _cli(db, "reseal", "--all") == 1
    assert wanted in capsys.readouterr().out
    assert _cli(db, "reseal", "--session", "ZZ9999", "--accept-unsealed") == 1
    assert wanted in capsys.readouterr().out
    verdict = sealing.seal_and_verify(db, setup.session.id)
    assert not verdict.ok and _manifests(db) == 0
    assert _cli(db, "verify", "--session", "ZZ9999") == 1
    assert wanted in capsys.readouterr().out
    # a running session renamed the same way (not ended) is refused as well
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE exam_session SET ended_at = NULL"))
    with pytest.raises(sealing.SealBroken, match="was sealed here as"):
        sealing.seal_session(db, setup.session.id, signer)
    assert _manifests(db) == 0


def test_a_changed_database_identity_is_an_alarm_once(db, ended, monkeypatch, capsys) -> None:
    _setup, _ids, _signer = ended
    assert all(o.ok for o in seal_takeover.take_over_sessions(db))  # this PC saw this database
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE app_setting SET value = 'f00d' WHERE key = 'database_id'"))
    outcomes = seal_takeover.take_over_sessions(db)
    assert [o.ok for o in outcomes][:1] == [False]
    assert outcomes[0].message.startswith("CẢNH BÁO: mã định danh của cơ sở dữ liệu đã thay đổi")
    assert "→ f00d" in outcomes[0].message
    assert seal_takeover.take_over_sessions(db) == []  # said once, not at every opening
    # notes of the old identity do not speak for this database: the session is not "sealed
    # here" any more, and, ended with results and now unlisted, it is not sealed either
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE app_setting SET value = 'beef' WHERE key = 'database_id'"))
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    capsys.readouterr()
    assert _cli(db, "reseal", "--all") == 1
    assert "ALARM: this database's identity changed (f00d → beef)" in capsys.readouterr().out
