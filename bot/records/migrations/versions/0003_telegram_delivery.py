"""telegram delivery: claim leases, retry times and escalation on arrival for messages

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER most things in place.
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("escalated", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_messages_conversation_status", "messages", ["conversation_id", "direction", "status"])


def downgrade() -> None:
    op.drop_index("ix_messages_conversation_status", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("escalated")
        batch.drop_column("next_attempt_at")
        batch.drop_column("lease_until")
