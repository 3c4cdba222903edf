"""Building the loader's frozen records without the frozen ``__init__`` (issue #17).

A frozen dataclass's generated ``__init__`` sets every field through ``object.__setattr__``
(the frozen guard): building 80,000 options and 20,000 questions that way was a quarter of a
1,000-lesson cold load. :func:`build` makes the same object (same ``__dict__``, so equal, hashed
and pickled alike) by filling the instance dictionary at once. Every field must be given,
defaults included: a call that names a wrong or missing field raises, so a field added to the
model later cannot silently go missing here (``tests/perf_correctness/test_bulk_build.py``).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

_FIELD_NAMES: dict[type, frozenset[str]] = {}
_new = object.__new__


def field_names(cls: type) -> frozenset[str]:
    """The field names of the dataclass ``cls`` (cached: asked once per object built)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in dataclasses.fields(cls))
    return names


def build(cls: type[T], **values: Any) -> T:
    """``cls(**values)`` for a frozen dataclass without ``__slots__``, given every field."""
    if values.keys() != field_names(cls):
        raise TypeError(f"{cls.__name__}: every field must be given, got {sorted(values)}")
    obj = _new(cls)
    obj.__dict__.update(values)
    return obj
