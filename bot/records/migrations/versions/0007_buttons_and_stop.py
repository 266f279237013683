"""telegram: Rasa's buttons on outbox messages, /stop on conversations

Revision ID: 0007
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite cannot ALTER most things in place.
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("buttons", sa.JSON(), nullable=True))
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("muted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("muted_at")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("buttons")
