"""What an exam definition draws (the ``exam_definition.parts_json`` column), as records.

The stored text is a sealed format: an exam seal hashes it as it is stored
(``exams/seal_body.definition_digest``), so ``to_json`` gives the keys in the order earlier
versions wrote (``count``, ``banks``, ``tags``) and a stored list re-encodes to the same bytes.
Add keys with a default, never rename or drop one. Text and back goes through
``storage/json_record.py`` like every stored record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Self


@dataclass(frozen=True, slots=True)
class DrawPart:
    """Draw ``count`` questions (None: all) from these banks (empty: all) with these tags."""

    count: int | None = None
    banks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count, "banks": list(self.banks), "tags": list(self.tags)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        count = data.get("count")
        return cls(
            count=None if count is None or count == "" else int(count),
            banks=tuple(data.get("banks") or ()),
            tags=tuple(data.get("tags") or ()),
        )


@dataclass(frozen=True, slots=True)
class DrawParts:
    """A definition's parts in the order they are drawn; empty as stored when none were given
    (the definition then draws the whole course, ``exams/definitions``)."""

    parts: tuple[DrawPart, ...] = ()

    def to_json(self) -> list[dict[str, Any]]:
        return [p.to_json() for p in self.parts]

    @classmethod
    def from_json(cls, data: Iterable[Mapping[str, Any]]) -> Self:
        return cls(tuple(DrawPart.from_json(p) for p in data))

    def __iter__(self) -> Iterator[DrawPart]:
        return iter(self.parts)

    def __len__(self) -> int:
        return len(self.parts)
