"""Time is injected so deadlines can be tested and clock jumps simulated.

All times are timezone-aware UTC datetimes: the database columns refuse naive ones and give
back aware UTC (``storage/utc_datetime.py``); convert to local time only for display.
:func:`as_utc` is the one helper for a time that comes from outside (a parsed text, a driver).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol, overload


class Clock(Protocol):
    def now(self) -> datetime:
        """Current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 24, 8, 0, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += timedelta(seconds=seconds)

    def set(self, when: datetime) -> None:
        self._now = when


@overload
def as_utc(when: datetime) -> datetime: ...
@overload
def as_utc(when: None) -> None: ...
def as_utc(when: datetime | None) -> datetime | None:
    """``when`` as aware UTC (None stays None). A naive value is taken to be UTC already: only
    SQLite's text and our own UTC stamps arrive naive; a local time must carry its offset.
    Model columns need none of this (they give aware UTC); raw SQL and drivers may."""
    if when is None:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


SYSTEM_CLOCK: Clock = SystemClock()
