"""Building an attempt's question list from a pool and a seed.

The seed is stored with the attempt; the same seed and pool give the same questions in the
same order with the same option order. The result is a typed snapshot (stored as JSON), so an attempt can
be resumed, scored and reviewed without the content folder.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ethics_trainer.content.model import Question, QuestionKind
from ethics_trainer.quiz.snapshot import OptionSnapshot, QuestionSnapshot, Snapshot


def snapshot_question(
    question: Question, rng: random.Random | None, shuffle: bool
) -> QuestionSnapshot:
    options = list(question.options)
    # True/false keeps Đúng before Sai; the others are shuffled.
    if shuffle and rng is not None and question.kind is not QuestionKind.TRUE_FALSE:
        rng.shuffle(options)
    return QuestionSnapshot(
        id=question.id,
        title=question.title,
        stem=question.stem,
        kind=question.kind.value,
        explanation=question.explanation,
        source=question.source,
        lesson_id=question.lesson_id,
        options=tuple(
            OptionSnapshot(
                key=o.key, text=o.text, correct=o.correct, weight=o.weight, feedback=o.feedback
            )
            for o in options
        ),
    )


def one_per_group(questions: Sequence[Question], taken: set[str] | None = None) -> list[Question]:
    """Keep the first question of each variant group (``**Nhóm:**``): two variants testing
    the same fact never land in one draw. ``taken`` holds groups already drawn (and grows)."""
    taken = set() if taken is None else taken
    kept: list[Question] = []
    for question in questions:
        if question.group:
            if question.group in taken:
                continue
            taken.add(question.group)
        kept.append(question)
    return kept


def draw(
    pool: Sequence[Question],
    seed: int,
    count: int | None = None,
    *,
    shuffle_questions: bool = True,
    shuffle_options: bool = True,
) -> Snapshot:
    rng = random.Random(seed)
    chosen = list(pool)
    if shuffle_questions:
        rng.shuffle(chosen)
    chosen = one_per_group(chosen)
    if count is not None and count < len(chosen):
        chosen = chosen[:count]
    return Snapshot(tuple(snapshot_question(q, rng, shuffle_options) for q in chosen))
