"""The one engine, short-lived sessions, and opening a database at the current schema.

SQLite runs in WAL mode with ``synchronous=FULL``: every commit is on disk when it returns,
which is what "every answer is written the moment it is given" needs after a power loss.
PostgreSQL is reached through the same URL scheme (``postgresql+psycopg://``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

from ethics_trainer.errors import DatabaseUnavailable, UserError
from ethics_trainer.i18n import tr


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql"):
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=10,
            connect_args={"connect_timeout": 5},
        )
    return create_engine(url)


def _unavailable(exc: OperationalError) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        tr("errors.database_unreachable"),
        str(exc.orig) if exc.orig else "",
    )


@dataclass
class Database:
    """An open database: the engine and a way to get a fresh session."""

    url: str
    engine: Engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One session per group of operations; commits on success, rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                raise _unavailable(exc) from exc
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A plain connection in one transaction, for hot paths where the ORM costs too much."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except OperationalError as exc:
            raise _unavailable(exc) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open ``url`` and bring its schema to the newest revision (Alembic)."""
    engine = make_engine(url)
    db = Database(url=url, engine=engine)
    if migrate:
        from ethics_trainer.storage.migrate import upgrade

        try:
            upgrade(db)
        except OperationalError as exc:
            raise UserError(
                tr("errors.cannot_open_database"),
                f"{url.split('@')[-1]}: {exc.orig}",
            ) from exc
    return db
