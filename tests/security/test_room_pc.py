"""Issue #12, point 1 (PostgreSQL): a room PC can read the whole database and still cannot
forge a seal.

The test connects as a separate PostgreSQL role, as a candidate PC of the room would, with
every right on every table. On the old design the HMAC key sat in ``integrity_key``, so this
role could read it and re-seal an edited result; now only public keys are stored.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ethics_trainer.clock import FixedClock
from ethics_trainer.exams import seal_keys, seal_ledger, seal_verdict, seal_verify, sealing
from ethics_trainer.storage.db import open_database

from ..exams.helpers import make_exam
from .helpers import sit

pytestmark = pytest.mark.postgres


def _room_pc_url(postgres_url: str) -> str:
    """Create the role a room PC connects with (all rights on the tables) and its URL."""
    admin = sa.create_engine(postgres_url)
    with admin.begin() as conn:
        conn.execute(sa.text("DROP ROLE IF EXISTS room_pc"))
        conn.execute(sa.text("CREATE ROLE room_pc LOGIN"))
        conn.execute(sa.text("GRANT ALL ON ALL TABLES IN SCHEMA public TO room_pc"))
        conn.execute(sa.text("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO room_pc"))
    admin.dispose()
    return postgres_url.replace("postgresql+psycopg://postgres@", "postgresql+psycopg://room_pc@")


def test_a_room_pc_cannot_forge_a_seal(postgres_url, sample_content, tmp_path) -> None:
    proctor_db = open_database(postgres_url)
    clock = FixedClock()
    setup = make_exam(proctor_db, sample_content, clock)
    attempt_id = sit(proctor_db, setup, 0, clock, right=False)
    proctor_dir, room_dir = tmp_path / "proctor-pc", tmp_path / "room-pc"
    signer = seal_keys.proctor_signer(proctor_db, proctor_dir)  # in this PC's data folder only
    assert sealing.seal_session(proctor_db, setup.session.id, signer) == 1
    secret = signer.private.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )

    room = sa.create_engine(_room_pc_url(postgres_url))
    with room.begin() as conn:
        assert conn.execute(sa.text("SELECT current_user")).scalar() == "room_pc"
        tables = [
            r[0]
            for r in conn.execute(
                sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
        ]
        assert "integrity_key" not in tables
        # everything this PC can read, as text: no trace of the signing key
        dump = "".join(
            str(row)
            for table in tables
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"'))
        )
        assert secret.hex() not in dump and "PRIVATE KEY" not in dump
        assert signer.public.hex() in dump  # the public key is there, for checking

        # the room PC raises its own score and re-seals with a key of its own
        conn.execute(
            sa.text("UPDATE attempt SET score = 100, passed = true WHERE id = :a"),
            {"a": attempt_id},
        )
    forger_key = Ed25519PrivateKey.generate()
    forger = seal_keys.Signer(
        forger_key,
        forger_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        ),
        room_dir,
    )
    from ethics_trainer.storage.db import Database

    room_db = Database(url=str(room.url), engine=room)
    with room.begin() as conn:
        conn.execute(sa.text("DELETE FROM attempt_signature"))
        conn.execute(sa.text("DELETE FROM session_manifest"))
    # the room PC seals from its own data folder, which holds no note of the proctor's seals
    assert (proctor_dir / seal_ledger.LEDGER_DIR_NAME).is_dir()
    assert sealing.seal_session(room_db, setup.session.id, forger) == 1
    # the forged seal is self-consistent, so a PC that trusts no key only sees "not confirmed"
    blind = seal_verify.verify_session(room_db, setup.session.id, trusted={})
    assert blind.ok and not blind.key_trusted and blind.key_id == forger.key_id

    # the proctor's PC trusts only its own key: the forgery is named
    verdict = seal_verify.verify_here(proctor_db, setup.session.id, proctor_dir)
    assert not verdict.ok
    assert seal_verdict.STATUS_UNTRUSTED in {p.status for p in verdict.problems}
    room.dispose()
    proctor_db.dispose()
