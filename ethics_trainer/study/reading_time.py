"""Counting the time a lesson is really read, without Qt (the reader feeds it events).

Time counts only while a lesson is on screen and its window is active, and only up to
``idle_limit`` seconds after the last input: a lesson left open over lunch is not five hours of
study. The caller takes whole seconds out (``take``) and writes them with
``services.progress.add_reading_time``; fractions stay in the meter for the next take.
"""

from __future__ import annotations

import time
from collections.abc import Callable

IDLE_LIMIT_SECONDS = 300.0

ReadingKey = tuple[int, str]  # (learner id, lesson id)


class ReadingMeter:
    """Active reading time of one lesson at a time, on an injectable monotonic source."""

    def __init__(
        self,
        monotonic: Callable[[], float] = time.monotonic,
        *,
        idle_limit: float = IDLE_LIMIT_SECONDS,
    ) -> None:
        self.monotonic = monotonic
        self.idle_limit = idle_limit
        self.key: ReadingKey | None = None
        self.active = False  # the window is active and not minimised
        self._since: float | None = None  # start of the stretch being counted
        self._last_input = 0.0
        self._pending = 0.0

    @property
    def counting(self) -> bool:
        self._settle(self.monotonic())
        return self._since is not None

    def _settle(self, now: float) -> None:
        """Add the stretch counted so far; stop it when the reader has gone idle."""
        if self._since is None:
            return
        end = min(now, self._last_input + self.idle_limit)
        if end > self._since:
            self._pending += end - self._since
        self._since = now if now < self._last_input + self.idle_limit else None

    def _restart(self, now: float) -> None:
        self._last_input = now
        self._since = now if self.active and self.key is not None else None

    def open(self, key: ReadingKey) -> tuple[ReadingKey, int] | None:
        """A lesson comes on screen; returns what is left to write for the previous one."""
        if key == self.key:
            self.touch()
            return None
        left = self.close()
        self.key = key
        self._restart(self.monotonic())
        return left

    def close(self) -> tuple[ReadingKey, int] | None:
        """The lesson leaves the screen: everything counted for it, fractions rounded."""
        now = self.monotonic()
        self._settle(now)
        left = None
        if self.key is not None and round(self._pending) > 0:
            left = (self.key, round(self._pending))
        self.key, self._since, self._pending = None, None, 0.0
        return left

    def set_active(self, active: bool) -> None:
        """The window became active (counts as input) or inactive/minimised (pauses)."""
        now = self.monotonic()
        self._settle(now)
        self.active = active
        if active:
            self._restart(now)
        else:
            self._since = None

    def touch(self) -> None:
        """Input from the reader: keeps counting, or starts again after an idle stretch."""
        now = self.monotonic()
        self._settle(now)
        if self._since is None:
            self._restart(now)
        else:
            self._last_input = now

    def take(self) -> tuple[ReadingKey, int] | None:
        """Whole seconds counted so far for the lesson on screen (for a periodic write)."""
        self._settle(self.monotonic())
        whole = int(self._pending)
        if self.key is None or whole <= 0:
            return None
        self._pending -= whole
        return self.key, whole
