"""one lookup guard: dossier lookups counted in lookup_failures (kind "dossier")

The failures still in dossier_lookup_failures move over, so a locked code stays locked.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OLD = "dossier_lookup_failures"
OLD_INDEX = "ix_dossier_lookup_failures_code_at"


def upgrade() -> None:
    op.execute(
        f"INSERT INTO lookup_failures (kind, code, failed_at) "
        f"SELECT 'dossier', code, failed_at FROM {OLD}"
    )
    with op.batch_alter_table(OLD, schema=None) as batch_op:
        batch_op.drop_index(OLD_INDEX)
    op.drop_table(OLD)


def downgrade() -> None:
    op.create_table(
        OLD,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table(OLD, schema=None) as batch_op:
        batch_op.create_index(OLD_INDEX, ["code", "failed_at"], unique=False)
    op.execute(
        f"INSERT INTO {OLD} (code, failed_at) "
        f"SELECT code, failed_at FROM lookup_failures WHERE kind = 'dossier'"
    )
    op.execute("DELETE FROM lookup_failures WHERE kind = 'dossier'")
