"""The HR window's export streams the report from the database (issue #17), in the window's
TaskRunner with a progress dialog and Cancel: the same bytes as the command line's path, not
the rows the table holds; a cancelled export leaves no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ethics_trainer.hr import exports, reports
from ethics_trainer.hr.demo_data import run_demo
from ethics_trainer.hr.export_columns import COMPLETION_COLUMNS
from ethics_trainer.hr.exports import export_rows, run
from ethics_trainer.hr.reports import NOT_STARTED
from ethics_trainer.ui.hr.hr_window import HrWindow
from ethics_trainer.ui.toolkit.tasks import Task
from tests.hr.hr_screen import open_hr_window


@pytest.fixture
def screen(qtbot, hr_db, sample_content: Path, tmp_path: Path):
    return open_hr_window(qtbot, hr_db, sample_content, tmp_path)


def _direct(screen: HrWindow, path: Path, fmt: str) -> bytes:
    """What the command line's path writes for the shown report's filter."""
    stream = reports.completion_rows(screen.db, screen.shown_filter, screen.titles)
    run(export_rows(stream.rows, COMPLETION_COLUMNS, path, fmt, total=stream.total))
    return path.read_bytes()


def test_export_streams_the_report_not_the_table(qtbot, screen, tmp_path: Path) -> None:
    shown = len(screen.model.rows)
    assert shown == 5
    screen.model.set_rows([])  # the table holds nothing: the export must not care
    screen.status.setCurrentIndex(screen.status.findData(NOT_STARTED))  # changed, not applied
    out = tmp_path / "gui.csv"
    with qtbot.waitSignal(screen.job_finished, timeout=20000) as blocker:
        task = screen.export("csv", str(out))
    assert blocker.args == [str(out)], screen.message.text()
    assert task.dialog is None  # closed when done; it existed while the task ran
    assert out.read_bytes() == _direct(screen, tmp_path / "cli.csv", "csv")
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == shown + 1


def test_export_has_a_cancellable_progress_dialog_and_cancel_leaves_no_file(
    qtbot, screen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "STEP", 20)
    run_demo(screen.db, 200, seed=2, allow_real_people=True)
    with qtbot.waitSignal(screen.report_loaded, timeout=20000):
        screen.refresh()
    target = tmp_path / "out" / "report.xlsx"
    target.parent.mkdir()
    progressed: list[tuple[int, int]] = []
    started: list[Task] = []

    # cancel once some rows are written, on the worker thread (no race with the writer);
    # listening before the export starts, so its first report (0 of n) is never missed
    def seen(_task_id: int, done: int, total: int, _item: str) -> None:
        progressed.append((done, total))
        if done >= 2 * exports.STEP and started:
            started[0].cancel()

    screen.tasks._progressed.connect(seen, Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(screen.job_finished, timeout=30000) as blocker:
        task = screen.export("xlsx", str(target))
        started.append(task)
        assert task.dialog is not None  # the progress dialog, with Cancel (cancellable job)
    assert blocker.args == [""] and task.cancelled
    assert progressed[0][0] == 0 and progressed[0][1] > 2 * exports.STEP
    assert list(target.parent.iterdir()) == []
    assert screen.db.engine.pool.checkedout() == 0
