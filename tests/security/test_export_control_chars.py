"""F-ROSTER-1 (export half): characters an XLSX cannot hold are cleaned, never fatal.

The roster now refuses C0 control characters, but a name can still reach the database another
way (a room PC writes the shared tables; an older version's roster; a pasted profile name).
Before, ``exam results`` then failed for the whole session with openpyxl's
IllegalCharacterError ("An unexpected error occurred"). Every export goes through
``safe_cells`` and replaces them with U+FFFD, tab/CR/LF kept, formulas still neutralised.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from ethics_trainer.cli.main import main
from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import live_roster, passwords, proctor_actions, seal_keys, sealing
from ethics_trainer.exams.minutes_export import export_minutes_xlsx
from ethics_trainer.safe_cells import DANGEROUS_START, neutralise

from ..exams.helpers import make_exam
from .helpers import ADMIN_PASSWORD, HR_PASSWORD, PROCTOR_PASSWORD, sit

REPLACEMENT = "\ufffd"  # what a character a cell cannot hold becomes
# every C0 control but tab, LF and CR, a few at the start (where a formula would begin)
CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")
NAMES = [f"Nguyễn{CONTROLS}Văn A", '\x01=HYPERLINK("http://x")', "\x1b[31mTrần Thị B\x00"]


def test_clean_keeps_what_a_cell_can_hold() -> None:
    assert neutralise("a\tb\nc\rd") == "a\tb\nc\rd"
    assert neutralise("Lê\x00Văn\x0bC") == f"Lê{REPLACEMENT}Văn{REPLACEMENT}C"
    assert neutralise("\ufffe\uffff") == REPLACEMENT * 2
    assert neutralise("=1+1") == "'=1+1"


@pytest.fixture
def control_room(db, db_url, sample_content):
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    with db.engine.begin() as conn:  # as a room PC (or an older roster) could have written
        for cand, name in zip(setup.candidates, NAMES, strict=False):
            conn.execute(
                sa.text("UPDATE learner SET full_name = :n, unit = :n WHERE id = :i"),
                {"n": name, "i": cand.learner_id},
            )
    setup.candidates = live_roster.roster(db, setup.session.id)
    for index in range(len(setup.candidates)):
        sit(db, setup, index, clock)
    proctor_actions.add_incident(db, setup.session.id, "ghi chú", clock=clock)
    with db.engine.begin() as conn:
        detail = json.loads(
            conn.execute(sa.text("SELECT detail FROM exam_event WHERE kind = 'incident'")).scalar()
        )
        detail["text"] = "m\x07\x00y\x1b"
        conn.execute(
            sa.text("UPDATE exam_event SET detail = :d WHERE kind = 'incident'"),
            {"d": json.dumps(detail)},
        )
    sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db))
    passwords.set_password(db, "admin", ADMIN_PASSWORD)
    passwords.set_password(db, "proctor", PROCTOR_PASSWORD)
    passwords.set_password(db, "hr", HR_PASSWORD)
    return setup


def _texts(path: Path) -> list[str]:
    found = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(DANGEROUS_START), cell.value
                    found.append(cell.value)
    return found


def _has_clean_names(texts: list[str]) -> None:
    joined = "\n".join(texts)
    assert f"Nguyễn{REPLACEMENT * len(CONTROLS)}Văn A" in joined
    assert f"{REPLACEMENT}=HYPERLINK" in joined
    assert f"{REPLACEMENT}[31mTrần Thị B{REPLACEMENT}" in joined
    assert not any(ch in joined for ch in CONTROLS)


def test_every_export_cleans_control_characters(
    db, db_url, control_room, sample_content, tmp_path, monkeypatch, capsys
) -> None:
    code = control_room.session.code
    base = ["--lang", "en", "--database", db_url, "--content", str(sample_content)]
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", PROCTOR_PASSWORD)
    # exam results, through the CLI as the proctor runs it (before: IllegalCharacterError)
    results_xlsx = tmp_path / "results.xlsx"
    main([*base, "exam", "results", "--session", str(control_room.session.id), str(results_xlsx)])
    assert "unexpected" not in capsys.readouterr().err
    _has_clean_names(_texts(results_xlsx))
    # the minutes XLSX, the incident note included
    minutes = export_minutes_xlsx(db, control_room.session.id, tmp_path / "minutes.xlsx")
    texts = _texts(minutes)
    _has_clean_names(texts)
    assert any(f"m{REPLACEMENT}{REPLACEMENT}y{REPLACEMENT}" in t for t in texts)
    assert code
    # HR reports, XLSX and CSV
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", HR_PASSWORD)
    for kind in ("completions", "attempts"):
        xlsx = tmp_path / f"{kind}.xlsx"
        assert main([*base, "report", kind, "--format", "xlsx", "-o", str(xlsx), "-q"]) == 0
        _has_clean_names(_texts(xlsx))
        out = tmp_path / f"{kind}.csv"
        assert main([*base, "report", kind, "--format", "csv", "-o", str(out), "-q"]) == 0
        with out.open(encoding="utf-8-sig", newline="") as handle:
            fields = [f for row in csv.reader(handle) for f in row]
        _has_clean_names(fields)
