"""messaging channels: links, notification schedule, handled events, rotating tokens

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "channel_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("appointment_id", sa.Integer(), nullable=True),
        sa.Column("dossier_id", sa.Integer(), nullable=True),
        sa.Column("seen_event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["appointment_id"], ["appointments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "channel", "chat_id", "appointment_id", name="uq_channel_links_appointment"
        ),
        sa.UniqueConstraint("channel", "chat_id", "dossier_id", name="uq_channel_links_dossier"),
    )
    with op.batch_alter_table("channel_links", schema=None) as batch_op:
        batch_op.create_index("ix_channel_links_appointment_id", ["appointment_id"], unique=False)
        batch_op.create_index("ix_channel_links_dossier_id", ["dossier_id"], unique=False)

    op.create_table(
        "channel_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claim", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["link_id"], ["channel_links.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("link_id", "kind", "target", name="uq_channel_notifications_once"),
    )
    with op.batch_alter_table("channel_notifications", schema=None) as batch_op:
        batch_op.create_index("ix_channel_notifications_due", ["status", "due_at"], unique=False)
        batch_op.create_index("ix_channel_notifications_link_id", ["link_id"], unique=False)

    op.create_table(
        "channel_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "event_id", name="uq_channel_events_event"),
    )
    with op.batch_alter_table("channel_events", schema=None) as batch_op:
        batch_op.create_index("ix_channel_events_received_at", ["received_at"], unique=False)

    op.create_table(
        "channel_credentials",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "name"),
    )


def downgrade() -> None:
    op.drop_table("channel_credentials")
    with op.batch_alter_table("channel_events", schema=None) as batch_op:
        batch_op.drop_index("ix_channel_events_received_at")
    op.drop_table("channel_events")
    with op.batch_alter_table("channel_notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_channel_notifications_link_id")
        batch_op.drop_index("ix_channel_notifications_due")
    op.drop_table("channel_notifications")
    with op.batch_alter_table("channel_links", schema=None) as batch_op:
        batch_op.drop_index("ix_channel_links_dossier_id")
        batch_op.drop_index("ix_channel_links_appointment_id")
    op.drop_table("channel_links")
