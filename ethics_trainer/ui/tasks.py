"""Running core operations off the GUI thread (after Anki's ``taskman``/``CollectionOp``).

Database work goes to one single-worker executor, so writes keep their order (an answer given
after another is stored after it). Slow reads that do not touch the database (loading the
content folder, building the search index) use a second one. Results come back to the GUI
thread through a queued Qt signal; a failure goes to ``on_error`` or to the standard error
dialog. Never touch widgets inside ``op``.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class TaskRunner(QObject):
    """Runs ``op()`` in the background and calls ``on_done(result)`` on the GUI thread."""

    _finished = Signal(int, object, object)  # task id, result, exception
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="io")
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callback | None, ErrorCallback | None]] = {}
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.default_error: ErrorCallback = lambda exc: log.error("task failed", exc_info=exc)

    def run_db(
        self,
        op: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> int:
        return self._submit(self._db, op, on_done, on_error)

    def run_io(
        self,
        op: Callable[[], Any],
        on_done: Callback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> int:
        return self._submit(self._io, op, on_done, on_error)

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def _submit(
        self,
        pool: ThreadPoolExecutor,
        op: Callable[[], Any],
        on_done: Callback | None,
        on_error: ErrorCallback | None,
    ) -> int:
        if self._closed:
            log.info("task dropped: the runner is shut down")
            return -1
        task_id = next(self._ids)
        self._pending[task_id] = (on_done, on_error)

        def work() -> None:
            try:
                result = op()
            except BaseException as exc:  # delivered to the GUI thread, never lost
                self._finished.emit(task_id, None, exc)
                return
            self._finished.emit(task_id, result, None)

        pool.submit(work)
        return task_id

    def _deliver(self, task_id: int, result: object, error: object) -> None:
        if self._closed:
            self._pending.pop(task_id, None)
            return
        on_done, on_error = self._pending.pop(task_id, (None, None))
        if isinstance(error, BaseException):
            (on_error or self.default_error)(error)
        elif on_done is not None:
            on_done(result)
        if not self._pending:
            self.idle.emit()

    def wait_db(self) -> None:
        """Block until queued database work is done (used when closing the window)."""
        self._db.submit(lambda: None).result(timeout=10)

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop taking work; results arriving after this are dropped (the window that asked
        for them is closing). ``wait``: finish queued database work first. Without waiting,
        the work still runs to its end in the background, but the window does not freeze on a
        hung server (the exam candidate keeps unwritten answers in its journal)."""
        self._closed = True
        self._db.shutdown(wait=wait, cancel_futures=False)
        self._io.shutdown(wait=False, cancel_futures=True)
