"""Schema upgrades through Alembic, driven from code (no alembic.ini needed).

Every database, new or old, is brought to ``head`` by running the migrations in order, so a
database made by an older version opens in a newer one.

Alembic itself (with Mako) costs ~18 MB and ~40 ms, so the everyday case — a database already
at the newest revision — is recognised without it: the revision ids are read from the
migration files (``schema_head.py``) and compared with the ``alembic_version`` table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from ethics_trainer.errors import UserError
from ethics_trainer.i18n import tr
from ethics_trainer.storage.schema_head import MIGRATIONS_DIR, head_revision

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine


class Database(Protocol):
    """What migrating needs of :class:`ethics_trainer.storage.db.Database` (which calls this
    module when it opens a database, so it is not imported here)."""

    url: str
    engine: Engine


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def current_revision(db: Database) -> str | None:
    """The revision stored in the database; None for a database without our tables."""
    with db.engine.connect() as connection:
        try:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        except DBAPIError:
            return None
    return rows[0][0] if len(rows) == 1 else None


# Any fixed number: PCs of one room upgrading a shared server take this lock in turn.
_MIGRATION_LOCK = 74_062_026


def upgrade(db: Database, revision: str = "head") -> None:
    if revision == "head" and current_revision(db) == head_revision():
        return
    from alembic import command
    from alembic.util import CommandError

    from ethics_trainer.storage.backup import backup_before_migration

    backup_before_migration(db.url)  # an existing SQLite file is copied before any change
    cfg = alembic_config(db)
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # A room of PCs starting a new version at once: one upgrades, the others wait
            # here and then find the schema current.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            if revision == "head" and _revision_on(connection) == head_revision():
                return
        cfg.attributes["connection"] = connection
        try:
            command.upgrade(cfg, revision)
        except CommandError as exc:  # e.g. a database written by a newer version of the app
            raise UserError(tr("errors.database_newer"), str(exc)) from exc


def _revision_on(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return rows[0][0] if len(rows) == 1 else None
