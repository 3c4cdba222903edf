"""The shape of a drawn question as stored with an attempt (its ``questions_json``).

An attempt is resumed, scored and reviewed from this snapshot alone, without the content
folder, so the keys are a stored format: add keys, never rename or drop one.
"""

from __future__ import annotations

from typing import TypedDict


class OptionSnapshot(TypedDict):
    key: str  # "a", "b", ... in the order the option was shown
    text: str  # Markdown
    correct: bool
    weight: float  # credit for choosing it, -1.0 to 1.0
    feedback: str  # Markdown, "" when none


class QuestionSnapshot(TypedDict):
    id: str
    title: str
    stem: str  # Markdown
    kind: str  # a QuestionKind value
    explanation: str
    source: str
    lesson_id: str
    options: list[OptionSnapshot]
