"""Picking options from an attempt's snapshot by meaning, not by (shuffled) key."""

from __future__ import annotations

from typing import Any


def question(state: Any, question_id: str) -> dict[str, Any]:
    return next(q for q in state.questions if q.id == question_id)


def right(state: Any, question_id: str) -> list[str]:
    return [o.key for o in question(state, question_id).options if o.correct]


def wrong(state: Any, question_id: str) -> list[str]:
    return [next(o.key for o in question(state, question_id).options if o.weight <= 0)]


def by_text(state: Any, question_id: str, text: str) -> list[str]:
    return [o.key for o in question(state, question_id).options if text in o.text]
