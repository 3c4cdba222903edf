"""Finding 1, HMAC seals: a database sealed by the 0002/0003 version is upgraded safely.

Before, migration 0004 dropped the old HMAC seals unchecked: an attempt edited before the
upgrade looked "never sealed", and the proctor's PC then sealed the edited result with its
new key. Now 0004 checks each old seal the way the old version did and keeps the verdict;
the one that verifies is sealed with Ed25519, the edited one is named and never sealed.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest
import sqlalchemy as sa

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import legacy_seal, seal_keys, seal_verdict, seal_verify, sealing
from ethics_trainer.storage.db import open_database
from ethics_trainer.storage.migrate import upgrade

from ..exams.helpers import make_exam
from .helpers import sit


def _as_old_version(db, attempt_ids: list[int], key: bytes) -> None:  # type: ignore[no-untyped-def]
    """Back to schema 0003, each attempt sealed with an HMAC as the old version did."""
    with db.engine.begin() as conn:  # what 0004-0006 added goes; what 0002 had comes back
        for table in (
            "legacy_seal",
            "seal_key",
            "attempt_signature",
            "session_manifest",
            "certificate_revocation",
        ):
            conn.execute(sa.text(f"DROP TABLE {table}"))
        for column in ("demo", "erased_at"):
            conn.execute(sa.text(f"ALTER TABLE learner DROP COLUMN {column}"))
        conn.execute(
            sa.text(
                "CREATE TABLE attempt_seal (attempt_id INTEGER PRIMARY KEY,"
                " mac_hex VARCHAR NOT NULL, sealed_at TIMESTAMP NOT NULL)"
            )
        )
        conn.execute(
            sa.text(
                "CREATE TABLE integrity_key (id INTEGER PRIMARY KEY,"
                " key_hex VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)"
            )
        )
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0003'"))
    with db.engine.begin() as conn:
        if db.engine.url.get_backend_name() != "sqlite":
            conn.execute(
                sa.text("INSERT INTO integrity_key (id, key_hex, created_at)"
                        " VALUES (1, :k, CURRENT_TIMESTAMP)"), {"k": key.hex()})  # fmt: skip
        for attempt_id in attempt_ids:
            attempt = conn.execute(
                sa.select(legacy_seal._attempt).where(legacy_seal._attempt.c.id == attempt_id)
            ).one()
            answers = list(conn.execute(
                sa.select(legacy_seal._answer).where(legacy_seal._answer.c.attempt_id == attempt_id)
            ))  # fmt: skip
            mac = hmac.new(key, legacy_seal.canonical_message(attempt, answers), hashlib.sha256)
            conn.execute(
                sa.text("INSERT INTO attempt_seal (attempt_id, mac_hex, sealed_at)"
                        " VALUES (:a, :m, CURRENT_TIMESTAMP)"),
                {"a": attempt_id, "m": mac.hexdigest()},
            )  # fmt: skip


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def room_url(request, db_url, tmp_path):
    if request.param == "sqlite":
        return db_url
    return request.getfixturevalue("postgres_url")


def test_an_attempt_edited_before_the_upgrade_is_named_never_sealed(
    room_url, sample_content, tmp_path
) -> None:
    db = open_database(room_url)
    clock = FixedClock()
    setup = make_exam(db, sample_content, clock)
    honest, edited = (sit(db, setup, i, clock, right=i == 0) for i in range(2))
    key = bytes(range(32))
    if db.engine.url.get_backend_name() == "sqlite":
        (tmp_path / legacy_seal.KEY_FILE_NAME).write_text(key.hex(), encoding="ascii")
    _as_old_version(db, [honest, edited], key)
    with db.engine.begin() as conn:  # edited while the old version was installed
        conn.execute(sa.text("UPDATE attempt SET score = 100, passed = true WHERE id = :a"),
                     {"a": edited})  # fmt: skip

    upgrade(db)  # the new version opens the database
    with db.engine.connect() as conn:
        verdicts = dict(conn.execute(sa.text("SELECT attempt_id, verified FROM legacy_seal")).all())
    assert {k: bool(v) for k, v in verdicts.items()} == {honest: True, edited: False}

    data_dir = tmp_path / "proctor-pc"
    signer = seal_keys.proctor_signer(db, data_dir)
    assert sealing.seal_session(db, setup.session.id, signer) == 1  # the honest one only
    verdict = seal_verify.verify_here(db, setup.session.id, data_dir)
    assert [(p.status, p.attempt_id) for p in verdict.problems] == [
        (seal_verdict.STATUS_MISMATCH, edited)
    ]
    assert verdict.verified == 1
    db.dispose()
