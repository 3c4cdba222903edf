"""Issue #12, point 1: the seal binds the person, the session and the set of attempts.

Each kind of tampering (edit, move to another person, insertion, deletion) is named by
``exam verify --session CODE`` (exit 1, one line per attempt), in the results export and in
the proctor console. On the old HMAC seal a moved or deleted attempt went unnoticed and
nothing verified a session.
"""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from ethics_trainer.cli.main import main
from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import (
    live_roster,
    passwords,
    results,
    seal_keys,
    seal_verdict,
    seal_verify,
    sealing,
    sessions,
)
from ethics_trainer.exams.roster import RosterRow

from ..exams.helpers import make_exam
from .helpers import PROCTOR_PASSWORD, sit


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def room_db(request, db_url):
    """The database of the room: a SQLite file, or the test PostgreSQL server."""
    from ethics_trainer.storage.db import open_database

    url = db_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    database = open_database(url)
    yield database
    database.dispose()


def seal_room(db, sample_content):  # type: ignore[no-untyped-def]
    """Five candidates handed in; the proctor's PC sealed the session."""
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    sessions.add_roster(
        db,
        setup.session.id,
        [
            RosterRow("Phạm Thu Dung", "HN004", "Sở Y tế", ""),
            RosterRow("Đỗ Minh Em", "HN005", "Sở Xây dựng", ""),
        ],
        clock=clock,
    )
    setup.candidates = live_roster.roster(db, setup.session.id)
    ids = [sit(db, setup, i, clock, right=i % 2 == 0) for i in range(5)]
    assert sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db)) == 5
    passwords.set_password(db, "proctor", PROCTOR_PASSWORD)
    return setup, ids


@pytest.fixture
def sealed_room(db, sample_content):
    return seal_room(db, sample_content)


def _verify(db_url: str, code: str, monkeypatch, capsys) -> tuple[int, list[str]]:
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", PROCTOR_PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    status = main(["--database", db_url, "exam", "verify", "--session", code])
    return status, capsys.readouterr().out.strip().splitlines()


def test_verify_names_each_edit_move_insertion_and_deletion(
    room_db, sample_content, monkeypatch, capsys
) -> None:
    db, db_url = room_db, room_db.url
    setup, (a1, a2, a3, a4, a5) = seal_room(db, sample_content)
    code = setup.session.code
    status, lines = _verify(db_url, code, monkeypatch, capsys)
    assert status == 0, lines
    assert lines == [f"Ca thi {code}: 5 bài khớp niêm phong (khóa {_key(db)})."]

    roster = {row.row_no: row for row in live_roster.roster(db, setup.session.id)}
    with db.engine.begin() as conn:
        # 1. an edit: a failed candidate's score raised
        conn.execute(
            sa.text("UPDATE attempt SET score = 100, passed = true WHERE id = :id"), {"id": a2}
        )
        # 2. a move: the first candidate's (good) result given to the third
        conn.execute(
            sa.text("UPDATE exam_candidate SET attempt_id = :a WHERE id = :c"),
            {"a": a1, "c": roster[3].id},
        )
        conn.execute(
            sa.text("UPDATE attempt SET learner_id = :l WHERE id = :a"),
            {"l": roster[3].learner_id, "a": a1},
        )
        conn.execute(
            sa.text("UPDATE exam_candidate SET attempt_id = NULL WHERE id = :c"),
            {"c": roster[1].id},
        )
        # 3. a deletion: the fourth candidate's attempt and answers removed (unlinked first,
        # so the foreign key allows it and the roster shows them as merely checked in)
        conn.execute(
            sa.text("UPDATE exam_candidate SET attempt_id = NULL WHERE attempt_id = :a"), {"a": a4}
        )
        conn.execute(sa.text("DELETE FROM answer WHERE attempt_id = :a"), {"a": a4})
        conn.execute(sa.text("DELETE FROM attempt WHERE id = :a"), {"a": a4})
        # 4. an insertion: a seal row copied onto an attempt the manifest does not list
        conn.execute(
            sa.text(
                "INSERT INTO attempt_signature (attempt_id, session_id, candidate_id,"
                " person_digest, person_salt, body_sha256, key_id, signature_hex, sealed_at)"
                " SELECT 9999, session_id, candidate_id, person_digest, person_salt,"
                " body_sha256, key_id, signature_hex, sealed_at FROM attempt_signature"
                " WHERE attempt_id = :a"
            ),
            {"a": a5},
        )
    status, lines = _verify(db_url, code, monkeypatch, capsys)
    assert status == 1
    problems = lines[:-1]
    assert any(f"Bài {a2} (Trần Thị Bình): KHÔNG KHỚP" in line for line in problems), lines
    assert any(f"Bài {a1} (Nguyễn Văn An): BỊ CHUYỂN" in line for line in problems), lines
    assert any(f"Bài {a1} (Lê Hoàng Cường): BỊ CHUYỂN" in line for line in problems), lines
    assert any(f"Bài {a4} (Phạm Thu Dung): MẤT" in line for line in problems), lines
    assert any("Bài 9999" in line and "BỊ CHÈN" in line for line in problems), lines
    assert any(f"Bài {a3} (Lê Hoàng Cường): BỊ CHUYỂN" in line for line in problems), lines
    assert not any(f"Bài {a5} " in line for line in problems), lines  # untouched: not named
    assert len(problems) == 6, lines
    assert lines[-1].startswith(f"Ca thi {code}: ")

    # the results export marks the same people, and the deleted attempt is not "checked in"
    res = results.session_results(db, setup.session.id)
    marks = {r.candidate.full_name: r.integrity for r in res.rows}
    assert marks == {
        "Nguyễn Văn An": seal_verdict.STATUS_MOVED,
        "Trần Thị Bình": seal_verdict.STATUS_MISMATCH,
        "Lê Hoàng Cường": seal_verdict.STATUS_MOVED,
        "Phạm Thu Dung": seal_verdict.STATUS_MISSING,
        "Đỗ Minh Em": seal_verdict.STATUS_OK,
    }


