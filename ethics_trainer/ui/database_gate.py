"""The one way a screen waits for the database without freezing the window.

After a light start the database is not open (``AppContext.defer_db``, issue #17), and opening
it — SQLAlchemy, migrations, checks — takes 0.3–0.5 s here, longer on a slow PC or a
PostgreSQL server. A menu entry that needs it (HR reports, exams, import) says what to do next
with :meth:`DatabaseGate.when_open`; the open runs on the window's database worker
(:class:`~ethics_trainer.ui.toolkit.tasks.TaskRunner`, with its busy dialog when it takes
more than a moment), and a failure (read-only folder, newer schema, locked file) reaches the
person through the toolkit's error path, in their language, and nothing is opened.
:meth:`prepare` starts the open early (when a menu is about to show) so it is usually ready by
the click.

Two quick clicks on the same entry while the database opens ask for the same ``then``: it is
called once, when the open is done (a second HR report or proctor console would otherwise
open behind the first). Menus therefore pass the same callable for the same entry each time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from ethics_trainer.i18n import tr

if TYPE_CHECKING:
    from ethics_trainer.storage.db import Database
    from ethics_trainer.ui.context import AppContext
    from ethics_trainer.ui.toolkit.tasks import TaskRunner

log = logging.getLogger(__name__)


class DatabaseGate:
    """Runs ``then(db)`` on the GUI thread once the database is open, opening it off the GUI."""

    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        self.ctx, self.runner = ctx, runner
        self._preparing = False
        self._waiting: list[Callable[[Database], None]] = []

    def when_open(self, then: Callable[[Database], None]) -> None:
        """Call ``then(db)`` now if the database is open, else after opening it in the
        background; a failed open shows the person's message and ``then`` is not called.
        Asked again for the same ``then`` while the open is under way, it waits for the
        same open and ``then`` runs once."""
        db = self.ctx.db
        if db is not None:
            then(db)
            return
        if not self.ctx.db_known:  # start-up has not got that far: nothing to open yet
            self.runner.default_error(_not_ready())
            return
        if then in self._waiting:
            log.info("asked again while the database opens: the screen opens once")
            return
        self._waiting.append(then)
        if len(self._waiting) == 1:
            self.runner.run(
                self.ctx.open_db,
                on_done=self._opened,
                on_error=self._failed,
                title=tr("uic.db.opening"),
            )

    def _opened(self, db: Database) -> None:
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then(db)

    def _failed(self, exc: BaseException) -> None:
        self._waiting = []
        self.runner.default_error(exc)

    def prepare(self) -> None:
        """Start opening the database now, quietly (a menu is about to show). A failure is
        only logged here: the click that needs the database tries again and tells why."""
        if self.ctx.db is not None or not self.ctx.db_known or self._preparing:
            return
        self._preparing = True

        def settled(_result: object) -> None:
            self._preparing = False

        def failed(exc: BaseException) -> None:
            self._preparing = False
            log.info("opening the database ahead of a click failed: %s", exc)

        self.runner.run(self.ctx.open_db, on_done=settled, on_error=failed)


def _not_ready() -> Exception:
    from ethics_trainer.errors import UserError

    return UserError(tr("exams.menu.not_ready"))
