"""Join the channel, staff and analytics branches into one line of revisions.

Revision ID: 0006
Revises: 0003, 0004, 0005
"""

from __future__ import annotations

revision = "0006"
down_revision = ("0003", "0004", "0005")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the three branches touch different tables."""


def downgrade() -> None:
    """Nothing to undo."""
