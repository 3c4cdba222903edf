from __future__ import annotations

import pytest

from ethics_trainer.quiz.drawing import draw
from ethics_trainer.quiz.scoring import ScoredOption, score_question

OPTS_MULTI = [
    ScoredOption("a", True, 1.0),
    ScoredOption("b", True, 1.0),
    ScoredOption("c", False, 0.0),
    ScoredOption("d", False, 0.0),
]


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ((), 0.0),
        (("a",), 0.5),
        (("a", "b"), 1.0),
        (("a", "c"), 0.0),
        (("a", "b", "c"), 0.5),
        (("a", "b", "c", "d"), 0.0),
    ],
)
def test_multiple(selected: tuple[str, ...], expected: float) -> None:
    assert score_question("multiple", OPTS_MULTI, selected) == pytest.approx(expected)


def test_single_and_graded() -> None:
    opts = [
        ScoredOption("a", True, 1.0),
        ScoredOption("b", False, 0.5),
        ScoredOption("c", False, 0.0),
    ]
    assert score_question("single", opts, ["a"]) == 1.0
    assert score_question("graded", opts, ["b"]) == 0.5
    assert score_question("graded", opts, ["c"]) == 0.0
    assert score_question("single", opts, ["a", "b"]) == 0.0


def test_explicit_negative_weight() -> None:
    opts = [
        ScoredOption("a", True, 0.5),
        ScoredOption("b", True, 0.5),
        ScoredOption("c", False, -1.0),
    ]
    assert score_question("multiple", opts, ["a"]) == pytest.approx(0.5)
    assert score_question("multiple", opts, ["a", "b", "c"]) == 0.0


def test_draw_is_reproducible(sample_content) -> None:
    from ethics_trainer.content.loader import load_library

    pool = load_library(sample_content).all_questions()
    first = draw(pool, 42, 3)
    assert draw(pool, 42, 3) == first
    assert len(first) == 3
    orders = {tuple(q.id for q in draw(pool, seed, None)) for seed in range(20)}
    assert len(orders) > 1, "different seeds must shuffle differently"
    assert {q.id for q in draw(pool, 1, None)} == {q.id for q in pool}
