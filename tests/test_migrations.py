"""A database made at the first revision opens in this version with its data intact."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from ethics_trainer.storage.db import Database, make_engine, open_database
from ethics_trainer.storage.migrate import current_revision, head_revision, upgrade


def test_first_revision_upgrades_to_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = Database(url, make_engine(url))
    upgrade(old, "0001")
    assert current_revision(old) == "0001"
    with old.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO learner (full_name, employee_code, unit, position, created_at, archived)"
                " VALUES ('Nguyễn Thị Mai', 'HN-7', 'UBND quận Ba Đình', 'Chuyên viên', '2025-01-02 03:04:05', 0)"
            )
        )
    old.dispose()
    db = open_database(url)
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        name = conn.execute(sa.text("SELECT full_name FROM learner")).scalar_one()
    assert name == "Nguyễn Thị Mai"
    db.dispose()


def test_new_database_is_wal(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    db.dispose()


def test_head_revision_matches_alembic() -> None:
    """Our quick reading of the migration files agrees with Alembic's own."""
    from alembic.script import ScriptDirectory

    from ethics_trainer.storage.migrate import MIGRATIONS_DIR

    assert head_revision() == ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def test_migrations_build_exactly_the_models(tmp_path: Path) -> None:
    """A database made by the migrations has every table, column and index the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    db = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    db.dispose()


def test_a_database_from_a_newer_version_gives_a_clear_message(tmp_path: Path) -> None:
    import pytest

    from ethics_trainer.errors import UserError

    url = f"sqlite:///{tmp_path / 'newer.db'}"
    open_database(url).dispose()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(UserError) as caught:
        open_database(url)
    assert "newer" in caught.value.message or "mới hơn" in caught.value.message
