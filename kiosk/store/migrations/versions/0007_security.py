"""security: per-code dossier lookup failures, ratings tied to the visit they rate

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossier_lookup_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dossier_lookup_failures", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dossier_lookup_failures_code_at", ["code", "failed_at"], unique=False
        )
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("served", sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint("uq_ratings_served", ["served"])


def downgrade() -> None:
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_constraint("uq_ratings_served", type_="unique")
        batch_op.drop_column("served")
    with op.batch_alter_table("dossier_lookup_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_lookup_failures_code_at")
    op.drop_table("dossier_lookup_failures")
