"""carers, children and placements; reconciled episodes; records requests

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def episode_columns() -> list[sa.Column]:
    return [
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("placement_id", sa.Integer(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=True),
        sa.Column("start_known", sa.Boolean(), nullable=False, server_default=sa.text("true")),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("risk", sa.String(length=12), nullable=True),
        sa.Column("police_informed", sa.Boolean(), nullable=True),
        sa.Column("police_informed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("police_reference", sa.LargeBinary(), nullable=True),
        sa.Column("return_details", sa.LargeBinary(), nullable=True),
        sa.Column("return_interview_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_interview_offered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_interview_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "placements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "children",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("first_name", sa.LargeBinary(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("profile", sa.LargeBinary(), nullable=True),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["placement_id"], ["placements.id"]),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
        sa.UniqueConstraint("conversation_id"),
        sa.UniqueConstraint("placement_id", "code"),
    )
    op.create_index("ix_children_placement_id", "children", ["placement_id"])
    op.create_table(
        "carers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.LargeBinary(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["placement_id"], ["placements.id"]),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id"),
    )
    op.create_index("ix_carers_placement_id", "carers", ["placement_id"])
    op.create_table(
        "carer_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("carer_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["placement_id"], ["placements.id"]),
        sa.ForeignKeyConstraint(["carer_id"], ["carers.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_hash"),
    )
    op.create_table(
        "records_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # batch mode: SQLite rebuilds the table to add the foreign keys; PostgreSQL alters in place.
    with op.batch_alter_table("episodes") as batch:
        for column in episode_columns():
            batch.add_column(column)
        batch.create_foreign_key("fk_episodes_child_id", "children", ["child_id"], ["id"])
        batch.create_foreign_key("fk_episodes_placement_id", "placements", ["placement_id"], ["id"])
        batch.create_index("ix_episodes_child_id", ["child_id"])


def downgrade() -> None:
    with op.batch_alter_table("episodes") as batch:
        batch.drop_index("ix_episodes_child_id")
        batch.drop_constraint("fk_episodes_placement_id", type_="foreignkey")
        batch.drop_constraint("fk_episodes_child_id", type_="foreignkey")
        for column in reversed(episode_columns()):
            batch.drop_column(column.name)
    op.drop_table("records_requests")
    op.drop_table("carer_invites")
    op.drop_index("ix_carers_placement_id", table_name="carers")
    op.drop_table("carers")
    op.drop_index("ix_children_placement_id", table_name="children")
    op.drop_table("children")
    op.drop_table("placements")
