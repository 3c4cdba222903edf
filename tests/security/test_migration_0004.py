"""Migration 0004 on a database made by 0003: the readable HMAC key and its seals go, people
already there count as real (not demo), and the sealed results can be sealed again."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from ethics_trainer.storage.db import Database, make_engine
from ethics_trainer.storage.migrate import upgrade


def _upgrade_from_0003(url: str) -> None:
    old = Database(url, make_engine(url))
    upgrade(old, "0003")
    with old.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO learner (full_name, employee_code, unit, position, created_at,"
                " archived) VALUES ('Đặng Văn Hùng', 'HN777', '', '', CURRENT_TIMESTAMP, false)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO integrity_key (id, key_hex, created_at)"
                " VALUES (1, :k, CURRENT_TIMESTAMP)"
            ),
            {"k": "ab" * 32},
        )
    upgrade(old)
    with old.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        assert "integrity_key" not in tables and "attempt_seal" not in tables
        assert {"seal_key", "attempt_signature", "session_manifest"} <= tables
        row = conn.execute(sa.text("SELECT demo, erased_at FROM learner")).one()
        assert not row[0] and row[1] is None
    old.dispose()


def test_0004_on_sqlite(tmp_path: Path) -> None:
    _upgrade_from_0003(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_0004_on_postgres(postgres_url: str) -> None:
    _upgrade_from_0003(postgres_url)
