"""The one column type for records stored as JSON text, and the one place they are encoded.

Why: snapshots and answers used to be ``json.dumps``-ed by hand in a dozen places, each with
its own options, and read back as untyped dicts. A column declared ``JsonRecord(Snapshot)``
takes and gives the record itself; :func:`encode` is what the one raw-SQL fast path
(``exams/answer_write.py``) uses so its text is the same as the ORM's. The text is what
earlier versions wrote (``json.dumps`` with default separators, non-ASCII kept), so old
databases read unchanged and a re-encoded snapshot hashes the same in an exam seal.
"""

from __future__ import annotations

import json
from typing import Any, Protocol, Self, TypeVar

from sqlalchemy import String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class Record(Protocol):
    """A frozen value with a JSON form (``quiz/snapshot.py``)."""

    def to_json(self) -> Any: ...

    @classmethod
    def from_json(cls, data: Any) -> Self: ...


R = TypeVar("R", bound=Record)


def encode(record: Record) -> str:
    """The stored text of ``record``."""
    return json.dumps(record.to_json(), ensure_ascii=False)


def decode(record_type: type[R], text: str) -> R:
    """The record stored as ``text``."""
    return record_type.from_json(json.loads(text))


class JsonRecord(TypeDecorator[R]):
    """A TEXT column holding one record type; ``None`` stays NULL. ``varchar``: the column was
    created as VARCHAR (``answer.selected_json``, migration 0001), which stores the same text.
    ``empty``: the text an empty string stands for (``exam_event.detail`` defaulted to "")."""

    impl: TypeEngine[Any] | type[TypeEngine[Any]] = Text
    cache_ok = True

    def __init__(self, record_type: type[R], *, varchar: bool = False, empty: str = "") -> None:
        super().__init__()
        self.record_type = record_type
        self.varchar = varchar
        self.empty = empty
        if varchar:
            self.impl = String()

    def process_bind_param(self, value: R | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, self.record_type):
            raise TypeError(f"{self.record_type.__name__} column given {type(value).__name__}")
        return encode(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> R | None:
        if value is None:
            return None
        return decode(self.record_type, self.empty if value == "" and self.empty else value)

    def coerce_compared_value(self, op: Any, value: Any) -> Any:
        return self  # ``column != Selection()`` compares stored texts

    @property
    def python_type(self) -> type[R]:
        return self.record_type
