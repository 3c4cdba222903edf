"""``@record``: frozen dataclasses without compiling code at import (issue #17).

Used by the content model and by the few records created on the way to the first paint
(the app's paths, the course tree's rows, the menus), where ``@dataclass`` cost ≈ 1 ms each.

Why: ``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``
and (frozen) ``__setattr__``/``__delattr__`` as source text and compiles it with ``exec``:
57 compilations for the model, ≈ 10 of the 11 ms its import cost on the start-up worker,
before the first paint. ``record`` lets ``dataclasses`` do only the bookkeeping (fields,
defaults, ``dataclasses.fields``/``replace``, ``__match_args__``), which compiles nothing.
Equality, hash and ``repr`` are closures over the field names (no compilation), assignment
raises ``FrozenInstanceError``, and ``__init__`` — the one method whose speed counts, a cold
load calls it per lesson and reference — is compiled as ``@dataclass`` would, on the class's
first construction: a start from the cache builds none (unpickling calls no ``__init__``).
Instances keep a plain ``__dict__`` in field order, so they pickle, copy and compare as the
generated classes' did (``tests/perf_correctness/test_record.py`` holds them against real
dataclasses).

``record(slots=True)`` is for the records a library holds by the hundred thousand (options,
questions, references): a record with ``__slots__`` takes 72–150 bytes where one with a
``__dict__`` took 240–520, and a 10,000-lesson library is a third smaller, so its load touches
less fresh memory (``bench/notes/32-content.md``, seventh round). Their fields are set through
the slots' own descriptors (past the frozen ``__setattr__``), and they pickle through
``__getstate__``/``__setstate__`` as the tuple of their fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")

_MISSING = dataclasses.MISSING


def slot_setter(cls: type[Any], name: str) -> Callable[[Any, Any], None]:
    """The function that sets field ``name`` of a ``record(slots=True)`` class on an instance:
    the slot's descriptor, which the frozen ``__setattr__`` does not guard."""
    setter: Callable[[Any, Any], None] = cls.__dict__[name].__set__
    return setter


def slot_setters(cls: type[Any]) -> tuple[Callable[[Any, Any], None], ...]:
    """:func:`slot_setter` of every field, in field order."""
    return tuple(slot_setter(cls, f.name) for f in dataclasses.fields(cls))


def _compile_init(cls: type[Any], fields: tuple[dataclasses.Field[Any], ...]) -> Any:
    """The ``__init__`` ``@dataclass`` would write, filling ``__dict__`` (or the slots) in field
    order."""
    params, body = [], []
    namespace: dict[str, Any] = {"_MISSING": _MISSING}
    slotted = "__slots__" in cls.__dict__
    for f in fields:
        if f.default is not _MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not _MISSING:
            namespace[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(f" if {f.name} is _MISSING: {f.name} = _factory_{f.name}()")
        else:
            params.append(f.name)
    if slotted:
        for f, setter in zip(fields, slot_setters(cls), strict=True):
            namespace[f"_set_{f.name}"] = setter
            body.append(f" _set_{f.name}(self, {f.name})")
    else:
        fill = ", ".join(f"{f.name}={f.name}" for f in fields)
        body.append(f" self.__dict__.update({fill})")
    source = f"def __init__(self, {', '.join(params)}) -> None:\n" + "\n".join(body)
    exec(source, namespace)  # our field names only, as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _methods(cls: type[Any], fields: tuple[dataclasses.Field[Any], ...], frozen: bool) -> None:
    """Give ``cls`` the dataclass methods; ``__init__`` is compiled on its first call."""
    names = tuple(f.name for f in fields)
    values: Callable[[Any], Any] = (
        attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)
    )

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        # Compiled here, not at import: a cached start builds no record at all (unpickling
        # does not call ``__init__``), so it never pays for the compilation.
        init = _compile_init(cls, fields)
        _install(cls, {"__init__": init})
        init(self, *args, **kwargs)

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({inner})"

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(values(self) == values(other))

    def __hash__(self: Any) -> int:
        return hash(values(self))

    for method in (__init__, __repr__, __eq__, __hash__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
    methods: dict[str, Any] = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__}
    methods["__hash__"] = __hash__ if frozen else None  # as @dataclass(eq=True) does
    if frozen:
        methods.update(__setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
    if "__slots__" in cls.__dict__:
        setters = slot_setters(cls)

        def __getstate__(self: Any) -> tuple[Any, ...]:
            return tuple(values(self))

        def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
            for setter, value in zip(setters, state, strict=True):
                setter(self, value)

        methods.update(__getstate__=__getstate__, __setstate__=__setstate__)
    _install(cls, methods)


def _install(cls: type[Any], methods: dict[str, Any]) -> None:
    """Set class attributes (``setattr``: mypy refuses assigning to a method)."""
    for name, method in methods.items():
        setattr(cls, name, method)


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(frozen: bool = True, slots: bool = False) -> Callable[[type[T]], type[T]]:
    """``@dataclass(frozen=frozen, slots=slots)`` with shared methods instead of compiled
    ones."""

    def make(cls: type[T]) -> type[T]:
        if "__doc__" not in cls.__dict__ or cls.__doc__ is None:
            cls.__doc__ = cls.__name__  # dataclass would build a signature for it (inspect)
        # with slots, dataclasses returns a new class (slots are fixed when a class is made)
        made: Any = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=slots)
        _methods(made, dataclasses.fields(made), frozen)
        return made  # type: ignore[no-any-return]

    return make
