"""The one task runner: results on the GUI thread, progress with Cancel for jobs, and
failures shown to the person in their language (never only logged)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton, QWidget

from ethics_trainer.errors import UserError
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import tr
from ethics_trainer.ui.toolkit.tasks import Lane, TaskRunner


def _error_boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorBox" and w.isVisible()
    ]


def test_result_reaches_on_done_on_the_gui_thread(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    runner = TaskRunner(window)
    seen: list[tuple[int, bool]] = []
    gui = threading.current_thread()
    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.run(
            lambda: 41 + 1, on_done=lambda r: seen.append((r, threading.current_thread() is gui))
        )
    assert seen == [(42, True)]
    runner.shutdown()


def test_failure_without_handler_is_shown_to_the_person(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    runner = TaskRunner(window)

    def fails() -> None:
        raise UserError("Không mở được tệp.", hint="Kiểm tra lại đường dẫn.")

    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.run(fails, lane=Lane.IO)
    boxes = _error_boxes()
    assert [b.text() for b in boxes] == ["Không mở được tệp."]
    assert boxes[0].informativeText() == "Kiểm tra lại đường dẫn."
    boxes[0].close()
    runner.shutdown()


def test_unexpected_failure_is_shown_in_vietnamese_without_traceback(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    runner = TaskRunner(window)

    def fails() -> None:
        raise ZeroDivisionError("division by zero")

    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.run(fails)
    (box,) = _error_boxes()
    assert box.text() == tr("app.unexpected_error")
    assert "ZeroDivisionError" not in box.text() + box.informativeText()
    box.close()
    runner.shutdown()


def test_job_reports_progress_and_cancel_stops_it_and_cleans_up(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    runner = TaskRunner(window)
    first_report = threading.Event()
    may_continue = threading.Event()
    cleaned: list[bool] = []
    outcome: list[str] = []

    def job() -> Iterator[Progress]:
        try:
            for i in range(1, 1000):
                yield Progress(i, 999, f"tệp {i}.pdf")
                if i == 1:
                    first_report.set()
                    may_continue.wait(5)
            return "done"
        finally:
            cleaned.append(True)

    task = runner.run(
        job,
        title="Đang tạo chứng nhận",
        cancellable=True,
        lane=Lane.LONG,
        on_done=lambda _r: outcome.append("done"),
        on_cancel=lambda: outcome.append("cancelled"),
    )
    dialog = task.dialog
    assert isinstance(dialog, QProgressDialog)
    qtbot.waitUntil(lambda: dialog.value() == 1, timeout=5000)
    assert "tệp 1.pdf" in dialog.labelText()
    (cancel,) = dialog.findChildren(QPushButton)
    assert cancel.text() == tr("uic.task.cancel")
    cancel.click()
    may_continue.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert outcome == ["cancelled"] and cleaned == [True]
    runner.shutdown()


def test_job_return_value_is_the_result(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    runner = TaskRunner(window)

    def job() -> Iterator[Progress]:
        yield Progress(1, 2)
        yield Progress(2, 2)
        return "kết quả"

    results: list[object] = []
    with qtbot.waitSignal(runner.idle, timeout=5000):
        runner.run(job, on_done=results.append, lane=Lane.LONG)
    assert results == ["kết quả"]
    runner.shutdown()


def test_work_after_shutdown_is_refused(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    runner = TaskRunner(window)
    runner.shutdown()
    ran: list[bool] = []
    assert runner.run_db(lambda: ran.append(True)) == -1
    assert runner.run(lambda: ran.append(True)).id == -1
    assert not runner.busy and ran == []


def test_a_window_deleted_on_close_while_its_task_runs(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The exam menu's windows are deleted when closed (WA_DeleteOnClose). A task still
    running then must finish without touching the deleted window or the runner's freed
    C++ object (the old runner was the window's Qt child: its worker's emit crashed)."""
    import shiboken6
    from PySide6.QtCore import QCoreApplication, QEvent

    window = QWidget()
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    runner = TaskRunner(window)
    release = threading.Event()
    results: list[object] = []
    runner.run(lambda: release.wait(10) and "done", on_done=results.append)
    window.show()
    window.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(window)
    assert shiboken6.isValid(runner)
    release.set()
    runner.wait_db()  # the task, its emit included, is over
    QCoreApplication.processEvents()
    assert results == []  # nothing called back into the window that is gone