def _key(db) -> str:
    return seal_keys.proctor_signer(db).key_id


def test_results_export_shows_the_seal(db, tmp_path, sealed_room) -> None:
    setup, (_a1, a2, _a3, a4, _a5) = sealed_room
    with db.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE answer SET selected_json = '[]' WHERE attempt_id = :a"), {"a": a2}
        )
        conn.execute(
            sa.text("UPDATE exam_candidate SET attempt_id = NULL WHERE attempt_id = :a"), {"a": a4}
        )
        conn.execute(sa.text("DELETE FROM answer WHERE attempt_id = :a"), {"a": a4})
        conn.execute(sa.text("DELETE FROM attempt WHERE id = :a"), {"a": a4})
    out = results.export_results_xlsx(
        results.session_results(db, setup.session.id), tmp_path / "r.xlsx"
    )
    sheet = load_workbook(out).worksheets[0]
    by_name = {row[1].value: row[10].value for row in sheet.iter_rows(min_row=5) if row[1].value}
    assert "KHÔNG KHỚP" in by_name["Trần Thị Bình"]
    assert "MẤT" in by_name["Phạm Thu Dung"]
    assert by_name["Nguyễn Văn An"] == "Khớp niêm phong"
    assert any("2 vấn đề về niêm phong" in str(row[0].value) for row in sheet.iter_rows(min_row=5))


def test_sealing_again_never_launders_an_edit(db, sealed_room) -> None:
    """The manifest is extended from its signed text, not rebuilt from the tables."""
    setup, (a1, *_rest) = sealed_room
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE attempt SET score = 0 WHERE id = :a"), {"a": a1})
        conn.execute(sa.text("DELETE FROM attempt_signature WHERE attempt_id = :a"), {"a": a1})
    sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db))
    verdict = seal_verify.verify_here(db, setup.session.id)
    assert [(p.status, p.attempt_id) for p in verdict.problems] == [
        (seal_verdict.STATUS_MISMATCH, a1)
    ]


def test_a_deleted_manifest_is_named(db, sealed_room) -> None:
    setup, _ids = sealed_room
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM session_manifest"))
    verdict = seal_verify.verify_here(db, setup.session.id)
    assert not verdict.ok
    assert {p.status for p in verdict.problems} >= {seal_verdict.STATUS_MISSING}


def test_proctor_console_shows_the_seal(db, sample_content, tmp_path, qtbot) -> None:
    from ethics_trainer.ui.exams.proctor import ProctorWindow

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    attempt = sit(db, setup, 0, clock)
    proctor = ProctorWindow(db, setup.library, clock=clock, export_dir=tmp_path)
    qtbot.addWidget(proctor)
    with qtbot.waitSignal(proctor.refreshed, timeout=10000):
        pass
    qtbot.waitUntil(lambda: "1 bài khớp niêm phong" in proctor.status_label.text(), timeout=10000)
    assert not proctor.status_label.property("alarm")
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE attempt SET score = 10 WHERE id = :a"), {"a": attempt})
    proctor.refresh()
    qtbot.waitUntil(lambda: "vấn đề về niêm phong" in proctor.status_label.text(), timeout=10000)
    assert proctor.status_label.property("alarm") is True  # the theme's alarm colour


def test_another_pc_trusts_the_proctor_key_it_was_given(
    db, db_url, sealed_room, tmp_path, monkeypatch, capsys
) -> None:
    """``exam seal-key`` on the proctor's PC, its line saved on the HR PC: verified there."""
    setup, _ids = sealed_room
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", PROCTOR_PASSWORD)
    assert main(["--database", db_url, "exam", "seal-key"]) == 0
    key_id, public_hex = capsys.readouterr().out.split()
    assert key_id == _key(db)
    hr_pc = tmp_path / "hr-pc"
    (hr_pc / seal_keys.TRUSTED_DIR_NAME).mkdir(parents=True)
    (hr_pc / seal_keys.TRUSTED_DIR_NAME / "phong-thi-301.pub").write_text(public_hex)
    monkeypatch.setattr(seal_verify, "key_folder", lambda _db, _dir=None: hr_pc)
    verdict = seal_verify.verify_here(db, setup.session.id)
    assert verdict.ok and verdict.key_trusted and verdict.verified == 5
