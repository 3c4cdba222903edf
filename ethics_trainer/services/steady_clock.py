"""A clock for a running exam that wall-clock jumps cannot move (see docs/time-policy.md).

The stored deadline is wall time, but while the app runs, time is counted with the monotonic
clock from one wall reading taken when the quiz screen opens. Someone setting the PC's clock
back an hour gains nothing; an NTP correction forward steals nothing. Across a restart the wall
clock is read again, but never earlier than the last moment the database recorded for the
attempt, so a backward jump made while the app was closed grants at most the time it was closed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from ethics_trainer.clock import SYSTEM_CLOCK, Clock


class SteadyClock:
    """``now()`` = anchor wall time + monotonic seconds elapsed since the anchor."""

    def __init__(
        self,
        wall: Clock = SYSTEM_CLOCK,
        *,
        floor: datetime | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._wall = wall
        self._monotonic = monotonic
        start = wall.now()
        self._anchor = max(start, floor) if floor is not None else start
        self._mono0 = monotonic()

    def now(self) -> datetime:
        return self._anchor + timedelta(seconds=self._monotonic() - self._mono0)

    def drift(self) -> timedelta:
        """How far the wall clock has moved away from this clock (for the log, not for timing)."""
        return self._wall.now() - self.now()


def attempt_floor(db: object, attempt_id: int) -> datetime | None:
    """The latest moment stored for an attempt (its start or its newest answer).

    ``db`` is a ``storage.db.Database``; importing that type here, even under TYPE_CHECKING,
    was followed by tests/exams/test_postgres_room.py's outage test timing out (3 runs of 3;
    cause not found), so it is left untyped."""
    from sqlalchemy import func
    from sqlmodel import select

    from ethics_trainer.storage.models import Answer, Attempt

    with db.session() as session:  # type: ignore[attr-defined]  # db is a storage.db.Database (docstring)
        attempt = session.get(Attempt, attempt_id)
        if attempt is None:
            return None
        started: datetime = attempt.started_at
        newest: datetime | None = session.exec(  # None: no answer yet
            select(func.max(Answer.answered_at)).where(Answer.attempt_id == attempt_id)
        ).one()
    # both aware UTC (storage/utc_datetime.py)
    return started if newest is None else max(started, newest)
