"""dead ends: handoff answers and call-backs, failed lookups by code

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

HANDOFF_COLUMNS = (
    ("taken_by", sa.String(length=64)),
    ("taken_at", sa.DateTime()),
    ("answer", sa.Text()),
    ("answered_at", sa.DateTime()),
    ("counter_id", sa.String(length=16)),
    ("reply_delivery", sa.String(length=16)),
    ("callback_phone", sa.String(length=10)),
    ("callback_consent_at", sa.DateTime()),
)


def upgrade() -> None:
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        for name, kind in HANDOFF_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
    op.create_table(
        "lookup_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("lookup_failures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lookup_failures_kind_code_at", ["kind", "code", "failed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("lookup_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_lookup_failures_kind_code_at")
    op.drop_table("lookup_failures")
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        for name, _ in reversed(HANDOFF_COLUMNS):
            batch_op.drop_column(name)
