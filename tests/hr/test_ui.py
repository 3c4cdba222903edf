"""The HR screen and the Verify screen with pytest-qt: filter, sort, export, model, verify."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from ethics_trainer.hr.certificates import prepare_certificates
from ethics_trainer.hr.reports import ReportFilter
from ethics_trainer.ui.hr.chart import CompletionChart
from ethics_trainer.ui.hr.hr_window import HrWindow
from ethics_trainer.ui.hr.report_model import ReportModel
from ethics_trainer.ui.hr.verify_window import VerifyWidget
from tests.hr.hr_screen import open_hr_window

from .conftest import TITLES


@pytest.fixture
def screen(qtbot, hr_db, sample_content: Path, tmp_path: Path):
    return open_hr_window(qtbot, hr_db, sample_content, tmp_path)


def names(window: HrWindow) -> list[str]:
    model = window.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_model_tester(qtmodeltester, screen) -> None:
    qtmodeltester.check(screen.model)
    assert screen.model.rowCount() > 0 and screen.model.columnCount() > 0
    empty = ReportModel()
    qtmodeltester.check(empty)
    assert empty.rowCount() == 0


def test_filter_and_totals(qtbot, screen) -> None:
    assert len(names(screen)) == 5
    assert "3" in screen.summary.text() and "60" in screen.summary.text()
    screen.unit.setEditText("Ba Đình")
    screen.status.setCurrentIndex(screen.status.findData("completed"))
    with qtbot.waitSignal(screen.report_loaded, timeout=10000):
        screen.refresh()
    assert names(screen) == ["Nguyễn Thị Thu Hương"]
    assert [u.unit for u in screen.chart.units] == ["UBND quận Ba Đình"]
    assert screen.report.units[0].completed == 1 and screen.report.units[0].people == 3


def test_sort_by_header(qtbot, screen) -> None:
    score_column = [c.key for c in screen.model.columns].index("score")
    screen.table.sortByColumn(score_column, Qt.SortOrder.DescendingOrder)
    values = [screen.model.index(r, score_column).data(Qt.ItemDataRole.UserRole) for r in range(5)]
    assert values[:3] == [94.0, 93.0, 90.0] and values[3:] == [None, None]
    name_column = 0
    screen.table.sortByColumn(name_column, Qt.SortOrder.AscendingOrder)
    assert names(screen)[1:] == [
        "Phạm Ngọc Ánh",
        "Trần Văn Bình",
        "Lê Quang Đạt",
        "Nguyễn Thị Thu Hương",
    ]


def test_export_buttons(qtbot, screen, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    with qtbot.waitSignal(screen.job_finished, timeout=20000) as blocker:
        screen.export("xlsx", str(out))
    assert blocker.args == [str(out)], screen.message.text()
    sheet = openpyxl.load_workbook(out).active
    assert sheet.max_row == 6 and sheet.freeze_panes == "A2"
    screen.delimiter.setCurrentIndex(1)
    out_csv = tmp_path / "r.csv"
    with qtbot.waitSignal(screen.job_finished, timeout=20000):
        screen.export("csv", str(out_csv))
    with out_csv.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == 6 and '\'=HYPERLINK("http://x")' in {r[0] for r in rows}


def test_bulk_certificates_and_cancel(qtbot, screen, tmp_path: Path) -> None:
    target = tmp_path / "c.zip"
    with qtbot.waitSignal(screen.job_finished, timeout=60000) as blocker:
        screen.bulk_certificates(str(target))
    assert blocker.args == [str(target)] and target.exists()
    assert "c.zip" in screen.message.text()


def test_cancel_mid_way_removes_the_zip(qtbot, screen, tmp_path: Path) -> None:
    cancelled = tmp_path / "x.zip"
    with qtbot.waitSignal(screen.job_finished, timeout=60000) as blocker:
        task = screen.bulk_certificates(str(cancelled))
        # Cancel right after the first certificate, without racing the worker: the flag is
        # set on the worker thread as the first progress report is sent.
        screen.tasks._progressed.connect(
            lambda *_: task.cancel(), Qt.ConnectionType.DirectConnection
        )
    assert blocker.args == [""] and task.cancelled
    assert not cancelled.exists() and not list(tmp_path.glob("*.part"))


def test_preview(qtbot, screen) -> None:
    from ethics_trainer.ui.hr.preview import CertificatePreview

    row = next(r for r in screen.model.rows if r.completion_id)
    pdf = screen.certificate_pdf(row)
    dialog = CertificatePreview(pdf)
    qtbot.addWidget(dialog)
    assert dialog.document.pageCount() == 1


def test_chart_paints(qtbot, screen) -> None:
    chart = CompletionChart()
    qtbot.addWidget(chart)
    chart.set_units(screen.report.units)
    chart.resize(500, 120)
    image = chart.grab()
    assert not image.isNull()


def test_verify_screen(qtbot, hr_db, tmp_path: Path) -> None:
    certs = prepare_certificates(hr_db, tmp_path / "data", ReportFilter(unit="Tư pháp"), TITLES)
    widget = VerifyWidget(hr_db, TITLES, data_dir=tmp_path / "data")
    qtbot.addWidget(widget)
    widget.input.setText(certs[0].qr_text)
    qtbot.mouseClick(widget.button, Qt.MouseButton.LeftButton)
    assert widget.result is not None and widget.result.valid
    assert widget.details.rowCount() >= 4
    widget.input.setText(certs[0].qr_text.replace("|mau|", "|khac|"))
    widget.check()
    assert not widget.result.valid and "KHÔNG HỢP LỆ" in widget.status.text()
    widget.input.setText(certs[0].number)
    widget.check()
    assert widget.result.valid
