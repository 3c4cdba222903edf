"""Running a core generator job off the GUI thread, with progress and cancellation.

Core jobs yield :class:`~ethics_trainer.hr.progress.Progress` and may ``return`` a result.
The worker runs in ``QThreadPool`` (TagStudio's pattern); its signals are queued back to the
GUI thread. Cancelling sets a flag checked between two progress reports; the generator is
then closed, so it can clean up (a half-written ZIP is removed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import tr

JobFactory = Callable[[], Iterator[Progress]]


class Job(QObject):
    """One background job. Signals: progress(done, total, item), done(result), failed(exc),
    cancelled()."""

    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, factory: Callable[[], Iterator[Progress]], parent: QObject | None = None):
        super().__init__(parent)
        self._factory = factory
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        """Called on a pool thread: never touch widgets here."""
        try:
            generator = self._factory()
            result: Any = None
            while True:
                if self._cancel.is_set():
                    generator.close()
                    self.cancelled.emit()
                    return
                try:
                    report = next(generator)
                except StopIteration as stop:
                    result = stop.value
                    break
                self.progress.emit(report.done, report.total, report.item)
            self.done.emit(result)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self.failed.emit(exc)

    def start(self, pool: QThreadPool | None = None) -> None:
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))


class _Runnable(QRunnable):
    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job.run()


def call_in_background(function: Callable[[], Any], parent: QObject | None = None) -> Job:
    """A Job around a plain function (no progress); ``done`` carries its result."""

    def factory() -> Iterator[Progress]:
        return function()
        yield  # pragma: no cover - makes this a generator

    return Job(factory, parent)


def with_dialog(parent: QWidget, factory: JobFactory, title: str) -> Job:
    """``factory``'s job tied to a cancellable progress dialog. Connect to its signals, then
    call ``start()`` (a fast job could otherwise finish before anyone listens)."""
    job = Job(factory, parent)
    dialog = QProgressDialog(title, tr("hr.ui.cancel"), 0, 0, parent)
    dialog.setObjectName("hrProgress")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def on_progress(done: int, total: int, item: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if item:
            dialog.setLabelText(f"{title}\n{item}")

    job.progress.connect(on_progress)
    dialog.canceled.connect(job.cancel)
    for signal in (job.done, job.failed, job.cancelled):
        signal.connect(lambda *_: dialog.close())
    job.dialog = dialog  # type: ignore[attr-defined]
    return job
