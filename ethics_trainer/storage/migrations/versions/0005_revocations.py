"""certificate revocations

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

HR can withdraw a certificate (with a reason); verification then reports it revoked and
the offline verification page lists it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_revocation",
        sa.Column("certificate_no", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_by", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("certificate_no"),
    )


def downgrade() -> None:
    op.drop_table("certificate_revocation")
