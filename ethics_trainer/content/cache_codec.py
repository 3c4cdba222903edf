"""A loaded :class:`Library` as ``marshal``'s plain values, and back: the content cache's format.

Why (issue #17): the cache is read on the way to the first paint. With ``pickle`` that cost
importing it (≈ 2.8 ms) and unpickling ≈ 9 ms for the bundled course, half of it per-record
bookkeeping (2,500 records, each rebuilt from its own state dictionary), in one C call holding
the GIL while the GUI thread waits. ``marshal`` is built in and reads plain values only. Each
record class is stored as one table of rows, each row the dictionary of a record's fields in
field order (``marshal`` builds it in C) — or, for a class with slots, one column per field —,
each record once (a shared record stays shared) and equal strings once; a field holding
records holds row numbers. Decoding goes table by table — a class only refers to classes
before it in :data:`RECORDS` — with ``map`` over whole columns, so no Python code runs per
record: each row becomes a new instance's ``__dict__``, or for a class with slots each column
is set through its slot's descriptor (no ``__init__``, as unpickling).
What is not a plain value (a record, a tuple of records, an enum, a path, a date) is named per
column in a *plan* stored with the data, worked out from the values when the cache is written;
a value the plan cannot describe raises :class:`Unstorable` and no cache is written.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any

from ethics_trainer.content.model import (
    Bank,
    Course,
    Document,
    DocumentStatus,
    FinalQuiz,
    Lesson,
    Library,
    Option,
    Problem,
    Question,
    QuestionKind,
    Reference,
    Severity,
)
from ethics_trainer.record import slot_setter

RECORDS: tuple[type[Any], ...] = (
    Problem,
    Option,
    Reference,
    Question,
    Bank,
    Lesson,
    FinalQuiz,
    Course,
    Document,
)
ENUMS: tuple[type[Any], ...] = (Severity, QuestionKind, DocumentStatus)
_LIBRARY_FIELDS = ("root", "courses", "documents", "problems", "content_hash")

_PLAIN = (str, int, float, bool)
_RECORD_INDEX = {cls: i for i, cls in enumerate(RECORDS)}
_SLOTTED = tuple("__slots__" in cls.__dict__ for cls in RECORDS)  # no __dict__ to fill
_ENUM_INDEX = {cls: i for i, cls in enumerate(ENUMS)}
_PATH = type(Path())
_new = object.__new__
_set_dict = object.__setattr__
_set_item = dict.__setitem__

Kind = tuple[
    Any, ...
]  # ("record", class), ("records", class), ("enum", enum), ("path",), ("date",)
Plan = tuple[tuple[tuple[str, ...], tuple[tuple[int, Kind], ...]], ...]  # per record class


class Unstorable(Exception):
    """A value the cache format has no place for: the library is not cached."""


def _names(cls: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


class _Encoder:
    """Puts every record in its class's table (a column per field), noting each column's kind."""

    def __init__(self) -> None:
        self.names = [_names(cls) for cls in RECORDS]
        self.rows: list[list[dict[str, Any]]] = [[] for _ in RECORDS]
        self.row_of: dict[int, int] = {}  # id(record) -> its row: a shared record stays shared
        self.kinds: dict[tuple[int, int], set[Kind | str]] = {}
        self.strings: dict[str, str] = {}  # equal strings stored once
        self.current = len(RECORDS)  # the class whose fields are being encoded

    def record(self, obj: object) -> int:
        """The row of ``obj`` in its class's table."""
        index = _RECORD_INDEX.get(type(obj))
        if index is None:
            raise Unstorable(type(obj).__name__)
        if index >= self.current:  # tables are decoded in RECORDS order
            raise Unstorable(f"{type(obj).__name__} inside a later class")
        row = self.row_of.get(id(obj))
        if row is not None:
            return row
        names = self.names[index]
        # an attribute beyond the fields would be lost (slots have no room for one)
        if not _SLOTTED[index] and len(vars(obj)) != len(names):
            raise Unstorable(f"{type(obj).__name__}: {sorted(vars(obj))}")
        outer, self.current = self.current, index
        values = {}
        for position, name in enumerate(names):
            kind, stored = self.value(getattr(obj, name))
            self.kinds.setdefault((index, position), set()).add(kind or "none")
            values[name] = stored
        self.current = outer
        row = len(self.rows[index])
        self.rows[index].append(values)
        self.row_of[id(obj)] = row
        return row

    def value(self, value: object) -> tuple[Kind | str | None, object]:
        """``(kind, stored)``; kind ``None`` for ``None``, ``"empty"`` for ``()``."""
        kind = type(value)
        if value is None:
            return None, None
        if kind is tuple and not value:
            return "empty", ()
        if kind in _PLAIN:
            if isinstance(value, str):
                return "plain", self.strings.setdefault(value, value)
            return "plain", value
        if kind is tuple and isinstance(value, tuple):
            items: tuple[Any, ...] = value
            first = _RECORD_INDEX.get(type(items[0]))
            if first is not None and all(type(item) is RECORDS[first] for item in items):
                return ("records", first), tuple(self.record(item) for item in items)
            if all(type(item) is str for item in items):
                return "plain", tuple(self.strings.setdefault(item, item) for item in items)
            if all(item is None or type(item) in _PLAIN for item in items):
                return "plain", items
        elif kind in _RECORD_INDEX:
            return ("record", _RECORD_INDEX[kind]), self.record(value)
        elif kind in _ENUM_INDEX and isinstance(value, Enum):
            stored = value.value
            if type(stored) is str and ENUMS[_ENUM_INDEX[kind]](stored) is value:
                return ("enum", _ENUM_INDEX[kind]), stored
        elif kind is _PATH and Path(str(value)) == value:
            return ("path",), str(value)
        elif kind is date and isinstance(value, date):
            return ("date",), value.isoformat()
        raise Unstorable(f"{kind.__name__}: {value!r}"[:200])

    def plan(self) -> Plan:
        """Per record class: its field names and how each non-plain column is decoded."""
        plan = []
        for index, names in enumerate(self.names):
            decoders: list[tuple[int, Kind]] = []
            for position in range(len(names)):
                seen = self.kinds.get((index, position), set())
                kinds = seen - {"none", "empty"}
                if len(kinds) > 1:
                    raise Unstorable(f"{RECORDS[index].__name__}.{names[position]}: {seen}")
                kind = next(iter(kinds), "plain")
                if isinstance(kind, str):  # "plain": stored as it is
                    continue
                if ("none" in seen and kind[0] == "records") or (
                    "empty" in seen and kind[0] != "records"
                ):
                    raise Unstorable(f"{RECORDS[index].__name__}.{names[position]}: {seen}")
                decoders.append((position, kind))
            plan.append((names, tuple(decoders)))
        return tuple(plan)

    def tables(self) -> tuple[tuple[Any, ...], ...]:
        """Per record class: its rows, each a dictionary of the fields in order; for a class
        with slots, its columns instead (a tuple of values per field: no dictionary to build
        when read, and each column is set through its slot in one ``map``)."""
        out: list[tuple[Any, ...]] = []
        for index, rows in enumerate(self.rows):
            if _SLOTTED[index]:
                out.append(tuple(tuple(row[name] for row in rows) for name in self.names[index]))
            else:
                out.append(tuple(rows))
        return tuple(out)


