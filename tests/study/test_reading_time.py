"""The reading meter: counts active reading only, pauses, stops after idling, hands out seconds."""

from __future__ import annotations

from ethics_trainer.study.reading_time import ReadingMeter


class Ticks:
    """A monotonic source moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def meter(limit: float = 300.0) -> tuple[ReadingMeter, Ticks]:
    ticks = Ticks()
    reading = ReadingMeter(ticks, idle_limit=limit)
    reading.set_active(True)
    return reading, ticks


def test_counts_while_on_screen_and_hands_out_whole_seconds() -> None:
    reading, ticks = meter()
    assert reading.open((1, "a")) is None
    ticks.now += 61.6
    assert reading.take() == ((1, "a"), 61)
    ticks.now += 10
    assert reading.close() == ((1, "a"), 11)  # 0.6 left over + 10, rounded
    assert reading.take() is None


def test_inactive_window_pauses() -> None:
    reading, ticks = meter()
    reading.open((1, "a"))
    ticks.now += 30
    reading.set_active(False)
    ticks.now += 600  # minimised, or another program in front
    assert not reading.counting
    reading.set_active(True)
    ticks.now += 20
    assert reading.close() == ((1, "a"), 50)


def test_idle_stretch_is_capped_and_input_starts_again() -> None:
    reading, ticks = meter(limit=300)
    reading.open((1, "a"))
    ticks.now += 200
    reading.touch()
    ticks.now += 3600  # no input for an hour: only five minutes after the last one count
    assert not reading.counting
    ticks.now += 100
    reading.touch()
    ticks.now += 40
    assert reading.close() == ((1, "a"), 200 + 300 + 40)


def test_switching_lesson_returns_the_previous_time() -> None:
    reading, ticks = meter()
    reading.open((1, "a"))
    ticks.now += 12
    assert reading.open((1, "b")) == ((1, "a"), 12)
    ticks.now += 5
    assert reading.open((1, "b")) is None  # the same lesson again: nothing changes
    ticks.now += 5
    assert reading.close() == ((1, "b"), 10)


def test_nothing_counts_without_a_lesson() -> None:
    reading, ticks = meter()
    reading.touch()
    ticks.now += 100
    assert reading.take() is None and reading.close() is None
