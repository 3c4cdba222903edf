"""A roster import as a toolkit *job*: a percentage while the file is read and stored, and
Cancel that stores nobody.

``roster.read_roster`` and ``sessions.add_roster`` report progress through callbacks, while
the :class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner` shows a dialog for a generator of
:class:`~ethics_trainer.hr.progress.Progress`. :meth:`RosterImport.run` bridges the two: the
work runs on a helper thread and its reports pass through a queue to the generator. Cancel
(:meth:`cancel`, wired to the dialog) makes the next report raise inside ``add_roster``'s one
transaction, which rolls back: all the rows or none. Once the last report has passed, the
commit is already under way and the import completes; :attr:`added` says which happened.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator
from pathlib import Path

from ethics_trainer.clock import Clock
from ethics_trainer.exams import roster, sessions
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import tr
from ethics_trainer.storage.db import Database

STEPS = 1000  # the dialog's scale: per mille
READ_SHARE = 200  # reading is about a fifth of the time, storing the rest


class _Stopped(Exception):
    """Raised in a progress report after Cancel: unwinds (and rolls back) the import."""


class RosterImport:
    """One roster file into one session; ``added`` is the count once stored, else None."""

    def __init__(self, db: Database, session_id: int, path: Path, *, clock: Clock) -> None:
        self.db, self.session_id, self.path, self.clock = db, session_id, path, clock
        self.added: int | None = None
        self._stop = threading.Event()

    def cancel(self) -> None:
        """Stop at the next report; nothing is stored unless the commit had begun."""
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def _reporter(
        self, reports: queue.Queue[Progress | None], start: int, span: int, label: str
    ) -> Callable[[int, int], None]:
        def report(done: int, total: int) -> None:
            if self._stop.is_set():
                raise _Stopped
            share = done / total if total else 1.0
            reports.put(Progress(start + int(span * min(share, 1.0)), STEPS, label))

        return report

    def run(self) -> Generator[Progress, None, int | None]:
        """The job: yields progress, returns the count added (None when cancelled)."""
        reports: queue.Queue[Progress | None] = queue.Queue()
        failure: list[BaseException] = []
        reading = self._reporter(reports, 0, READ_SHARE, tr("exams.proctor.roster_reading"))
        storing = self._reporter(
            reports, READ_SHARE, STEPS - READ_SHARE, tr("exams.proctor.roster_storing")
        )

        def work() -> None:
            try:
                rows = roster.read_roster(self.path, reading)
                if self._stop.is_set():
                    raise _Stopped
                self.added = sessions.add_roster(
                    self.db, self.session_id, rows, clock=self.clock, progress=storing
                )
            except _Stopped:
                pass
            except BaseException as exc:  # handed to the runner: shown to the proctor
                failure.append(exc)
            finally:
                reports.put(None)

        worker = threading.Thread(target=work, name="roster-import", daemon=True)
        worker.start()
        try:
            while (report := reports.get()) is not None:
                yield report
        finally:  # also when the runner closes the job on Cancel: wait for the rollback
            if worker.is_alive():
                self._stop.set()
            worker.join()
        if failure:
            raise failure[0]
        return self.added
