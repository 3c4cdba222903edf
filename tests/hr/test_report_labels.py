"""Report labels are translated (attempt kinds)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from ethics_trainer.hr import exports
from ethics_trainer.hr.export_columns import ATTEMPT_COLUMNS, kind_label
from ethics_trainer.hr.reports import ReportFilter, attempt_report

from .conftest import TITLES


def test_attempt_kind_is_translated(hr_db, tmp_path: Path) -> None:
    rows = attempt_report(hr_db, ReportFilter(), TITLES)
    assert {r.kind for r in rows} == {"final"}
    target = tmp_path / "attempts.xlsx"
    exports.run(exports.export_rows(rows, ATTEMPT_COLUMNS, target, "xlsx"))
    sheet = openpyxl.load_workbook(target).active
    kinds = {sheet.cell(r, 5).value for r in range(2, sheet.max_row + 1)}
    assert kinds == {"Bài kiểm tra cuối khoá"}
    assert kind_label("unknown-kind") == "unknown-kind"
