"""``bulk_build.new_option``/``new_question`` make the very objects the dataclass constructor makes (issue #17).

The loader builds its options and questions without the frozen ``__init__``; what comes out
must be equal, hash alike, pickle alike and stay frozen, and a call that misses or misnames a
field must fail instead of producing an object without it.
"""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from ethics_trainer.content.bulk_build import _same_fields, new_option, new_question
from ethics_trainer.content.loader import load_library
from ethics_trainer.content.model import Option, Question
from tests.conftest import BUNDLED_CONTENT
from tests.perf_correctness.record_fields import stored


def test_loaded_questions_equal_those_the_constructor_makes() -> None:
    questions = load_library(BUNDLED_CONTENT).all_questions()
    assert len(questions) > 100
    for question in questions:
        options = tuple(
            Option(**{f.name: getattr(o, f.name) for f in dataclasses.fields(Option)})
            for o in question.options
        )
        values = {f.name: getattr(question, f.name) for f in dataclasses.fields(Question)}
        rebuilt = Question(**{**values, "options": options})
        assert stored(rebuilt) == stored(question)
        assert rebuilt == question and hash(rebuilt) == hash(question)
        assert pickle.loads(pickle.dumps(question)) == rebuilt


def test_a_built_object_is_frozen_and_equal() -> None:
    option = new_option("a", "t", True, 1.0, "")
    assert option == Option("a", "t", True, 1.0)
    assert stored(option) == stored(Option("a", "t", True, 1.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        option.text = "changed"  # type: ignore[misc]  # the point: frozen
    values = {f.name: f"v-{f.name}" for f in dataclasses.fields(Question)}
    assert stored(new_question(**values)) == stored(Question(**values))  # every field, same names


def test_a_builder_that_misses_or_misnames_a_field_is_refused() -> None:
    def short(key: str, text: str, correct: bool, weight: float) -> None:  # no feedback
        """A builder written before ``feedback`` was added to the model."""

    def misnamed(key: str, text: str, correct: bool, weight: float, feedbak: str) -> None:
        """A typo in a field name."""

    def reordered(text: str, key: str, correct: bool, weight: float, feedback: str) -> None:
        """The right names in another order: positional calls would swap them."""

    for build in (short, misnamed, reordered):
        with pytest.raises(TypeError):
            _same_fields(build, Option)
    _same_fields(new_option, Option)
    _same_fields(new_question, Question)
