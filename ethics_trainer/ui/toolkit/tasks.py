"""The one way the UI runs work off the GUI thread: run, progress, cancel, errors.

Usage (the whole API)::

    runner = TaskRunner(window)                  # one per window; errors go to that window
    runner.run(save, on_done=refresh)            # database work, in order, no dialog
    runner.run(load_content, lane=Lane.IO)       # slow work that does not touch the database
    runner.run(lambda: bulk_certificates(...),   # a *job*: returns a generator of Progress
               title=tr("..."), cancellable=True, on_done=..., on_cancel=...)

``op`` runs on a worker thread and must never touch widgets. What it returns reaches
``on_done`` on the GUI thread. If it returns a generator, that is a job: each
:class:`~ethics_trainer.hr.progress.Progress` it yields moves the progress dialog, its
``return`` value is the result, and Cancel closes it between two reports (so it can clean up;
a half-written ZIP is removed). A failure goes to ``on_error`` if given, else to
:func:`~ethics_trainer.ui.toolkit.errors.show_error` on the runner's window: in the person's
language, logged with its traceback, never only logged.

Database work has one single-worker lane so writes keep their order (an answer given after
another is stored after it); :attr:`Lane.IO` and :attr:`Lane.LONG` (long jobs such as bulk
certificates, which must not hold up the quick writes) have their own workers.
"""

from __future__ import annotations

import enum
import inspect
import itertools
import logging
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import tr
from ethics_trainer.ui.toolkit import gui_gc
from ethics_trainer.ui.toolkit.errors import show_error

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]
CancelCallback = Callable[[], None]


class Lane(enum.Enum):
    """Which worker runs the task."""

    DB = "db"  # one worker: database reads and writes, in the order they were asked for
    IO = "io"  # files and indexes that do not touch the database
    LONG = "long"  # long jobs with a progress dialog (reports, certificates)


THREAD_NAMES = {Lane.DB: "db", Lane.IO: "io", Lane.LONG: "job"}


