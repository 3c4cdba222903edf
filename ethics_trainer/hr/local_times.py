"""Stored UTC times as local wall-clock seconds, computed for a whole column at once.

Why: an export of 100,000 completions holds 200,000 times; asking the C library for the zone's
offset of each (``astimezone``) was a large share of the export. See :class:`LocalTimes`.
"""

from __future__ import annotations

import time as _time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from itertools import repeat
from operator import add, attrgetter, floordiv
from typing import cast

from ethics_trainer.i18n import formats

EPOCH = datetime(1970, 1, 1)


_TZINFO = attrgetter("tzinfo")


class LocalTimes:
    """Stored UTC times -> local wall-clock time in whole seconds since 1970-01-01, the time
    ``formats.local(v).replace(tzinfo=None, microsecond=0)`` shows, several times cheaper.

    ``astimezone()`` asks the C library for the zone's offset on every value; here it is asked
    once per hour of UTC time, at both ends of the hour: an hour in which the offset changes is
    converted value by value, the exact way. Writers format the seconds directly (a CSV date is
    a memoised day and minute, an XLSX date a number); :meth:`naive` gives the datetime.
    """

    def __init__(self) -> None:
        self.offsets: dict[int, int] = {}  # UTC hour -> offset, for hours without a change

    def _exact(self, value: datetime) -> int:
        """The slow exact way; learns the hour's offset when it holds for the whole hour."""
        local = formats.local(value)
        since = local.replace(tzinfo=None, microsecond=0) - EPOCH
        seconds = since.days * 86400 + since.seconds
        hour = int(local.timestamp()) // 3600
        if 0 <= hour < 2**33 // 3600:  # a float keeps whole seconds exact in 1970-2242
            first = _time.localtime(hour * 3600).tm_gmtoff
            if first == _time.localtime(hour * 3600 + 3599).tm_gmtoff:
                self.offsets[hour] = first
        return seconds

    def seconds(self, values: Sequence[datetime | None]) -> list[int | None]:
        """Local seconds of each time (``None`` stays ``None``)."""
        fast = self._fast(values)
        return fast if fast is not None else self._one_by_one(values)

    def _fast(self, values: Sequence[datetime | None]) -> list[int | None] | None:
        """The usual case, every step a ``map`` in C: aware times, 1970-2242, offsets known
        for every hour (learnt here). ``None`` when a value needs the per-value way."""
        if not values or None in values or None in set(map(_TZINFO, values)):
            return None
        present = cast("Sequence[datetime]", values)  # None was ruled out just above
        stamps = list(map(int, map(datetime.timestamp, present)))
        if min(stamps) < 0 or max(stamps) >= 2**33:
            return None
        hours = list(map(floordiv, stamps, repeat(3600)))
        for hour in set(hours).difference(self.offsets):
            first = _time.localtime(hour * 3600).tm_gmtoff
            if first != _time.localtime(hour * 3600 + 3599).tm_gmtoff:
                return None  # the offset changes within that hour
            self.offsets[hour] = first
        return list(map(add, stamps, map(self.offsets.__getitem__, hours)))

    def _one_by_one(self, values: Iterable[datetime | None]) -> list[int | None]:
        get = self.offsets.get
        result: list[int | None] = []
        append = result.append
        for value in values:
            if value is None:
                append(None)
            elif value.tzinfo is None:  # stored times are UTC (formats.local)
                append(self._exact(value))
            else:
                stamp = value.timestamp()
                offset = get(int(stamp) // 3600) if stamp >= 0 else None
                append(self._exact(value) if offset is None else int(stamp) + offset)
        return result


def naive_times(seconds: list[int | None]) -> list[datetime | None]:
    return [None if s is None else EPOCH + timedelta(seconds=s) for s in seconds]
