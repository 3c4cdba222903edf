"""Reading front-matter values into the types the model needs, reporting what does not fit.

A value that cannot be used (``minutes: 1e12``, ``order: two``, ``as_of: soon``) is reported
with its line and the default is used, so one typo never drops a whole lesson or course.
"""

from __future__ import annotations

from datetime import date

from ethics_trainer.content.text import ProblemSink
from ethics_trainer.i18n import tr

# Allowed ranges of numeric front-matter values: anything else is reported (path:line) and the
# default used, so ``minutes: 1e12`` can never overflow a timer and ``questions: -3`` is caught.
MINUTES_RANGE = (1, 600)
ORDER_RANGE = (-1_000_000, 1_000_000)
QUESTIONS_RANGE = (1, 1000)
PERCENT_RANGE = (1.0, 100.0)


def as_tags(value: object) -> tuple[str, ...]:
    """``[a, b]`` or ``a, b`` as a tuple of non-empty words."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(t.strip() for t in value.split(",") if t.strip())
    if isinstance(value, list):
        return tuple(str(t).strip() for t in value if str(t).strip())
    return (str(value),)


def as_int(
    value: object,
    default: int,
    sink: ProblemSink,
    line: int,
    name: str,
    limits: tuple[int, int] = ORDER_RANGE,
) -> int:
    """A whole number within ``limits``; else the problem is reported and ``default`` used."""
    if value is None:
        return default
    try:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(value)
        if not isinstance(value, int | float | str | bytes):  # what int() could read
            raise TypeError(value)
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        sink.error(line, tr("content.not_whole_number", name=name, value=value))
        return default
    low, high = limits
    if not low <= number <= high:
        sink.error(line, tr("faults.content.bad_range", name=name, value=value, low=low, high=high))
        return default
    return number


def as_of(value: object, sink: ProblemSink, line: int) -> date | None:
    """``as_of: 2026-12-03``: the date the law the course teaches was checked."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        sink.error(line, tr("content_lint.bad_as_of", value=value))
        return None


def check_keys(
    meta: dict[str, object], allowed: set[str], sink: ProblemSink, lines: dict[str, int]
) -> None:
    """Warn for each key the file kind does not know (a typo would otherwise be ignored)."""
    for key in meta:
        if key not in allowed:
            sink.warning(lines.get(str(key), 2), tr("content.unknown_key", key=key))
