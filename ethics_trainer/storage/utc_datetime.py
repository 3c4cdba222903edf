"""The one column type for times: aware UTC in, aware UTC out, on SQLite and PostgreSQL.

Why: SQLite keeps no offset, so it handed back naive datetimes while PostgreSQL handed back
aware ones in the session's zone, and seven helpers papered over the difference. Now a naive
value is refused on write (it is a bug: whose local time?) and every read is aware UTC. The
stored form is unchanged: SQLite text ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC, PostgreSQL
``timestamptz``, so databases made by earlier versions read the same.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class NaiveDatetimeError(ValueError):
    """A naive datetime reached the database: a programming error, never a user's."""


class UtcDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that only accepts and only returns aware UTC datetimes."""

    impl: TypeEngine[Any] | type[TypeEngine[Any]] = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UtcDateTime column given {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(f"naive datetime {value.isoformat()} given to a UTC column")
        value = value.astimezone(UTC)
        # SQLite stores no offset; the text stays what earlier versions wrote (UTC, no zone).
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        # SQLite's driver gives text for an untyped expression (a max() of times)
        when: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        if when.tzinfo is None:
            return when.replace(tzinfo=UTC)
        return when.astimezone(UTC)

    @property
    def python_type(self) -> type[datetime]:
        return datetime
