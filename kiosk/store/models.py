"""ORM models. Datetimes are naive desk local time (the desk lives in one zone)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Appointment(Base):
    """A booked visit. `seat` holds one of the slot's capacity places; it is
    NULL once cancelled, so the unique (field, starts_at, seat) constraint can
    never let a slot exceed its capacity, whatever the database."""

    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("field", "starts_at", "seat", name="uq_appointments_seat"),
        Index("ix_appointments_slot", "field", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    field: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[dt.datetime]
    seat: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16))
    procedure_id: Mapped[str | None] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(10))
    priority: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    channel_user_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class Ticket(Base):
    """A queue number (số thứ tự) for one field on one day."""

    __tablename__ = "queue_tickets"
    __table_args__ = (
        UniqueConstraint("field", "day", "number", name="uq_queue_tickets_number"),
        Index("ix_queue_tickets_day_status", "day", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date]
    field: Mapped[str] = mapped_column(String(100))
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    counter_id: Mapped[str | None] = mapped_column(String(16))
    issued_at: Mapped[dt.datetime]
    called_at: Mapped[dt.datetime | None]
    done_at: Mapped[dt.datetime | None]


class TicketCounter(Base):
    """The last number given out per field and day. Issuing locks this row
    (SELECT ... FOR UPDATE; SQLite serialises writers instead), so concurrent
    kiosks wait for each other rather than collide."""

    __tablename__ = "queue_counters"

    field: Mapped[str] = mapped_column(String(100), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    last_number: Mapped[int]


class Dossier(Base):
    """A dossier's current state; only the phone's last four digits are kept."""

    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    procedure_name: Mapped[str] = mapped_column(String(500))
    phone_last4: Mapped[str] = mapped_column(String(4))
    received_on: Mapped[dt.date]
    due_on: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime]
    events: Mapped[list[DossierEvent]] = relationship(
        back_populates="dossier", order_by="DossierEvent.id", cascade="all, delete-orphan"
    )


class DossierEvent(Base):
    __tablename__ = "dossier_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(100))
    recorded_at: Mapped[dt.datetime]
    dossier: Mapped[Dossier] = relationship(back_populates="events")


class Checklist(Base):
    __tablename__ = "checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    procedure_id: Mapped[str] = mapped_column(String(120))
    have: Mapped[list[str]] = mapped_column(JSON)
    missing: Mapped[list[str]] = mapped_column(JSON)
    forms: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime]


class Rating(Base):
    """A satisfaction rating. `served` names the visit it rates ("ticket:42" for a queue
    ticket that was served, "appointment:7" for an appointment the citizen came to), or is
    NULL for an anonymous rating; unique, so one visit is rated once. Decision 766's figure
    counts the two kinds apart (kiosk/services/analytics.py)."""

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("served", name="uq_ratings_served"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    score: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str | None] = mapped_column(Text)
    procedure_id: Mapped[str | None] = mapped_column(String(120))
    counter_id: Mapped[str | None] = mapped_column(String(16))
    served: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime]


class Complaint(Base):
    """Phản ánh, kiến nghị: contact details are optional and never logged."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    content: Mapped[str] = mapped_column(Text)
    contact_name: Mapped[str | None] = mapped_column(String(100))
    contact_phone: Mapped[str | None] = mapped_column(String(10))
    procedure_id: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(32))
    answer: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    due_on: Mapped[dt.date]
    answered_at: Mapped[dt.datetime | None]


class Handoff(Base):
    """A citizen's request to talk to a person, raised by the assistant for desk staff.

    Holds what staff need to pick the conversation up: the channel and its user id
    (to answer there), why, the procedure in question and the last messages.
    """

    __tablename__ = "handoffs"
    __table_args__ = (Index("ix_handoffs_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    sender_id: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(200))
    procedure_id: Mapped[str | None] = mapped_column(String(120))
    transcript: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]
    # Revision 0009: who took it, the answer (or the counter the citizen is called to),
    # whether the answer reached a Telegram/Zalo chat, and a call-back number given with
    # consent outside opening hours (personal data: exported and deleted by phone).
    taken_by: Mapped[str | None] = mapped_column(String(64))
    taken_at: Mapped[dt.datetime | None]
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None]
    counter_id: Mapped[str | None] = mapped_column(String(16))
    reply_delivery: Mapped[str | None] = mapped_column(String(16))
    callback_phone: Mapped[str | None] = mapped_column(String(10))
    callback_consent_at: Mapped[dt.datetime | None]
