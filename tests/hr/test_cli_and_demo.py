"""Command line: demo data, report export and bulk certificates with a progress line."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from ethics_trainer.cli.main import main
from ethics_trainer.hr.demo_data import DEPARTMENTS, DISTRICTS, run_demo
from ethics_trainer.storage.models import Attempt, Completion, Learner


@pytest.fixture
def base(
    tmp_path: Path, db_url: str, sample_content: Path, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """The global options; an admin password set and given as a script would give it."""
    from ethics_trainer.exams import passwords
    from ethics_trainer.storage.db import open_database

    db = open_database(db_url)
    passwords.set_password(db, "admin", "quan-tri-123")
    db.dispose()
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", "quan-tri-123")
    return [
        "--data-dir",
        str(tmp_path / "data"),
        "--database",
        db_url,
        "--content",
        str(sample_content),
    ]


def test_demo_data_counts(db) -> None:
    result = run_demo(db, 400, seed=7, course_id="mau", content_hash="h" * 64)
    with db.session() as session:
        learners = session.exec(select(Learner)).all()
        assert len(learners) == result.learners == 400
        assert len(session.exec(select(Attempt)).all()) == result.attempts
        completions = session.exec(select(Completion)).all()
    assert len(completions) == result.completions
    assert 0.45 * 400 < result.completions < 0.75 * 400
    assert all(c.content_hash == "h" * 64 for c in completions)
    assert {le.unit for le in learners} <= set(DEPARTMENTS + DISTRICTS)
    assert any(ch in "ăâđêôơưàảãáạ" for le in learners for ch in le.full_name.lower())
    # the same seed gives the same people
    again = run_demo(db, 5, seed=7, course_id="mau")
    assert again.learners == 5


def test_cli_demo_report_certificates(base: list[str], tmp_path: Path, capsys) -> None:
    assert main([*base, "demo-data", "--learners", "60", "--seed", "3"]) == 0
    assert "60" in capsys.readouterr().out
    out = tmp_path / "r.xlsx"
    assert main([*base, "report", "completions", "--format", "xlsx", "--output", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 61
    csv_out = tmp_path / "r.csv"
    args = ["report", "completions", "--unit", "Sở", "--from", "01/01/2026", "--to", "31/12/2026"]
    assert main([*base, *args, "--format", "csv", "--delimiter", ";", "-o", str(csv_out)]) == 0
    with csv_out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) > 1 and all("Sở" in r[2] for r in rows[1:])
    capsys.readouterr()
    target = tmp_path / "c.zip"
    assert main([*base, "certificates", "--unit", "quận", "--output", str(target)]) == 0
    err = capsys.readouterr().err
    with zipfile.ZipFile(target) as archive:
        count = len(archive.namelist())
    assert count > 0 and f"{count}/{count}  100%" in err
    with pytest.raises(SystemExit) as bad_date:
        main([*base, "report", "completions", "--from", "31/02/2026", "-o", str(out)])
    assert bad_date.value.code == 2
    assert "31/02/2026" in capsys.readouterr().err
