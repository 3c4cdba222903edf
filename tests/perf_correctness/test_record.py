"""``content.record`` behaves as ``@dataclass`` did for every model class (issue #17).

The model's classes stopped compiling their methods at import; each one is held here against
a real dataclass made from the same fields (``make_dataclass``): construction (positional,
keyword, defaults, factories, wrong calls), ``repr``, equality, hash, immutability, pickling,
``dataclasses.replace``/``fields``/``asdict``, and the order of ``vars()``.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from ethics_trainer.content import model
from ethics_trainer.record import record
from tests.perf_correctness.record_fields import stored

CLASSES = [
    model.Problem,
    model.Option,
    model.Reference,
    model.Question,
    model.Bank,
    model.Lesson,
    model.FinalQuiz,
    model.Course,
    model.Document,
    model.Library,
]
FROZEN = {cls: cls is not model.Library for cls in CLASSES}
# what a library holds by the hundred thousand: slots, no __dict__ (a third of a large library)
SLOTTED = {model.Option, model.Reference, model.Question}


def _reference(cls: type[Any]) -> type[Any]:
    """A real dataclass with ``cls``'s name, fields and defaults."""
    specs = []
    for f in dataclasses.fields(cls):
        kwargs: dict[str, Any] = {}
        if f.default is not dataclasses.MISSING:
            kwargs["default"] = f.default
        if f.default_factory is not dataclasses.MISSING:
            kwargs["default_factory"] = f.default_factory
        specs.append((f.name, f.type, dataclasses.field(**kwargs)))
    made = dataclasses.make_dataclass(cls.__name__, specs, frozen=FROZEN[cls])
    made.__qualname__ = cls.__qualname__
    return made


def _values(cls: type[Any], tag: str) -> dict[str, Any]:
    """Distinct, hashable values for every field."""
    return {f.name: f"{tag}-{f.name}" for f in dataclasses.fields(cls)}


def _required(cls: type[Any]) -> list[str]:
    return [
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_record_behaves_as_the_dataclass(cls: type[Any]) -> None:
    ref = _reference(cls)
    values = _values(cls, "v")
    ours, theirs = cls(**values), ref(**values)
    assert repr(ours) == repr(theirs)
    assert stored(ours) == list(vars(theirs).items())  # every field, in order
    assert cls(*values.values()) == ours
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert cls.__match_args__ == ref.__match_args__
    # defaults and factories, as the dataclass fills them
    required = {name: values[name] for name in _required(cls)}
    assert repr(cls(**required)) == repr(ref(**required))
    if cls is model.Library:
        assert cls(**required).courses is not cls(**required).courses
    # equality: same fields, another value, another class
    other = _values(cls, "w")
    assert ours == cls(**values) and (ours != cls(**values)) is False
    assert ours != cls(**other)
    assert (ours == theirs) is False and ours.__eq__(theirs) is NotImplemented
    for name in values:
        assert ours != cls(**{**values, name: "changed"}), name
    if FROZEN[cls]:
        assert hash(ours) == hash(theirs) == hash(cls(**values))
        with pytest.raises(dataclasses.FrozenInstanceError):
            ours.id = "x"
        with pytest.raises(dataclasses.FrozenInstanceError):
            del ours.id
        with pytest.raises(dataclasses.FrozenInstanceError):
            ours.not_a_field = 1
    else:
        assert cls.__hash__ is None and ref.__hash__ is None
        ours.content_hash = "set"
        assert ours.content_hash == "set"
    # pickling, copying, replace
    assert pickle.loads(pickle.dumps(ours, protocol=pickle.HIGHEST_PROTOCOL)) == ours
    assert copy.copy(ours) == ours and copy.deepcopy(ours) == ours
    first = dataclasses.fields(cls)[0].name
    replaced = dataclasses.replace(ours, **{first: "new"})
    assert getattr(replaced, first) == "new" and replaced != ours


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_wrong_call_is_refused_as_the_dataclass_refuses_it(cls: type[Any]) -> None:
    values = _values(cls, "v")
    missing = {k: v for k, v in values.items() if k != _required(cls)[-1]}
    for call in (
        lambda c: c(**missing),
        lambda c: c(**values, unknown=1),
        lambda c: c(*values.values(), "one too many"),
        lambda c: c("x", **values),
    ):
        with pytest.raises(TypeError):
            call(_reference(cls))
        with pytest.raises(TypeError):
            call(cls)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_many_records_have_slots_and_no_dictionary(cls: type[Any]) -> None:
    ours = cls(**_values(cls, "v"))
    assert hasattr(ours, "__dict__") is (cls not in SLOTTED)
    if cls in SLOTTED:
        with pytest.raises(dataclasses.FrozenInstanceError):
            ours.not_a_field = 1
        with pytest.raises(AttributeError):  # no dictionary to fill past the frozen guard
            object.__setattr__(ours, "not_a_field", 1)
        # a slotted record is smaller than the same record with a dictionary (after the loader
        # or the cache has filled it: a materialised __dict__)
        theirs = _reference(cls)(**_values(cls, "v"))
        assert sys.getsizeof(ours) < sys.getsizeof(theirs) + sys.getsizeof(vars(theirs)) / 2


@record()
class DictPair:
    """Two fields, in a ``__dict__``."""

    a: str
    b: tuple[int, ...] = ()


@record(slots=True)
class SlotPair:
    """Two fields, in slots."""

    a: str
    b: tuple[int, ...] = ()


@pytest.mark.parametrize("pair_class", [DictPair, SlotPair], ids=lambda c: c.__name__)
def test_a_record_pickles_copies_and_replaces_past_its_frozen_guard(pair_class: Any) -> None:
    assert ("__slots__" in pair_class.__dict__) is (pair_class is SlotPair)
    pair = pair_class("x", (1, 2))
    for again in (
        pickle.loads(pickle.dumps(pair, protocol=2)),
        pickle.loads(pickle.dumps(pair, protocol=pickle.HIGHEST_PROTOCOL)),
        copy.copy(pair),
        copy.deepcopy(pair),
    ):
        assert again == pair and type(again) is pair_class and stored(again) == stored(pair)
    assert dataclasses.replace(pair, b=(3,)) == pair_class("x", (3,))
    assert pair_class("y") == pair_class(a="y", b=())
    assert repr(pair_class("y")) == f"{pair_class.__name__}(a='y', b=())"


def test_init_is_compiled_on_first_use_and_then_kept() -> None:
    @record()
    class Pair:
        """Two fields."""

        a: str
        b: int = 2

    lazy = Pair.__dict__["__init__"]
    assert Pair("x") == Pair(a="x", b=2)
    assert Pair.__dict__["__init__"] is not lazy
    assert Pair("y", 3).b == 3


def test_the_model_compiles_no_code_at_import() -> None:
    """The point of ``record``: ``@dataclass`` compiled 57 functions from text here."""
    script = textwrap.dedent(
        """
        import dataclasses, enum, operator, sys, typing  # the app has imported these already
        texts = []
        def hook(event, args):
            if event == "compile" and args[1] == "<string>":  # exec of generated text
                texts.append(args[0])
        sys.addaudithook(hook)
        import ethics_trainer.content.model
        print(len(texts))
        """
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "0", done.stdout