@dataclass(eq=False)
class Task:
    """A handle on one submitted task: ``cancel()`` it, or ask whether it was cancelled."""

    id: int
    on_done: Callback | None = None
    on_error: ErrorCallback | None = None
    on_cancel: CancelCallback | None = None
    dialog: QProgressDialog | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        """Stop at the next progress report; ``on_done`` will not be called."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Cancelled(Exception):
    """Internal marker: the job stopped because Cancel was pressed."""


class TaskRunner(QObject):
    """Runs ``op()`` in the background and calls ``on_done(result)`` on the GUI thread.

    Signals: ``idle`` when no task is pending any more.
    """

    _finished = Signal(int, object, object)  # task id, result, exception
    _progressed = Signal(int, int, int, str)  # task id, done, total, item
    idle = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        # Not a Qt child of its window: a window deleted on close (WA_DeleteOnClose) would
        # take the runner's C++ object with it while a worker is still running, and the
        # worker's emit would then write to freed memory (a crash seen in the exam menu's
        # tests). The worker holds this object until it has emitted; a result for a window
        # that is gone is dropped (:meth:`_window_gone`).
        super().__init__()
        # Worker threads run Python code: from now on only the GUI thread may collect
        # cycles, so no widget is ever destroyed on a worker (see gui_gc).
        gui_gc.install()
        self._window = parent
        self._pools: dict[Lane, ThreadPoolExecutor] = {}  # one worker a lane, see _pool
        self._ids = itertools.count(1)
        self._pending: dict[int, Task] = {}
        self._closed = False
        # Both are emitted only on the pools' threads, so Qt queues them to this object's
        # thread, the GUI's (naming QueuedConnection would set up the whole ``Qt`` namespace
        # before the first paint, issue #17; tests/ui/test_toolkit.py checks the thread).
        self._finished.connect(self._deliver)
        self._progressed.connect(self._show_progress)
        #: Where failures without their own ``on_error`` go: the person, in their language.
        self.default_error: ErrorCallback = lambda exc: show_error(self._window, exc)
        if parent is not None:
            # a plain function, not a method of this QObject: PySide6 looks a QObject's
            # method up as a slot by name, which fails once the runner is being torn down
            parent.destroyed.connect(lambda *_: self._window_gone())

    def run(
        self,
        op: Callable[[], Any],
        *,
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
        on_cancel: CancelCallback | None = None,
        title: str | None = None,
        cancellable: bool = False,
        lane: Lane = Lane.DB,
    ) -> Task:
        """Run ``op`` on ``lane``. With a ``title``, a progress dialog (shown only if the
        task takes longer than a moment) names the work and, if ``cancellable``, has Cancel."""
        if self._closed:
            log.info("task dropped: the runner is shut down")
            return Task(-1, on_done, on_error, on_cancel)  # id -1: never runs
        task = Task(next(self._ids), on_done, on_error, on_cancel)
        self._pending[task.id] = task
        if title is not None and self._window is not None:
            task.dialog = self._progress_dialog(task, title, cancellable)
        self._pool(lane).submit(self._work, task, op)
        return task

    # Compatibility with the first API (kept while the exam screens move over).
    def run_db(
        self,
        op: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> int:
        return self.run(op, on_done=on_done, on_error=on_error).id

    def run_io(
        self,
        op: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> int:
        return self.run(op, on_done=on_done, on_error=on_error, lane=Lane.IO).id

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def _work(self, task: Task, op: Callable[[], Any]) -> None:
        """On a worker thread: never touch widgets here."""
        try:
            result = op()
            if inspect.isgenerator(result):
                result = self._drive(task, result)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._finished.emit(task.id, None, exc)
            return
        self._finished.emit(task.id, result, None)

    def _drive(self, task: Task, job: Generator[Progress, None, Any]) -> Any:
        while True:
            if task.cancelled:
                job.close()  # runs the job's cleanup (finally blocks)
                raise _Cancelled
            try:
                report = next(job)
            except StopIteration as stop:
                return stop.value
            if isinstance(report, Progress):
                self._progressed.emit(task.id, report.done, report.total, report.item)

    def _progress_dialog(self, task: Task, title: str, cancellable: bool) -> QProgressDialog:
        from PySide6.QtCore import Qt  # never before the first paint (see __init__)

        dialog = QProgressDialog(title, tr("uic.task.cancel"), 0, 0, self._window)
        dialog.setObjectName("taskProgress")
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if cancellable:
            dialog.canceled.connect(lambda: task.cancel())
        else:
            dialog.setCancelButton(None)
        dialog.setProperty("taskTitle", title)
        return dialog

    def _show_progress(self, task_id: int, done: int, total: int, item: str) -> None:
        task = self._pending.get(task_id)
        if task is None or task.dialog is None:
            return
        dialog = task.dialog
        dialog.setMaximum(max(total, 0))
        title = str(dialog.property("taskTitle"))
        dialog.setLabelText(f"{title}\n{item}" if item else title)
        # last: a modal progress dialog's setValue() processes events, which may deliver the
        # task's end (closing the dialog) before it returns
        dialog.setValue(done)

    def _deliver(self, task_id: int, result: object, error: object) -> None:
        task = self._pending.pop(task_id, None)
        if task is None:
            return
        # Decided before the dialog closes: QProgressDialog emits ``canceled`` when closed,
        # which would turn every finished job into a cancelled one.
        cancelled = isinstance(error, _Cancelled) or (task.cancelled and error is None)
        if task.dialog is not None:
            task.dialog.close()
            task.dialog.deleteLater()
            task.dialog = None
        if self._closed:
            return
        try:
            if cancelled:
                if task.on_cancel is not None:
                    task.on_cancel()
            elif isinstance(error, BaseException):
                (task.on_error or self.default_error)(error)
            elif task.on_done is not None:
                task.on_done(result)
        finally:
            if not self._pending:
                self.idle.emit()

    def _pool(self, lane: Lane) -> ThreadPoolExecutor:
        """The lane's one worker, made for its first task: a start that reads its content
        from the cache submits none before the first paint, so ``concurrent.futures`` is
        not imported on the way to it (issue #17)."""
        pool = self._pools.get(lane)
        if pool is None:
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=THREAD_NAMES[lane])
            self._pools[lane] = pool
        return pool

    def _window_gone(self) -> None:
        """The window was deleted: its progress dialogs went with it, and nothing may call
        back into it. Queued database work still runs (a candidate's answers are written)."""
        self._closed = True
        for task in self._pending.values():
            task.cancel()
            task.dialog = None

    def wait_db(self) -> None:
        """Block until queued database work is done (used when closing the window)."""
        if Lane.DB in self._pools:  # else nothing was ever queued
            self._pools[Lane.DB].submit(lambda: None).result(timeout=10)

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop taking work; results arriving after this are dropped (the window that asked
        for them is closing). ``wait``: finish queued database work first. Without waiting,
        the work still runs to its end in the background, but the window does not freeze on a
        hung server (the exam candidate keeps unwritten answers in its journal). Running jobs
        are asked to stop at their next progress report."""
        self._closed = True
        for task in self._pending.values():
            task.cancel()
            if task.dialog is not None:
                task.dialog.close()
        for lane, pool in self._pools.items():
            if lane is Lane.DB:
                pool.shutdown(wait=wait, cancel_futures=False)
            else:
                pool.shutdown(wait=False, cancel_futures=True)
