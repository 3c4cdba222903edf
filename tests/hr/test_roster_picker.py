"""HR's roster picker: CSV and XLSX rosters, people not started shown, a bad file is a message."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from ethics_trainer.content.loader import load_library
from ethics_trainer.hr.reports import NOT_STARTED
from ethics_trainer.hr.roster import load_roster
from ethics_trainer.paths import resolve_paths
from ethics_trainer.ui.hr.hr_window import HrWindow

ROSTER = [
    ["Họ và tên", "Mã cán bộ", "Đơn vị", "Chức vụ"],
    ["Nguyễn Thị Thu Hương", "HN0000", "UBND quận Ba Đình", "Chuyên viên"],
    ["Đỗ Thị Mới Về", "HN9999", "UBND quận Ba Đình", "Cán sự"],
]


def write_roster(path: Path) -> Path:
    if path.suffix == ".xlsx":
        book = openpyxl.Workbook()
        for row in ROSTER:
            book.active.append(row)
        book.save(path)
    else:
        path.write_text("\n".join(";".join(r) for r in ROSTER) + "\n", encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_load_roster_csv_and_xlsx(tmp_path: Path, suffix: str) -> None:
    entries = load_roster(write_roster(tmp_path / f"ds{suffix}"))
    assert [e.full_name for e in entries] == ["Nguyễn Thị Thu Hương", "Đỗ Thị Mới Về"]
    assert entries[1].employee_code == "HN9999" and entries[1].position == "Cán sự"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_roster_picker_shows_not_started(
    qtbot, hr_db, sample_content: Path, tmp_path: Path, suffix: str
) -> None:
    window = HrWindow(
        hr_db,
        load_library(sample_content),
        resolve_paths(tmp_path / "d", hr_db.url, sample_content),
    )
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.report is not None, timeout=10000)
    assert window.report.total.people == 5
    roster = write_roster(tmp_path / f"danh-sach{suffix}")
    with qtbot.waitSignal(window.report_loaded, timeout=10000):
        assert window.filters.choose_roster(str(roster))
    assert (
        "danh-sach" in window.filters.roster_label.text()
        and window.filters.roster_clear.isEnabled()
    )
    rows = {r.full_name: r for r in window.report.rows}
    assert set(rows) == {"Nguyễn Thị Thu Hương", "Đỗ Thị Mới Về"}
    assert rows["Đỗ Thị Mới Về"].status == NOT_STARTED and rows["Đỗ Thị Mới Về"].learner_id is None
    with qtbot.waitSignal(window.report_loaded, timeout=10000):
        window.filters.clear_roster()
    assert window.report.total.people == 5 and not window.filters.roster_clear.isEnabled()


def test_roster_picker_bad_file_is_a_message(qtbot, hr_db, sample_content, tmp_path, monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr(
        "ethics_trainer.ui.hr.report_filters.show_error", lambda _w, e: shown.append(e)
    )
    window = HrWindow(
        hr_db,
        load_library(sample_content),
        resolve_paths(tmp_path / "d", hr_db.url, sample_content),
    )
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.report is not None, timeout=10000)
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    assert not window.filters.choose_roster(str(bad))
    assert len(shown) == 1 and window.roster is None