def encode(library: Library) -> tuple[Plan, tuple[Any, ...]]:
    """The plan and the library's tables, ready for ``marshal.dumps``."""
    if type(library) is not Library or _names(Library) != _LIBRARY_FIELDS:
        raise Unstorable("Library")
    encoder = _Encoder()
    courses = tuple(encoder.record(course) for course in library.courses)
    documents = tuple((k, encoder.record(d)) for k, d in library.documents.items())
    problems = tuple(encoder.record(problem) for problem in library.problems)
    root_kind, root = encoder.value(library.root)
    if root_kind != ("path",) or type(library.content_hash) is not str:
        raise Unstorable("Library.root")
    if not all(type(k) is str for k, _ in documents):
        raise Unstorable("Library.documents")
    top = (root, courses, documents, problems, library.content_hash)
    return encoder.plan(), (encoder.tables(), top)


def _column(kind: Kind, column: tuple[Any, ...], tables: list[list[Any]]) -> tuple[Any, ...]:
    """A stored column -> the model's values; rows of other tables are looked up by number."""
    name = kind[0]
    if name == "record":  # an optional record: few of them (a course's final quiz)
        rows = tables[kind[1]]
        return tuple(None if v is None else rows[v] for v in column)
    if name == "records":
        row = tables[kind[1]].__getitem__
        return tuple(map(tuple, map(map, repeat(row), column)))
    if name == "enum":
        members: dict[object, object] = {m.value: m for m in ENUMS[kind[1]]}
        members[None] = None
        return tuple(map(members.__getitem__, column))
    if name == "path":
        return tuple(None if v is None else Path(v) for v in column)
    if name == "date":
        return tuple(None if v is None else date.fromisoformat(v) for v in column)
    raise ValueError(f"kind {kind!r}")


def decode(plan: Plan, payload: tuple[Any, ...]) -> Library:
    """The library :func:`encode` was given (equal field by field), built table by table with
    no Python call per record: the dictionaries become the records' ``__dict__`` (or fill
    their slots)."""
    stored_tables, (root, courses, documents, problems, content_hash) = payload
    if len(plan) != len(RECORDS) or len(stored_tables) != len(RECORDS):
        raise ValueError("plan")
    tables: list[list[Any]] = []
    for index, cls in enumerate(RECORDS):
        names, decoders = plan[index]
        stored = stored_tables[index]
        if names != _names(cls):
            raise ValueError(f"{cls.__name__} fields")
        slotted = _SLOTTED[index]
        if slotted:  # columns
            columns = list(stored)
            if len(columns) != len(names) or len(set(map(len, columns))) > 1:
                raise ValueError(f"{cls.__name__} columns")
            count = len(columns[0]) if columns else 0
        else:  # rows
            rows = stored
            count = len(rows)
        for position, kind in decoders:
            if kind[0] in ("record", "records") and kind[1] >= index:
                raise ValueError(f"{cls.__name__} refers forward")
            name = names[position]
            if slotted:
                columns[position] = _column(kind, columns[position], tables)
            else:
                values = _column(kind, tuple(map(itemgetter(name), rows)), tables)
                any(map(_set_item, rows, repeat(name), values))
        records = list(map(_new, repeat(cls, count)))
        if slotted:  # a column at a time, through the slots' descriptors
            for name, column in zip(names, columns, strict=True):
                any(map(slot_setter(cls, name), records, column))
        else:
            any(map(_set_dict, records, repeat("__dict__"), rows))  # frozen: past __setattr__
        tables.append(records)
    row = {cls: tables[i].__getitem__ for i, cls in enumerate(RECORDS)}
    library: Library = _new(Library)
    library.__dict__.update(
        root=Path(root),
        courses=list(map(row[Course], courses)),
        documents={k: row[Document](d) for k, d in documents},
        problems=list(map(row[Problem], problems)),
        content_hash=content_hash,
    )
    return library
