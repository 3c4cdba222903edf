"""supervised exams: definitions, sessions, roster, minutes, passwords, seals

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "exam_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("parts_json", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("pass_percent", sa.Float(), nullable=False),
        sa.Column("attempts_allowed", sa.Integer(), nullable=False),
        sa.Column("shuffle_questions", sa.Boolean(), nullable=False),
        sa.Column("shuffle_options", sa.Boolean(), nullable=False),
        sa.Column("show_after", sa.String(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_exam_definition_course_id", "exam_definition", ["course_id"])
    op.create_table(
        "exam_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("exam_date", sa.String(), nullable=False),
        sa.Column("room", sa.String(), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("ended_at", TZ, nullable=True),
        sa.ForeignKeyConstraint(["definition_id"], ["exam_definition.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_exam_session_code", "exam_session", ["code"], unique=True)
    op.create_index("ix_exam_session_definition_id", "exam_session", ["definition_id"])
    op.create_table(
        "exam_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=True),
        sa.Column("checked_in_at", TZ, nullable=True),
        sa.Column("machine", sa.String(), nullable=False),
        sa.Column("move_to", sa.String(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["exam_session.id"]),
        sa.ForeignKeyConstraint(["learner_id"], ["learner.id"]),
        sa.ForeignKeyConstraint(["attempt_id"], ["attempt.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "learner_id"),
    )
    op.create_index("ix_exam_candidate_session_id", "exam_candidate", ["session_id"])
    op.create_index("ix_exam_candidate_learner_id", "exam_candidate", ["learner_id"])
    op.create_table(
        "exam_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["exam_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_exam_event_session_id", "exam_event", ["session_id"])
    op.create_table(
        "role_password",
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("hash_hex", sa.String(), nullable=False),
        sa.Column("salt_hex", sa.String(), nullable=False),
        sa.Column("params", sa.String(), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("locked_until", TZ, nullable=True),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("role"),
    )
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


def downgrade() -> None:
    for table in (
        "integrity_key",
        "attempt_seal",
        "role_password",
        "exam_event",
        "exam_candidate",
        "exam_session",
        "exam_definition",
    ):
        op.drop_table(table)
