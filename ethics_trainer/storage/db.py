"""The one engine, short-lived sessions, and opening a database at the current schema.

SQLite runs in WAL mode with ``synchronous=FULL``: every commit is on disk when it returns,
which is what "every answer is written the moment it is given" needs after a power loss.
PostgreSQL is reached through the same URL scheme (``postgresql+psycopg://``). A training
centre whose room PCs reach the server through a pooler in transaction mode (PgBouncer) adds
``?pooled=1`` to that URL (:func:`pooled_url`): see docs/packaging.md, "A training centre".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, create_engine

from ethics_trainer.errors import BadPath, DatabaseUnavailable, UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.failures import database_error, sqlite_file
from ethics_trainer.storage.walguard import WalGuard


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _check_sqlite_folder(path: Path) -> None:
    """A mistyped path is an error, not a new empty database in new folders. Only the app's own
    data folder (``--data-dir``, the environment or the default) is created when missing."""
    folder = path.parent
    if folder.is_dir():
        return
    from ethics_trainer.paths import resolve_paths

    if folder.resolve() == resolve_paths().data_dir:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            return
        except OSError:
            pass
    raise BadPath(
        tr("faults.db.folder_missing", path=str(folder)), tr("faults.db.folder_missing_hint")
    )


def _require_postgres_driver() -> None:
    """A shared server needs the ``postgres`` extra; a single SQLite PC does not install it."""
    import importlib.util

    if importlib.util.find_spec("psycopg") is None:
        raise BadPath(tr("delivery.postgres_missing"), tr("delivery.postgres_missing_hint"))


POOLED = "pooled"  # the URL option: ``postgresql+psycopg://user@pgbouncer:6432/db?pooled=1``
_YES = ("1", "true", "yes", "on")
_NO = ("0", "false", "no", "off")


@dataclass(frozen=True)
class PooledUrl:
    """A PostgreSQL URL without the app's own ``pooled`` option, and whether it was set."""

    url: URL
    pooled: bool


def pooled_url(url: str) -> PooledUrl:
    """Read and remove ``?pooled=…``, which psycopg would refuse as an unknown parameter.

    Why: a centre of hundreds of PCs puts PgBouncer (transaction mode) in front of PostgreSQL,
    and PgBouncer before 1.21 (Debian 12 ships 1.18) cannot carry a prepared statement from one
    server connection to the next; psycopg prepares a statement it has run 5 times, and the next
    transaction may land on a backend that never saw it ("prepared statement does not exist").
    Pooled connections must therefore never prepare; every statement stays one round trip.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise BadPath(
            tr("faults.db.bad_url", url=url.split("@")[-1]), tr("faults.db.bad_url_hint")
        ) from exc
    raw = parsed.query.get(POOLED)
    if raw is None:
        return PooledUrl(parsed, False)
    value = (raw[-1] if isinstance(raw, tuple) else raw).strip().lower()
    if value not in _YES + _NO:
        raise BadPath(
            tr("faults.db.bad_url", url=url.split("@")[-1]), tr("faults.db.bad_pooled_hint")
        )
    return PooledUrl(parsed.difference_update_query([POOLED]), value in _YES)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = sqlite_file(url)
        if path is not None:
            _check_sqlite_folder(path)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql"):
        _require_postgres_driver()
        target = pooled_url(url)
        connect_args: dict[str, Any] = {"connect_timeout": 5}
        if target.pooled:
            connect_args["prepare_threshold"] = None  # see pooled_url
        return create_engine(
            target.url,
            pool_pre_ping=True,
            pool_size=5,
            max_overflow=10,
            connect_args=connect_args,
        )
    try:
        return create_engine(url)
    except Exception as exc:  # unknown scheme, missing driver, malformed URL
        raise BadPath(
            tr("faults.db.bad_url", url=url.split("@")[-1]), tr("faults.db.bad_url_hint")
        ) from exc


def _unavailable(exc: DBAPIError, url: str = "") -> UserError:
    """The user's message for a failed database call: damage, full disk, lock, read-only, or
    (a server) unreachable. A failed write on a reachable file never says "unreachable"."""
    classified = database_error(exc, url)
    if classified is not None:
        return classified
    return DatabaseUnavailable(
        tr("errors.database_unreachable"),
        str(exc.orig) if exc.orig else "",
    )


def _classified(exc: DBAPIError) -> bool:
    """Errors the boundary explains; constraint violations stay for the caller to handle."""
    return isinstance(exc, OperationalError) or (
        not isinstance(exc, IntegrityError) and database_error(exc, "sqlite:///") is not None
    )


@dataclass
class Database:
    """An open database: the engine and a way to get a fresh session."""

    url: str
    engine: Engine
    guard: WalGuard | None = None  # SQLite files: notices a deleted -wal at the next open

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One session per group of operations; commits on success, rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except DBAPIError as exc:
                session.rollback()
                if not _classified(exc):
                    raise
                raise _unavailable(exc, self.url) from exc
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A plain connection in one transaction, for hot paths where the ORM costs too much."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except DBAPIError as exc:
            if not _classified(exc):
                raise
            raise _unavailable(exc, self.url) from exc

    def dispose(self) -> None:
        self.engine.dispose()
        if self.guard is not None:
            self.guard.close()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open ``url`` and bring its schema to the newest revision (Alembic)."""
    engine = make_engine(url)
    path = sqlite_file(url)
    guard = WalGuard.open(path) if path is not None else None
    db = Database(url=url, engine=engine, guard=guard)
    if migrate:
        from ethics_trainer.storage.migrate import upgrade

        try:
            upgrade(db)
        except DBAPIError as exc:
            classified = database_error(exc, url)
            if classified is not None and not isinstance(classified, DatabaseUnavailable):
                raise classified from exc
            if not isinstance(exc, OperationalError):
                raise
            raise UserError(
                tr("errors.cannot_open_database"),
                f"{url.split('@')[-1]}: {exc.orig}",
            ) from exc
    return db
