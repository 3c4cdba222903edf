"""What the proctor does to a session, run in the background: extra time, lock, approve a
move to another PC, note an incident, end the session, load the roster, export.

Each action is a method taking what it needs (a candidate id, a file), so the buttons and the
tests go through the same code, and each returns at once (the task id, -1 when refused before
starting). The console composes this controller and listens to its signals: it refreshes the
room after each action, shows the connection banner on ``reached`` and the status-bar text on
``status``. Every action measures the server's time first, so extra time and the end of the
session are counted on the room's clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ethics_trainer.errors import UserError
from ethics_trainer.exams import checkin, proctor_actions, session_end
from ethics_trainer.exams.client import OFFLINE_ERRORS
from ethics_trainer.exams.server_time import RoomClock
from ethics_trainer.hr.progress import Progress
from ethics_trainer.i18n import tr, trn
from ethics_trainer.storage.db import Database
from ethics_trainer.ui.exams.common import show_error
from ethics_trainer.ui.exams.proctor_export import write_export
from ethics_trainer.ui.exams.roster_import import RosterImport
from ethics_trainer.ui.toolkit.tasks import TaskRunner

log = logging.getLogger(__name__)


class RoomActions(QObject):
    """Signals:
    action_done: an action came back from the database: its name and its result.
    action_failed: an action was refused or could not reach the server: name and message.
    action_cancelled: the person cancelled an action and nothing was stored: its name.
    reached: the server answered (True) or could not be reached (False).
    status: the text for the status bar ("" clears it).
    busy_changed: True while an action or an export runs.
    exporting_changed: True while a file is written (one export at a time).
    session_ended: the session with this id was ended (its list entry changes).
    """

    action_done = Signal(str, object)
    action_failed = Signal(str, str)
    action_cancelled = Signal(str)
    reached = Signal(bool)
    status = Signal(str)
    busy_changed = Signal(bool)
    exporting_changed = Signal(bool)
    session_ended = Signal(int)

    def __init__(
        self,
        window: QWidget,
        db: Database,
        clock: RoomClock,
        tasks: TaskRunner,
        data_dir: Path | None,
    ) -> None:
        super().__init__(window)
        self.window, self.db, self.clock, self.tasks = window, db, clock, tasks
        self.data_dir = data_dir
        self.session_id: int | None = None  # the session the console shows
        self._actions = 0
        self._exporting = False
        self._busy_text = ""
        self._shown = ""
        self._closed = False

    def close(self) -> None:
        """The console closed: work already queued finishes, its answer is ignored."""
        self._closed = True

    @property
    def exporting(self) -> bool:
        return self._exporting

    def _ensure_clock(self) -> None:
        """In the background: measure the server's time before the first timed call."""
        if not self.clock.synced:
            self.clock.sync()

    def notify(self, text: str) -> None:
        """A result for the proctor (roster loaded, file saved), kept until the next one."""
        self._shown = text
        self.status.emit(text)

    def _update_busy(self, text: str | None = None) -> None:
        """The busy bar and its text in the status bar, while actions or an export run."""
        busy = self._actions > 0 or self._exporting
        self.busy_changed.emit(busy)
        if text is not None:
            self._busy_text = text
            self.notify(text)
        elif not busy and self._shown == self._busy_text:
            self.notify("")

    def run(
        self,
        name: str,
        op: Callable[[], Any],
        then: Callable[[Any], None] | None = None,
        *,
        busy_text: str | None = None,
    ) -> int:
        """Run one action's database work in the background.

        The console stays usable meanwhile; the result goes to ``then`` and ``action_done``,
        a refusal or a lost connection to a message and ``action_failed``.
        """
        ensure = self._ensure_clock

        def work() -> Any:
            ensure()
            return op()

        def done(result: Any) -> None:
            self._actions -= 1
            self._update_busy()
            if self._closed:
                return
            self.reached.emit(True)
            if then is not None:
                then(result)
            self.action_done.emit(name, result)

        def failed(exc: BaseException) -> None:
            self._actions -= 1
            self._update_busy()
            self._action_error(name, exc)

        self._actions += 1
        self._update_busy(busy_text or tr("exams.proctor.working"))
        return self.tasks.run_db(work, done, failed)

    def _action_error(self, name: str, exc: BaseException) -> None:
        """An action was refused or the server was lost: a message, ``action_failed``."""
        if name == "export":
            self._set_exporting(False)
        if self._closed:
            return
        if isinstance(exc, OFFLINE_ERRORS):
            self.reached.emit(False)
            error = UserError(tr("exams.proctor.action_offline"))
        elif isinstance(exc, UserError):
            error = exc
        else:
            log.error("proctor action %s failed", name, exc_info=exc)
            error = UserError(str(exc))
        show_error(self.window, error)
        self.action_failed.emit(name, error.message)

    # -- on one candidate ------------------------------------------------------------------
    def grant_extra_time(self, candidate_id: int, minutes: float, reason: str = "") -> int:
        db, clock = self.db, self.clock
        return self.run(
            "extra_time",
            lambda: proctor_actions.grant_extra_time(
                db, candidate_id, minutes, reason=reason, clock=clock
            ),
        )

    def set_locked(self, candidate_id: int, locked: bool) -> int:
        db, clock = self.db, self.clock
        return self.run(
            "lock" if locked else "unlock",
            lambda: proctor_actions.set_locked(db, candidate_id, locked, clock=clock),
        )

    def approve_move(self, candidate_id: int) -> int:
        db, clock = self.db, self.clock
        return self.run("approve_move", lambda: checkin.approve_move(db, candidate_id, clock=clock))

    # -- on the session --------------------------------------------------------------------
    def add_incident(self, text: str, candidate_id: int | None = None) -> int:
        if self.session_id is None:
            return -1
        db, session_id, clock = self.db, self.session_id, self.clock
        return self.run(
            "incident",
            lambda: proctor_actions.add_incident(
                db, session_id, text, candidate_id=candidate_id, clock=clock
            ),
        )

    def end_session(self) -> int:
        """Submit everyone still working, on the server's time; the count comes back."""
        if self.session_id is None:
            return -1
        db, session_id, clock, data_dir = self.db, self.session_id, self.clock, self.data_dir
        return self.run(
            "end_session",
            lambda: session_end.end_session(db, session_id, clock=clock, data_dir=data_dir),
            lambda _count: self.session_ended.emit(session_id),
        )

    def export(self, kind: str, path: Path) -> int:
        """Write the minutes or the results in the background, with a busy bar meanwhile."""
        if self.session_id is None or self._exporting:
            return -1
        db, session_id, data_dir = self.db, self.session_id, self.data_dir

        def done(written: Path) -> None:
            self._set_exporting(False)
            self.notify(tr("exams.proctor.exported", file=str(written)))

        self._set_exporting(True)
        task = self.run(
            "export",
            lambda: write_export(db, session_id, data_dir, kind, path),
            done,
            busy_text=tr("exams.proctor.exporting", file=path.name),
        )
        if task < 0:
            self._set_exporting(False)
        return task

    def _set_exporting(self, exporting: bool) -> None:
        self._exporting = exporting
        self.exporting_changed.emit(exporting)
        self._update_busy()

    # -- the roster --------------------------------------------------------------------------
    def load_roster(self, path: Path) -> int:
        """Read the file and add its people in the background, with a percentage and Cancel
        (all or nothing, see :mod:`.roster_import`); then ``action_done("load_roster", n)``,
        or ``action_cancelled("load_roster")`` when nobody was stored."""
        if self.session_id is None:
            show_error(self.window, UserError(tr("exams.proctor.no_session")))
            return -1
        job = RosterImport(self.db, self.session_id, path, clock=self.clock)
        ensure = self._ensure_clock

        def start() -> Iterator[Progress]:
            ensure()
            return job.run()

        def done(added: int | None) -> None:
            if self._closed:
                return
            if added is None:
                cancelled()
                return
            self.reached.emit(True)
            self.notify(trn("exams.proctor.roster_loaded", added, count=added))
            self.action_done.emit("load_roster", added)

        def cancelled() -> None:
            if self._closed:
                return
            if job.added is not None:  # Cancel came after the commit had begun: all stored
                done(job.added)
                return
            self.notify(tr("exams.proctor.roster_cancelled"))
            self.action_cancelled.emit("load_roster")

        task = self.tasks.run(
            start,
            on_done=done,
            on_error=lambda exc: self._action_error("load_roster", exc),
            on_cancel=cancelled,
            title=tr("exams.proctor.roster_title", file=path.name),
            cancellable=True,
        )
        if task.dialog is not None:  # Cancel reaches the import at its next report
            task.dialog.canceled.connect(job.cancel)
        return task.id
