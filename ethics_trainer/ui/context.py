"""What every screen needs: paths, the open database, the loaded library, the learner."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.paths import AppPaths

if TYPE_CHECKING:
    from ethics_trainer.content.model import Library
    from ethics_trainer.services.profile_list import LearnerInfo
    from ethics_trainer.storage.db import Database


class AppContext:
    """Shared by the window, its controllers and the optional screens.

    The database may be opened on first use: start-up lists the profiles without SQLAlchemy
    (``services/profile_list.py``) and hands over an opener (:meth:`defer_db`), so an idle
    window does not hold SQLAlchemy's memory (issue #17). :attr:`db` is then a plain value,
    ``None`` until opened — reading it never opens anything, so no screen can freeze the GUI
    thread by asking. The open happens only in :meth:`open_db`, called from background work
    (the database worker); screens that need it wait through
    :class:`~ethics_trainer.ui.database_gate.DatabaseGate`. Calling :meth:`open_db` on the GUI
    thread before the database is open is a programming error and raises.
    """

    def __init__(
        self,
        paths: AppPaths,
        clock: Clock = SYSTEM_CLOCK,
        db: Database | None = None,
        library: Library | None = None,
        learner: LearnerInfo | None = None,
    ) -> None:
        self.paths = paths
        self.clock = clock
        self.library = library
        self.learner = learner
        self._db = db
        self._opener: Callable[[], Database] | None = None
        self._lock = threading.Lock()

    @property
    def db(self) -> Database | None:
        """The open database, or None while it is not open yet (never opens it)."""
        return self._db

    @db.setter
    def db(self, value: Database | None) -> None:
        self._db, self._opener = value, None

    def defer_db(self, opener: Callable[[], Database]) -> None:
        """Open the database with ``opener`` when it is first needed."""
        self._db, self._opener = None, opener

    @property
    def db_known(self) -> bool:
        """Start-up has opened the database or knows how to (so a new window can take over)."""
        return self._db is not None or self._opener is not None

    def open_db(self) -> Database:
        """The database, opened now — migrations and checks included — if start-up deferred
        it. Called from background work; on the GUI thread only once it is open (raises
        RuntimeError otherwise: a programming error, not something a person can cause)."""
        if self._db is not None:
            return self._db
        if threading.current_thread() is threading.main_thread():
            raise RuntimeError("the database is opened off the GUI thread (DatabaseGate)")
        with self._lock:  # two workers may ask at once: one open
            if self._db is None:
                if self._opener is None:
                    raise RuntimeError("the database is not open yet")
                self._db = self._opener()  # raises the person's message; retried next time
                self._opener = None
        return self._db
