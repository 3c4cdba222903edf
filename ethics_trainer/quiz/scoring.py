"""How one question is scored (documented in docs/content-format.md).

- single, true/false, graded: the weight of the chosen option (1, a fraction, or 0).
- multiple: each correct option chosen adds its share (its weight over the sum of the correct
  options' weights); each wrong option chosen takes off its own negative weight, or 1/k when it
  has none (k = number of correct options). Clamped to 0..1, so ticking everything scores 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ScoredOption:
    key: str
    correct: bool
    weight: float


def score_question(kind: str, options: Sequence[ScoredOption], selected: Iterable[str]) -> float:
    chosen = set(selected)
    if not chosen:
        return 0.0
    by_key = {o.key: o for o in options}
    picked = [by_key[k] for k in chosen if k in by_key]
    if kind != "multiple":
        if len(picked) != 1:
            return 0.0
        return max(0.0, min(1.0, picked[0].weight))
    correct = [o for o in options if o.correct]
    total = sum(max(o.weight, 0.0) for o in correct) or 1.0
    penalty = 1.0 / max(len(correct), 1)
    value = 0.0
    for option in picked:
        if option.correct:
            value += max(option.weight, 0.0) / total
        else:
            value -= -option.weight if option.weight < 0 else penalty
    return max(0.0, min(1.0, value))


def is_full_marks(score: float) -> bool:
    return score >= 0.999
