"""Building the loader's frozen records without the frozen ``__init__`` (issue #17).

A frozen dataclass's generated ``__init__`` sets every field through ``object.__setattr__``
(the frozen guard): building 80,000 options and 20,000 questions that way was a quarter of a
1,000-lesson cold load. :func:`builder` gives a function that makes the same object (same
``__dict__``, so equal, hashed and pickled alike) by filling the instance dictionary at once.
Every field must be given, defaults included: a call that names a wrong or missing field
raises, so a field added to the model later cannot silently go missing here
(``tests/perf_correctness/test_bulk_build.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


def builder(cls: type[T]) -> Callable[..., T]:
    """``cls(**values)`` for the frozen dataclass ``cls`` (no ``__slots__``), every field given."""
    names = frozenset(f.name for f in dataclasses.fields(cls))
    new = object.__new__

    def build(**values: Any) -> T:
        if values.keys() != names:
            raise TypeError(f"{cls.__name__}: every field must be given, got {sorted(values)}")
        obj: T = new(cls)
        obj.__dict__.update(values)
        return obj

    return build
