"""Alembic environment: runs on the connection handed over by ``storage.migrate``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import ethics_trainer.storage.models  # noqa: F401  (registers the tables)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

config = context.config
target_metadata = SQLModel.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from sqlalchemy import create_engine

        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _run_on(conn)
        return
    _run_on(connection)


def _run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
