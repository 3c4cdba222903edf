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
    window does not hold SQLAlchemy's memory (issue #17). Reading :attr:`db` then opens it —
    migrations and checks included, before anything is written — on the calling thread;
    the window's own first writes do it on the database worker.
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
        """The open database, opened now if start-up deferred it; None before start-up."""
        if self._db is None and self._opener is not None:
            with self._lock:  # the worker and the GUI thread may ask at once: one open
                if self._db is None and self._opener is not None:
                    self._db = self._opener()  # raises the person's message; retried next time
                    self._opener = None
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

    @property
    def open_db_or_none(self) -> Database | None:
        """The database only if already open (closing must not open it)."""
        return self._db

    def open_db(self) -> Database:
        """The database, for screens shown only after start-up opened it (profiles, lessons,
        quizzes); asking earlier is a programming error, not something a user can cause."""
        db = self.db
        if db is None:
            raise RuntimeError("the database is not open yet")
        return db
