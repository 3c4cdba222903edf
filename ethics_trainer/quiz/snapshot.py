"""The records an attempt stores as JSON: its drawn questions and each answer's selection.

An attempt is resumed, scored, reviewed and sealed from its snapshot alone, without the content
folder, so the JSON shape is a stored format: add keys (with a default), never rename or drop
one. ``to_json`` gives the same keys in the same order earlier versions wrote, so a stored
snapshot re-encodes to the same bytes (the exam seal hashes them). The one place that turns
these into text and back is ``storage/json_record.py``.

Code reads them by attribute (``q.id``, ``o.key``), which mypy checks; they are not mappings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self, overload

JsonObject = Mapping[str, Any]
# question id -> (position in the attempt, option keys shown)
Positions = dict[str, tuple[int, frozenset[str]]]


@dataclass(frozen=True, slots=True)
class OptionSnapshot:
    key: str  # "a", "b", ... in the order the option was shown
    text: str  # Markdown
    correct: bool
    weight: float  # credit for choosing it, -1.0 to 1.0
    feedback: str = ""  # Markdown, "" when none

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "correct": self.correct,
            "weight": self.weight,
            "feedback": self.feedback,
        }

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        # Values are kept as stored (no float() of an int weight): re-encoding gives the same bytes.
        return cls(
            key=data["key"],
            text=data.get("text", ""),
            correct=data.get("correct", False),
            weight=data.get("weight", 0.0),
            feedback=data.get("feedback", ""),
        )


@dataclass(frozen=True, slots=True)
class QuestionSnapshot:
    id: str
    title: str
    stem: str  # Markdown
    kind: str  # a QuestionKind value
    explanation: str
    source: str
    lesson_id: str
    options: tuple[OptionSnapshot, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "stem": self.stem,
            "kind": self.kind,
            "explanation": self.explanation,
            "source": self.source,
            "lesson_id": self.lesson_id,
            "options": [o.to_json() for o in self.options],
        }

    @classmethod
    def from_json(cls, data: JsonObject) -> Self:
        return cls(
            id=data["id"],
            title=data.get("title", ""),
            stem=data.get("stem", ""),
            kind=data.get("kind", "single"),
            explanation=data.get("explanation", ""),
            source=data.get("source", ""),
            lesson_id=data.get("lesson_id", ""),
            options=tuple(OptionSnapshot.from_json(o) for o in data.get("options", ())),
        )

    @property
    def option_keys(self) -> frozenset[str]:
        """The option keys shown: an answer may hold these and nothing else."""
        return frozenset(o.key for o in self.options)


@dataclass(frozen=True, slots=True)
class Snapshot(Sequence[QuestionSnapshot]):
    """An attempt's questions in the order shown (the ``attempt.questions_json`` column)."""

    questions: tuple[QuestionSnapshot, ...] = ()

    @classmethod
    def of(cls, questions: Iterable[QuestionSnapshot | JsonObject]) -> Snapshot:
        """From records, or from mappings in the stored shape (a caller that built its own)."""
        return cls(
            tuple(
                q if isinstance(q, QuestionSnapshot) else QuestionSnapshot.from_json(q)
                for q in questions
            )
        )

    def to_json(self) -> list[dict[str, Any]]:
        return [q.to_json() for q in self.questions]

    @classmethod
    def from_json(cls, data: Iterable[JsonObject]) -> Self:
        return cls(tuple(QuestionSnapshot.from_json(q) for q in data))

    def positions(self) -> Positions:
        return {q.id: (i, q.option_keys) for i, q in enumerate(self.questions)}

    @overload
    def __getitem__(self, index: int) -> QuestionSnapshot: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[QuestionSnapshot]: ...
    def __getitem__(self, index: int | slice) -> QuestionSnapshot | Sequence[QuestionSnapshot]:
        return self.questions[index]

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[QuestionSnapshot]:
        return iter(self.questions)


@dataclass(frozen=True, slots=True)
class Selection:
    """The option keys one answer holds (the ``answer.selected_json`` column), sorted."""

    keys: tuple[str, ...] = ()

    @classmethod
    def of(cls, selected: Iterable[str], allowed: frozenset[str]) -> Selection:
        """The keys a person chose that the question showed, sorted: what is stored."""
        return cls(tuple(sorted(k for k in selected if k in allowed)))

    def to_json(self) -> list[str]:
        return list(self.keys)

    @classmethod
    def from_json(cls, data: Iterable[str]) -> Self:
        return cls(tuple(data))

    def __bool__(self) -> bool:
        return bool(self.keys)
