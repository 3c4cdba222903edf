"""HR's journey in the real windows: from the main window's "Nhân sự" menu and the admin
password, filter by a unit typed without diacritics, export the report as CSV and XLSX,
preview a certificate, make every certificate into a ZIP, and verify one — by mouse and
keyboard only, at 1366×768 and 1024×768."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from ethics_trainer.exams import passwords
from ethics_trainer.paths import resolve_paths
from ethics_trainer.ui.context import AppContext
from ethics_trainer.ui.exams.password_dialog import PasswordDialog
from ethics_trainer.ui.hr.hr_window import HrWindow
from ethics_trainer.ui.hr.verify_window import VerifyWidget
from ethics_trainer.ui.main_window import MainWindow
from tests.hr.conftest import fill
from tests.journeys.conftest import SCREENS, ran_in_child
from tests.journeys.steps import assert_fits, click_row, fit_to_screen, menu_action, top_level
from tests.window_helpers import answer_file_dialog, screenshot, when_modal

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

ADMIN_PASSWORD = "quan-tri-2026"


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return unicodedata.normalize("NFC", out.stdout.decode())


def type_password(qtbot) -> None:  # type: ignore[no-untyped-def]
    def handle(dialog) -> bool:  # type: ignore[no-untyped-def]
        if not isinstance(dialog, PasswordDialog) or dialog.first_use is None:
            return False  # not yet known whether a password exists: try again shortly
        edit = dialog.findChild(QLineEdit)
        edit.setFocus()
        qtbot.keyClicks(edit, ADMIN_PASSWORD)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        return True

    when_modal(handle)


@pytest.mark.parametrize("screen", SCREENS)
def test_hr_journey(request, screen) -> None:
    if ran_in_child(request):
        return
    journey(request.getfixturevalue, screen)


def journey(fixture, screen) -> None:  # type: ignore[no-untyped-def]
    look, _warnings = fixture("look"), fixture("qt_warnings")
    qtbot, db = fixture("qtbot"), fixture("db")
    sample_content, tmp_path = fixture("sample_content"), fixture("tmp_path")
    fill(db)
    passwords.set_password(db, passwords.ROLE_ADMIN, ADMIN_PASSWORD)
    size_name = f"{screen[0]}x{screen[1]}"
    paths = resolve_paths(tmp_path / "data", db.url, sample_content)
    main = look.keep(MainWindow(AppContext(paths=paths)))
    fit_to_screen(main, screen)
    main.show()
    with qtbot.waitSignal(main.ready, timeout=30000):
        main.start()

    # "Nhân sự" → "Báo cáo…", then the admin password, typed and Enter
    type_password(qtbot)
    menu_action(qtbot, main, "hrMenu", "Báo cáo")
    qtbot.waitUntil(lambda: top_level(HrWindow) is not None, timeout=20000)
    hr: HrWindow = top_level(HrWindow)  # type: ignore[assignment]
    qtbot.waitUntil(lambda: hr.report is not None, timeout=20000)
    fit_to_screen(hr, screen)
    assert_fits(hr, screen)
    assert len(hr.model.rows) == 5

    # the unit typed without diacritics, then Enter
    unit = hr.unit.lineEdit()
    qtbot.mouseClick(unit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(unit, "ba dinh")
    with qtbot.waitSignal(hr.report_loaded, timeout=20000):
        qtbot.keyClick(unit, Qt.Key.Key_Return)
    assert {r.unit for r in hr.model.rows} == {"UBND quận Ba Đình"} and len(hr.model.rows) == 3
    screenshot(hr, f"hr-report-{size_name}")

    # the report as CSV, then as XLSX, through the save dialogs
    report_csv = tmp_path / "bao-cao.csv"
    answer_file_dialog(qtbot, report_csv)
    with qtbot.waitSignal(hr.job_finished, timeout=30000) as done:
        qtbot.mouseClick(hr.export_csv, Qt.MouseButton.LeftButton)
    assert done.args == [str(report_csv)]
    with report_csv.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 4 and {"Nguyễn Thị Thu Hương", "Trần Văn Bình"} <= {r[0] for r in rows}
    report_xlsx = tmp_path / "bao-cao.xlsx"
    answer_file_dialog(qtbot, report_xlsx)
    with qtbot.waitSignal(hr.job_finished, timeout=30000):
        qtbot.mouseClick(hr.export_xlsx, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(report_xlsx).active
    assert sheet.max_row == 4
    assert "Nguyễn Thị Thu Hương" in {sheet.cell(r, 1).value for r in range(2, 5)}

    # preview the one who completed: click the row, then "Xem giấy chứng nhận"
    row = next(i for i, r in enumerate(hr.model.rows) if r.full_name == "Nguyễn Thị Thu Hương")
    click_row(qtbot, hr.table, row)
    with qtbot.waitSignal(hr.preview_opened, timeout=30000) as opened:
        qtbot.mouseClick(hr.preview_button, Qt.MouseButton.LeftButton)
    preview = opened.args[0]
    qtbot.waitUntil(lambda: preview._size is not None, timeout=10000)
    assert not preview.page_image().isNull()
    assert "Nguyễn Thị Thu Hương" in pdf_text(preview.pdf, tmp_path)
    screenshot(preview, f"hr-certificate-preview-{size_name}")
    qtbot.mouseClick(preview.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: hr.preview is None, timeout=5000)

    # every certificate of the filter into a ZIP
    archive_path = tmp_path / "giay-chung-nhan.zip"
    answer_file_dialog(qtbot, archive_path)
    with qtbot.waitSignal(hr.job_finished, timeout=60000) as done:
        qtbot.mouseClick(hr.bulk_button, Qt.MouseButton.LeftButton)
    assert done.args == [str(archive_path)]
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        assert len(names) == 1
        certificate = pdf_text(archive.read(names[0]), tmp_path)
    number = re.search(r"Số:\s*(\S+)", certificate)
    assert number is not None, certificate
    qtbot.waitUntil(hr.refresh_button.isEnabled, timeout=20000)  # numbers given: reloaded
    screenshot(hr, f"hr-after-certificates-{size_name}")

    # verify it: "Nhân sự" → "Xác minh…", type the number, Enter
    menu_action(qtbot, main, "hrMenu", "Xác minh")
    qtbot.waitUntil(lambda: top_level(VerifyWidget) is not None, timeout=10000)
    verify: VerifyWidget = top_level(VerifyWidget)  # type: ignore[assignment]
    # copied from the certificate and pasted (Ctrl+V), as HR does with a scanned QR code
    QApplication.clipboard().setText(number.group(1))
    qtbot.mouseClick(verify.input, Qt.MouseButton.LeftButton)
    qtbot.keyClick(verify.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert verify.input.text() == number.group(1)
    qtbot.keyClick(verify.input, Qt.Key.Key_Return)
    assert verify.result is not None and verify.result.valid, verify.status.text()
    assert number.group(1) in verify.status.text()
    screenshot(verify, f"hr-verify-{size_name}")
    for widget in (verify, hr):
        widget.close()
    assert not any(b.text() == "" for b in hr.findChildren(QPushButton) if b.isVisible())
