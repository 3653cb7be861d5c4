"""Questions asked, chat transcripts and the privacy audit (tables of revision 0005)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.store.models import Base


class Question(Base):
    """One citizen question, for statistics only: masked text, no sender, no session.

    `source`: "chat" (a chat turn), "search" (the kiosk's search screen) or
    "assistant" (a search the dialog's action server ran while answering a chat
    turn: counted for unanswered questions, not again as a question).
    """

    __tablename__ = "questions"
    __table_args__ = (
        Index("ix_questions_asked_at", "asked_at"),
        Index("ix_questions_abstained_asked_at", "abstained", "asked_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    asked_at: Mapped[dt.datetime]
    channel: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))
    folded: Mapped[str] = mapped_column(String(500))
    intent: Mapped[str | None] = mapped_column(String(100))
    procedure_id: Mapped[str | None] = mapped_column(String(120))
    abstained: Mapped[bool]
    degraded: Mapped[bool]


class TranscriptLine(Base):
    """One message of a chat, as said (kept `transcript_retention_days`, then deleted)."""

    __tablename__ = "transcripts"
    __table_args__ = (
        Index("ix_transcripts_created_at", "created_at"),
        Index("ix_transcripts_sender", "channel", "sender_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class PrivacyAudit(Base):
    """An export or deletion of a citizen's data: who, when, how much; the phone masked."""

    __tablename__ = "privacy_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, int]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]
