"""The server's time for a room: one clock for every PC, whatever each PC's own clock says.

A PC whose clock is wrong by ten minutes would otherwise start its candidate's attempt with a
deadline ten minutes off, and judge answers against it. On PostgreSQL every PC reads the
server's ``now()`` once when the candidate signs in and keeps the difference (the *offset*);
the candidate client's clock is then the PC's clock plus that offset. On SQLite the database
is a file on this PC, so there is no other clock to ask and the offset is zero.
See docs/time-policy.md, "Server time in a supervised room".
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from ethics_trainer.clock import SYSTEM_CLOCK, Clock
from ethics_trainer.storage.db import Database

# Offsets smaller than this are noise (network round trip, clock granularity): ignored.
NEGLIGIBLE = timedelta(milliseconds=500)


class OffsetClock:
    """``now()`` = the wrapped clock + a fixed offset (the server's time as seen from here)."""

    def __init__(self, base: Clock, offset: timedelta) -> None:
        self.base = base
        self.offset = offset

    def now(self) -> datetime:
        return self.base.now() + self.offset


def read_server_time(db: Database) -> datetime | None:
    """The server's current time, or None when the database has no clock of its own (SQLite)."""
    if not db.url.startswith("postgresql"):
        return None
    with db.engine.connect() as conn:
        value = conn.execute(text("SELECT now()")).scalar_one()
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def server_offset(db: Database, clock: Clock = SYSTEM_CLOCK) -> timedelta:
    """Server time minus this PC's time, measured at the middle of the round trip."""
    before = clock.now()
    started = time.perf_counter()
    server = read_server_time(db)
    if server is None:
        return timedelta(0)
    half_trip = timedelta(seconds=(time.perf_counter() - started) / 2)
    offset = server - (before + half_trip)
    return offset if abs(offset) >= NEGLIGIBLE else timedelta(0)


def room_clock(db: Database, clock: Clock = SYSTEM_CLOCK) -> Clock:
    """The clock a candidate PC should use for this session: its own, moved to the server's."""
    offset = server_offset(db, clock)
    return clock if not offset else OffsetClock(clock, offset)
