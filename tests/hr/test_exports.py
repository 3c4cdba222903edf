"""XLSX and CSV exports: Vietnamese intact, typed cells, formula injection neutralised."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from ethics_trainer.errors import UserError
from ethics_trainer.hr.export_columns import COMPLETION_COLUMNS
from ethics_trainer.hr.exports import export_rows, run
from ethics_trainer.hr.reports import ReportFilter, completion_report
from ethics_trainer.safe_cells import neutralise

from .conftest import TITLES


@pytest.fixture
def rows(hr_db):
    return completion_report(hr_db, ReportFilter(), TITLES).rows


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx"])
def test_neutralise(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("Nguyễn") == "Nguyễn"


def test_xlsx(rows, tmp_path: Path) -> None:
    out = tmp_path / "báo cáo.xlsx"
    last = run(export_rows(rows, COMPLETION_COLUMNS, out, "xlsx"))
    assert last is not None and last.done == len(rows)
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 20
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Họ và tên", "Mã cán bộ", "Đơn vị"]
    data = list(sheet.iter_rows(min_row=2, values_only=True))
    names = {r[0] for r in data}
    assert "Nguyễn Thị Thu Hương" in names
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    done = next(r for r in data if r[0] == "Nguyễn Thị Thu Hương")
    assert isinstance(done[6], datetime) and done[7] == 90.0 and done[8] == 1
    assert done[5] == "Đã hoàn thành"
    assert "'-chuyên viên" in {r[3] for r in data}


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv(rows, tmp_path: Path, delimiter: str) -> None:
    out = tmp_path / "r.csv"
    run(export_rows(rows, COMPLETION_COLUMNS, out, "csv", delimiter))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        data = list(csv.reader(handle, delimiter=delimiter))
    assert data[0][0] == "Họ và tên"
    names = [r[0] for r in data[1:]]
    assert "Phạm Ngọc Ánh" in names and '\'=HYPERLINK("http://x")' in names
    row = next(r for r in data if r[0] == "Phạm Ngọc Ánh")
    assert row[7] == "94"
    assert row[6].startswith("2026-10-")
    assert not any(cell.startswith(("=", "+", "@")) for r in data for cell in r)


def test_decimal_comma_with_semicolon(tmp_path: Path) -> None:
    from dataclasses import dataclass

    from ethics_trainer.hr.export_columns import Column

    @dataclass
    class Row:
        score: float

    out = tmp_path / "x.csv"
    run(export_rows([Row(91.5)], [Column("score", "hr.col.score", "number")], out, "csv", ";"))
    assert out.read_text(encoding="utf-8-sig").splitlines()[1] == "91,5"


def test_cancelled_export_leaves_no_file(rows, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    job = export_rows(rows * 3000, COMPLETION_COLUMNS, out, "csv")
    next(job)
    job.close()
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_bad_target(rows, tmp_path: Path) -> None:
    with pytest.raises(UserError):
        run(export_rows(rows, COMPLETION_COLUMNS, tmp_path / "no" / "r.csv", "csv"))
