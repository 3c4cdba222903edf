"""A submitted exam result edited by hand (SQL UPDATE) after the proctor sealed it no longer
matches its seal and is flagged."""

from __future__ import annotations

import io

import sqlalchemy as sa

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import (
    checkin,
    exam_answers,
    exam_start,
    results,
    seal_keys,
    seal_verdict,
    sealing,
    submission,
)

from .helpers import correct_keys, make_exam


def _sit(db, setup, index: int, machine: str, clock, right: bool) -> int:
    cid = setup.candidates[index].id
    checkin.check_in(db, cid, setup.session.code, machine, clock=clock)
    state = exam_start.start_exam(db, setup.library, cid, machine, clock=clock)
    for q in state.questions:
        keys = correct_keys(q) if right else [q.options[-1].key]
        exam_answers.record_answer(db, cid, machine, q.id, keys, clock=clock)
    return submission.submit(db, cid, machine, clock=clock).id


def test_hand_edited_result_is_flagged(
    db, db_url, sample_content, tmp_path, monkeypatch, capsys
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    good = _sit(db, setup, 0, "pc-1", clock, right=True)
    bad = _sit(db, setup, 1, "pc-2", clock, right=False)
    # submitted but not sealed yet: the proctor's PC seals (its key never leaves it)
    assert {r.integrity for r in results.session_results(db, setup.session.id).submitted} == {
        seal_verdict.STATUS_UNSEALED
    }
    assert sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db)) == 2
    assert (seal_keys.key_folder(db) / seal_keys.KEY_FILE_NAME).exists()  # outside the database
    assert not results.session_results(db, setup.session.id).flagged

    with db.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE attempt SET score = 100, passed = 1 WHERE id = :id"), {"id": bad}
        )
    flagged = results.session_results(db, setup.session.id).flagged
    assert [r.candidate.attempt_id for r in flagged] == [bad]
    assert flagged[0].integrity == seal_verdict.STATUS_MISMATCH

    # an answer changed after submission is caught too
    with db.engine.begin() as conn:
        conn.execute(
            sa.text('UPDATE answer SET selected_json = \'["a", "b"]\' WHERE attempt_id = :id'),
            {"id": good},
        )
    assert len(results.session_results(db, setup.session.id).flagged) == 2

    from openpyxl import load_workbook

    out = results.export_results_xlsx(
        results.session_results(db, setup.session.id), tmp_path / "r.xlsx"
    )
    sheet = load_workbook(out).worksheets[0]
    marks = [row[10].value for row in sheet.iter_rows(min_row=5) if row[10].value]
    assert len([m for m in marks if "KHÔNG KHỚP" in m]) == 2

    from ethics_trainer.cli.main import main
    from ethics_trainer.exams import passwords

    passwords.set_password(db, "proctor", "giam-thi-1")
    monkeypatch.setattr("sys.stdin", io.StringIO("giam-thi-1\n"))
    assert main(["--database", db_url, "exam", "results", "--session", str(setup.session.id)]) == 1
    assert "FLAGGED" in capsys.readouterr().out
