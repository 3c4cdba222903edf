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
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import text

from ethics_trainer.clock import SYSTEM_CLOCK, Clock, as_utc
from ethics_trainer.services.steady_clock import SteadyClock
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


@dataclass
class _Trip:
    """When the ``SELECT now()`` was sent (on the caller's clock) and how long it took."""

    clock: Clock
    before: datetime | None = None
    elapsed: float = 0.0


_TRIP: ContextVar[_Trip | None] = ContextVar("server_time_trip", default=None)


def read_server_time(db: Database) -> datetime | None:
    """The server's current time, or None when the database has no clock of its own (SQLite).

    The connection is opened (pool checkout, connect, pre-ping) before the query is timed, so
    :func:`server_offset` measures only the ``SELECT now()`` round trip.
    """
    if not db.url.startswith("postgresql"):
        return None
    with db.engine.connect() as conn:
        trip = _TRIP.get()
        before = trip.clock.now() if trip is not None else None
        started = time.perf_counter()
        value: object = conn.execute(text("SELECT now()")).scalar_one()
        if trip is not None:
            trip.before, trip.elapsed = before, time.perf_counter() - started
    if not isinstance(value, datetime):
        return None
    return as_utc(value)


def server_offset(db: Database, clock: Clock = SYSTEM_CLOCK) -> timedelta:
    """Server time minus this PC's time, measured at the middle of the query's round trip."""
    trip = _Trip(clock)
    token = _TRIP.set(trip)
    before = clock.now()
    started = time.perf_counter()
    try:
        server = read_server_time(db)
    finally:
        _TRIP.reset(token)
    if server is None:
        return timedelta(0)
    if trip.before is not None:  # timed inside the open connection
        before, elapsed = trip.before, trip.elapsed
    else:
        elapsed = time.perf_counter() - started
    offset = server - (before + timedelta(seconds=elapsed / 2))
    return offset if abs(offset) >= NEGLIGIBLE else timedelta(0)


class RoomClock:
    """The server's time on a steady clock, for a PC that stays up (the proctor console, CLI).

    ``now()`` never touches the database, so a repaint can call it on the GUI thread;
    ``sync()`` reads the server's ``now()`` (a database call: run it in the background) and
    keeps the offset. Until the first sync, and on SQLite, the offset is zero. When the base is
    the system clock it is wrapped in a :class:`SteadyClock`, so a proctor PC whose clock is
    set while the session runs changes neither the time left shown nor when the end comes.
    """

    def __init__(self, db: Database, base: Clock = SYSTEM_CLOCK) -> None:
        self.db = db
        self.base: Clock = SteadyClock(base) if base is SYSTEM_CLOCK else base
        self.offset = timedelta(0)
        self.synced = False

    def sync(self) -> timedelta:
        """Measure the offset again (a database round trip); raises when offline."""
        self.offset = server_offset(self.db, self.base)
        self.synced = True
        return self.offset

    def now(self) -> datetime:
        return self.base.now() + self.offset


def synced_room_clock(db: Database, base: Clock = SYSTEM_CLOCK) -> RoomClock:
    """A :class:`RoomClock` already set to the server's time (command-line tools)."""
    clock = RoomClock(db, base)
    clock.sync()
    return clock


def room_clock(db: Database, clock: Clock = SYSTEM_CLOCK) -> Clock:
    """The clock a candidate PC should use for this session: its own, moved to the server's."""
    offset = server_offset(db, clock)
    return clock if not offset else OffsetClock(clock, offset)
