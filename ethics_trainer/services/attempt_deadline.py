"""An attempt's deadline as it applies now: the stored one plus any extra time."""

from __future__ import annotations

from datetime import datetime, timedelta

from ethics_trainer.storage.models import Attempt


def effective_deadline(attempt: Attempt) -> datetime | None:
    """The stored deadline plus any extra time granted (kept apart so the minutes show both)."""
    if attempt.deadline is None:
        return None
    return attempt.deadline + timedelta(seconds=attempt.extra_seconds or 0)


def deadline_passed(attempt: Attempt, now: datetime) -> bool:
    deadline = effective_deadline(attempt)
    return deadline is not None and now >= deadline
