"""Issue 6 follow-ups: roster picker (CSV and XLSX), attempt kinds translated, course titles in
``verify``, and the QR code read back from a rendered certificate page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from ethics_trainer.cli.main import main
from ethics_trainer.content.loader import load_library
from ethics_trainer.hr import exports
from ethics_trainer.hr.certificates import prepare_certificates, render_certificate
from ethics_trainer.hr.org_settings import load_org_settings
from ethics_trainer.hr.reports import NOT_STARTED, ReportFilter, attempt_report
from ethics_trainer.hr.roster import load_roster
from ethics_trainer.paths import resolve_paths
from ethics_trainer.ui.hr.hr_window import HrWindow

from .conftest import TITLES

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
        assert window.choose_roster(str(roster))
    assert "danh-sach" in window.roster_label.text() and window.roster_clear.isEnabled()
    rows = {r.full_name: r for r in window.report.rows}
    assert set(rows) == {"Nguyễn Thị Thu Hương", "Đỗ Thị Mới Về"}
    assert rows["Đỗ Thị Mới Về"].status == NOT_STARTED and rows["Đỗ Thị Mới Về"].learner_id is None
    with qtbot.waitSignal(window.report_loaded, timeout=10000):
        window.clear_roster()
    assert window.report.total.people == 5 and not window.roster_clear.isEnabled()


def test_roster_picker_bad_file_is_a_message(qtbot, hr_db, sample_content, tmp_path, monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr("ethics_trainer.ui.hr.hr_window.show_error", lambda _w, e: shown.append(e))
    window = HrWindow(
        hr_db,
        load_library(sample_content),
        resolve_paths(tmp_path / "d", hr_db.url, sample_content),
    )
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.report is not None, timeout=10000)
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    assert not window.choose_roster(str(bad))
    assert len(shown) == 1 and window.roster is None


def test_attempt_kind_is_translated(hr_db, tmp_path: Path) -> None:
    rows = attempt_report(hr_db, ReportFilter(), TITLES)
    assert {r.kind for r in rows} == {"final"}
    target = tmp_path / "attempts.xlsx"
    exports.run(exports.export_rows(rows, exports.ATTEMPT_COLUMNS, target, "xlsx"))
    sheet = openpyxl.load_workbook(target).active
    kinds = {sheet.cell(r, 5).value for r in range(2, sheet.max_row + 1)}
    assert kinds == {"Bài kiểm tra cuối khoá"}
    assert exports.kind_label("unknown-kind") == "unknown-kind"


def test_verify_shows_course_title(hr_db, sample_content: Path, tmp_path: Path, capsys) -> None:
    data_dir = tmp_path / "data"
    qr = prepare_certificates(hr_db, data_dir, ReportFilter(unit="Ba Đình"), TITLES)[0].qr_text
    base = ["--data-dir", str(data_dir), "--database", hr_db.url, "--content", str(sample_content)]
    assert main([*base, "verify", qr]) == 0
    assert "Khoá mẫu (mau)" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_qr_on_the_page_decodes_and_verifies(hr_db, tmp_path: Path, capsys) -> None:
    """Print the page to pixels, read the QR code like a phone would, and check what it says."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    data_dir = tmp_path / "data"
    cert = prepare_certificates(hr_db, data_dir, ReportFilter(unit="Ba Đình"), TITLES)[0]
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(render_certificate(cert, load_org_settings(hr_db)))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    found = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png").convert("L"))
    texts = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert texts == [cert.qr_text]
    base = ["--data-dir", str(data_dir), "--database", hr_db.url]
    assert main([*base, "verify", texts[0]]) == 0
    assert "Nguyễn Thị Thu Hương" in capsys.readouterr().out
