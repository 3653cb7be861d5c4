"""Messaging-channel tables (revision 0003): who to notify where, what was sent, what was seen.

A citizen's Telegram chat or Zalo user is tied to an appointment or a dossier by a
`ChannelLink` (booked through the channel, or continued there with a code).
`ChannelNotification` rows are the persisted schedule of reminders and status
notices: one row per link, kind and target, so a restart neither loses nor
repeats one. `ChannelEvent` remembers the webhook deliveries already handled
(retries are answered once) and `ChannelCredential` keeps tokens that rotate
(Zalo's single-use refresh token).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base


class ChannelLink(Base):
    """A chat on a channel, tied to one appointment or one dossier. Deleting the
    appointment or dossier deletes the link (and its notifications) with it."""

    __tablename__ = "channel_links"
    __table_args__ = (
        UniqueConstraint(
            "channel", "chat_id", "appointment_id", name="uq_channel_links_appointment"
        ),
        UniqueConstraint("channel", "chat_id", "dossier_id", name="uq_channel_links_dossier"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    dossier_id: Mapped[int | None] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    # Dossier events up to this id were known when the link was made (or already planned).
    seen_event_id: Mapped[int | None]
    created_at: Mapped[dt.datetime]


class ChannelNotification(Base):
    """One reminder or status notice to one link. `target` names what it is about (the
    appointment time it reminds of, the dossier event it reports), so a moved
    appointment gets new reminders and the old ones are skipped.

    pending -> sending (claimed atomically) -> sent | skipped | failed."""

    __tablename__ = "channel_notifications"
    __table_args__ = (
        UniqueConstraint("link_id", "kind", "target", name="uq_channel_notifications_once"),
        Index("ix_channel_notifications_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("channel_links.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    claim: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]


class ChannelEvent(Base):
    """A webhook delivery already handled (Zalo message id, Telegram update id)."""

    __tablename__ = "channel_events"
    __table_args__ = (UniqueConstraint("channel", "event_id", name="uq_channel_events_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[dt.datetime] = mapped_column(index=True)


class ChannelCredential(Base):
    """A token that rotates (each Zalo refresh returns a new refresh token). `seed` is
    the SHA-256 of the value configured in the environment it descends from, so a
    token newly configured by an operator replaces the stored chain."""

    __tablename__ = "channel_credentials"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    seed: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime]
