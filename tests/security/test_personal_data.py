"""Personal data: one person's data exported and erased on request, with the exam seal and
the HR reports still adding up; demo data refuses a database that holds real people."""

from __future__ import annotations

import io
import json

import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.clock import FixedClock
from ethics_trainer.errors import UserError
from ethics_trainer.exams import events, passwords, seal_keys, seal_verdict, seal_verify, sealing
from ethics_trainer.hr import reports
from ethics_trainer.hr.demo_data import run_demo
from ethics_trainer.services import learners

from ..exams.helpers import make_exam
from .helpers import ADMIN_PASSWORD, HR_PASSWORD, sit


def test_export_then_erase_keeps_the_seal_and_reports(
    db, db_url, sample_content, tmp_path, monkeypatch, capsys
) -> None:
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    attempt_id = sit(db, setup, 0, clock)
    sit(db, setup, 1, clock, right=False)
    sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db))
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    passwords.set_password(db, "hr", HR_PASSWORD)
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", HR_PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    base = ["--database", db_url, "admin"]

    out = tmp_path / "an.json"
    assert main([*base, "person-export", "HN001", str(out)]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["learner"]["full_name"] == "Nguyễn Văn An"
    assert [a["id"] for a in record["attempts"]] == [attempt_id]
    assert len(record["attempts"][0]["answers"]) == 4
    assert any(e["kind"] == "checkin" for e in record["exam_events"])

    monkeypatch.setattr("sys.stdin", io.StringIO("không\n"))
    assert main([*base, "person-erase", "HN001"]) == 1  # not confirmed: nothing erased
    assert learners.get_learner(db, record["learner"]["id"]).full_name == "Nguyễn Văn An"
    monkeypatch.setattr("sys.stdin", io.StringIO("có\n"))
    assert main([*base, "person-erase", "HN001"]) == 0

    learner_id = record["learner"]["id"]
    erased = learners.get_learner(db, learner_id)
    assert "Nguyễn Văn An" not in erased.full_name and erased.employee_code == ""
    minutes = " ".join(e.describe() for e in events.list_events(db, setup.session.id))
    assert "Nguyễn Văn An" not in minutes and "Trần Thị Bình" in minutes
    dump = json.dumps(learners.person_record(db, learner_id), ensure_ascii=False)
    assert "Nguyễn Văn An" not in dump and "HN001" not in dump
    # the seal still verifies (a salted digest was signed; the salt is gone)
    verdict = seal_verify.verify_here(db, setup.session.id)
    assert verdict.ok and verdict.verified == 2, [p.line() for p in verdict.problems]
    # the HR reports still count the attempt, under the anonymous name
    rows = reports.attempt_report(db, reports.ReportFilter(), {"mau": "Khoá mẫu"})
    assert erased.full_name in {r.full_name for r in rows}
    assert len([r for r in rows if r.kind == "exam"]) == 2


@pytest.mark.parametrize(
    "changes",
    [
        "full_name = 'Người Khác', employee_code = 'HN999'",
        # marking the person erased must not hide a rename
        "full_name = 'Người Khác', employee_code = '', erased_at = CURRENT_TIMESTAMP",
    ],
    ids=["renamed", "renamed-and-marked-erased"],
)
def test_renaming_a_person_after_sealing_is_named(db, sample_content, changes: str) -> None:
    """Changing who a sealed result belongs to, by editing the person, is a move."""
    import sqlalchemy as sa

    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    attempt_id = sit(db, setup, 0, clock)
    sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db))
    with db.engine.begin() as conn:
        conn.execute(
            sa.text(f"UPDATE learner SET {changes} WHERE id = :l"),
            {"l": setup.candidates[0].learner_id},
        )
    verdict = seal_verify.verify_here(db, setup.session.id)
    assert [(p.status, p.attempt_id) for p in verdict.problems] == [
        (seal_verdict.STATUS_MOVED, attempt_id)
    ]


def test_demo_data_refuses_real_people(db, db_url, sample_content, monkeypatch) -> None:
    learners.create_learner(db, full_name="Đặng Văn Hùng", employee_code="HN777")
    with pytest.raises(UserError):
        run_demo(db, 5, course_id="mau")
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", ADMIN_PASSWORD)
    base = ["--database", db_url, "--content", str(sample_content), "demo-data", "-q"]
    assert main([*base, "--learners", "5"]) == 1
    assert len(learners.list_learners(db)) == 1
    assert main([*base, "--learners", "5", "--force"]) == 0
    # the five made-up people are stored (HR sees them) but are not offered as profiles
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM learner").scalar_one() == 6
    assert len(learners.list_learners(db)) == 1


def test_person_export_never_writes_through_a_link_or_into_a_fifo(db, tmp_path) -> None:
    """A planted link must not receive someone's personal data; a FIFO must not hang the PC."""
    import os

    person = learners.create_learner(db, full_name="Lê Công Việt", employee_code="HN555")
    target = tmp_path / "elsewhere.txt"
    target.write_text("không liên quan\n", encoding="utf-8")
    link = tmp_path / "export.json"
    link.symlink_to(target)
    with pytest.raises(UserError):
        learners.export_person(db, person.id, link)
    assert target.read_text(encoding="utf-8") == "không liên quan\n" and link.is_symlink()
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(UserError):
        learners.export_person(db, person.id, fifo)
    plain = learners.export_person(db, person.id, tmp_path / "ok.json")
    assert json.loads(plain.read_text(encoding="utf-8"))
