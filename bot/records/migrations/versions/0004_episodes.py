"""episodes: self-reported away and missing episodes

Revision ID: 0004
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("safe_now", sa.String(length=12), nullable=True),
        sa.Column("details", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_episodes_conversation_id", "episodes", ["conversation_id"])
    op.create_index("ix_episodes_started_at", "episodes", ["started_at"])


def downgrade() -> None:
    op.drop_index("ix_episodes_started_at", table_name="episodes")
    op.drop_index("ix_episodes_conversation_id", table_name="episodes")
    op.drop_table("episodes")
