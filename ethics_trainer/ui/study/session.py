"""What a learning action needs, once a profile and the content are ready."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ethics_trainer.clock import Clock
from ethics_trainer.record import record
from ethics_trainer.ui.context import AppContext

if TYPE_CHECKING:
    from ethics_trainer.content.model import Library
    from ethics_trainer.services.profile_list import LearnerInfo
    from ethics_trainer.storage.db import Database


@record()
class LearningSession:
    library: Library
    learner: LearnerInfo
    db: Database
    clock: Clock


def learning_session(ctx: AppContext) -> LearningSession | None:
    """None before a profile is chosen and the content and database are loaded."""
    if ctx.library is None or ctx.learner is None or ctx.db is None:
        return None
    return LearningSession(ctx.library, ctx.learner, ctx.db, ctx.clock)
