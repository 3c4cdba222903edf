"""The placeholders of one line of the minutes (the ``exam_event.detail`` column), as a record.

Why one record with optional fields rather than one per event kind: each kind fills a few of
the same placeholders (a name, a PC, a reason…), the sentence is produced later in the
reader's language from the kind and these values, and rows written by earlier versions as a
free JSON object must keep loading. ``None`` means "not part of this kind"; only the fields
that are set are stored, in the shape those versions wrote, so old and new rows read alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Self

_TEXT = (
    *("name", "machine", "old", "code", "room", "reason"),
    *("text", "question", "position", "given_at", "when"),
)
_WHOLE = ("count", "questions", "submitted")
_NUMBER = ("minutes", "score")


def _whole(value: Any) -> int | None:
    return None if value is None else int(value)


def _number(value: Any) -> float | None:
    """A number as stored: an int stays an int, so "5 minutes" is not shown as "5.0"."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return float(value)


@dataclass(frozen=True, slots=True)
class EventDetail:
    """What a minutes line says besides its kind, time and candidate."""

    name: str | None = None  # the candidate, as named at the time (erased on request)
    machine: str | None = None  # the PC acting (check-in, move, rejected answer, sealing)
    old: str | None = None  # the PC a candidate moved from
    code: str | None = None  # the session code (opened)
    room: str | None = None  # the room (opened)
    reason: str | None = None  # extra time, lock, submission reason
    text: str | None = None  # an incident, a refused answer's or a failed submission's reason
    question: str | None = None  # the question of a refused answer
    position: str | None = None  # its number in the attempt ("" when unknown)
    given_at: str | None = None  # when the PC says it was given (ISO text)
    when: str | None = None  # when an admin sealed without an earlier seal
    count: int | None = None  # roster rows added
    questions: int | None = None  # questions in a started attempt
    submitted: int | None = None  # attempts handed in by the end
    minutes: float | None = None  # extra time given
    score: float | None = None  # a submission's score, percent

    def to_json(self) -> dict[str, Any]:
        return {f.name: v for f in fields(self) if (v := getattr(self, f.name)) is not None}

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """The detail of a stored row; keys this version does not know are left out, and a
        row that holds no JSON object reads as no detail."""
        if not isinstance(data, Mapping):
            return cls()
        values: dict[str, Any] = {}
        for key in _TEXT:
            if data.get(key) is not None:
                values[key] = str(data[key])
        for key in _WHOLE:
            values[key] = _whole(data.get(key))
        for key in _NUMBER:
            values[key] = _number(data.get(key))
        return cls(**values)
