"""What every screen needs: paths, the open database, the loaded library, the learner."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.paths import AppPaths

if TYPE_CHECKING:
    from ethics_trainer.content.model import Library
    from ethics_trainer.services.learners import LearnerInfo
    from ethics_trainer.storage.db import Database


@dataclass
class AppContext:
    paths: AppPaths
    clock: Clock = SYSTEM_CLOCK
    db: Database | None = None
    library: Library | None = None
    learner: LearnerInfo | None = field(default=None)

    def open_db(self) -> Database:
        """The database, for screens shown only after start-up opened it (profiles, lessons,
        quizzes); asking earlier is a programming error, not something a user can cause."""
        if self.db is None:
            raise RuntimeError("the database is not open yet")
        return self.db
