"""exam seals signed with Ed25519, session manifests, learner erasure and demo marks

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

The HMAC seal (0002) used a key that every PostgreSQL client of a room could read, so any
room PC could re-seal what it edited. Seals are now Ed25519 signatures made with a private key
that stays in the proctor's data folder; only public keys are stored here. The old HMAC key
table is dropped with the key (keeping it would keep the weakness); seals made with it cannot
be checked any more and are dropped too, after each has been checked the way the old version
did: the verdict stays in ``legacy_seal`` (``exams/legacy_seal.py``), so an attempt edited
before the upgrade is named as tampered and never sealed again, and the proctor's PC seals
only those that verified (docs/security.md, "Upgrading from HMAC seals").
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    from datetime import UTC, datetime

    from ethics_trainer.exams.legacy_seal import check_all

    verdicts = check_all(op.get_bind())
    legacy = op.create_table(
        "legacy_seal",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("checked_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("attempt_id"),
    )
    if verdicts:
        now = datetime.now(UTC)
        op.bulk_insert(
            legacy,
            [{"attempt_id": a, "verified": ok, "checked_at": now} for a, ok in verdicts.items()],
        )
    op.drop_table("integrity_key")
    op.drop_table("attempt_seal")
    op.create_table(
        "seal_key",
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("public_hex", sa.String(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("key_id"),
    )
    op.create_table(
        "attempt_signature",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("person_digest", sa.String(), nullable=False),
        sa.Column("person_salt", sa.String(), nullable=False),
        sa.Column("body_sha256", sa.String(), nullable=False),
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("signature_hex", sa.String(), nullable=False),
        sa.Column("sealed_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("attempt_id"),
    )
    op.create_index("ix_attempt_signature_session_id", "attempt_signature", ["session_id"])
    op.create_table(
        "session_manifest",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("manifest_json", sa.Text(), nullable=False),
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("signature_hex", sa.String(), nullable=False),
        sa.Column("signed_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("session_id"),
    )
    # plain ADD COLUMN (SQLite has it): batch mode would copy and drop ``learner``, which the
    # foreign keys of existing attempts forbid, so a real 0003 file failed to upgrade
    op.add_column(
        "learner", sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("learner", sa.Column("erased_at", TZ, nullable=True))


def downgrade() -> None:
    op.drop_table("legacy_seal")
    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
        batch_op.drop_column("demo")
    op.drop_table("session_manifest")
    op.drop_index("ix_attempt_signature_session_id", table_name="attempt_signature")
    op.drop_table("attempt_signature")
    op.drop_table("seal_key")
    op.create_table(
        "attempt_seal",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("mac_hex", sa.String(), nullable=False),
        sa.Column("sealed_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempt.id"]),
        sa.PrimaryKeyConstraint("attempt_id"),
    )
    op.create_table(
        "integrity_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hex", sa.String(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
