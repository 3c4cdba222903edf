"""the legacy_seal table for databases that went through 0004 before it kept verdicts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

0004 now checks each old HMAC seal before dropping it and keeps the verdict in
``legacy_seal``. A database that ran the earlier 0004 lost its HMACs unchecked; it gets the
(empty) table here, so every database has the same schema.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("legacy_seal"):
        return
    op.create_table(
        "legacy_seal",
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("attempt_id"),
    )


def downgrade() -> None:
    """Nothing: the table belongs to 0004 on databases that ran the newer 0004."""
