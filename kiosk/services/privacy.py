"""A citizen's own data, found by phone number: exported as JSON or deleted.

What a phone number leads to:
- appointments booked with it, and the chats they were booked in or linked to
  (Telegram, Zalo: `channel_user_id`, channel links);
- complaints with it as contact, or mentioning it;
- rating comments and chat messages that mention it, and so the whole chat
  they belong to;
- chat transcripts and staff handoffs of those chats, and handoffs that left it as
  the number to call back.

Dossiers are not included: the store keeps only the last four digits of a
dossier's phone, which do not identify one person. Questions kept for
statistics are masked and carry no sender, so they are not personal data.

Deletion runs in one transaction (all or nothing). A rating keeps its score
(anonymous once its comment is gone). Each export or deletion leaves an audit
record with the phone masked, the staff member and the counts.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, or_, select, tuple_
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock, desk_isoformat
from kiosk.store.analytics import PrivacyAudit, TranscriptLine
from kiosk.store.channels import ChannelLink, ChannelNotification
from kiosk.store.db import Database
from kiosk.store.models import Appointment, Complaint, Handoff, Rating
from vntext.masking import mask_phone, mentions_phone

log = logging.getLogger(__name__)
Chat = tuple[str, str]  # (channel, Rasa sender id such as "telegram-12345")


@dataclass
class Found:
    """The rows that belong to one phone number, found inside one session."""

    appointments: list[Appointment] = field(default_factory=list)
    links: list[ChannelLink] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)
    transcript: list[TranscriptLine] = field(default_factory=list)
    handoffs: list[Handoff] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "appointments": len(self.appointments),
            "channel_links": len(self.links),
            "complaints": len(self.complaints),
            "rating_comments": len(self.ratings),
            "transcript_lines": len(self.transcript),
            "handoffs": len(self.handoffs),
        }


def _chats(session: Session, phone: str, appointments: list[Appointment]) -> set[Chat]:
    chats = {(a.channel, a.channel_user_id) for a in appointments if a.channel_user_id}
    ids = [a.id for a in appointments]
    if ids:
        links = session.scalars(select(ChannelLink).where(ChannelLink.appointment_id.in_(ids)))
        chats |= {(link.channel, f"{link.channel}-{link.chat_id}") for link in links}
    said = session.execute(
        select(TranscriptLine.channel, TranscriptLine.sender_id, TranscriptLine.text)
    )
    chats |= {(c, s) for c, s, text in said if mentions_phone(text, phone)}
    called = session.execute(  # a call-back number left with a handoff request
        select(Handoff.channel, Handoff.sender_id).where(Handoff.callback_phone == phone)
    )
    chats |= {(c, s) for c, s in called}
    return chats


def find(session: Session, phone: str) -> Found:
    found = Found()
    found.appointments = list(
        session.scalars(
            select(Appointment).where(Appointment.phone == phone).order_by(Appointment.id)
        )
    )
    chats = _chats(session, phone, found.appointments)
    appointment_ids = [a.id for a in found.appointments]
    link_filters = [ChannelLink.appointment_id.in_(appointment_ids)] if appointment_ids else []
    if chats:
        link_filters.append(
            tuple_(ChannelLink.channel, ChannelLink.chat_id).in_(
                [(c, s.removeprefix(f"{c}-")) for c, s in chats]
            )
        )
        found.transcript = list(
            session.scalars(
                select(TranscriptLine)
                .where(tuple_(TranscriptLine.channel, TranscriptLine.sender_id).in_(list(chats)))
                .order_by(TranscriptLine.id)
            )
        )
    if link_filters:
        found.links = list(session.scalars(select(ChannelLink).where(or_(*link_filters))))
    found.complaints = [
        c
        for c in session.scalars(select(Complaint).order_by(Complaint.id))
        if c.contact_phone == phone or mentions_phone(c.content, phone)
    ]
    found.ratings = [
        r
        for r in session.scalars(
            select(Rating).where(Rating.comment.is_not(None)).order_by(Rating.id)
        )
        if mentions_phone(r.comment, phone)
    ]
    found.handoffs = [
        h
        for h in session.scalars(select(Handoff).order_by(Handoff.id))
        if (h.channel, h.sender_id) in chats or any(mentions_phone(t, phone) for t in h.transcript)
    ]
    return found


def _time(value: dt.datetime | dt.date | None) -> str | None:
    """A day as YYYY-MM-DD, a moment with the desk's UTC offset (RFC 3339)."""
    if isinstance(value, dt.datetime):
        return desk_isoformat(value)
    return value.isoformat() if value is not None else None


def export_document(phone: str, found: Found, now: dt.datetime) -> dict[str, Any]:
    """Everything found, as a JSON document for the citizen."""
    return {
        "phone": phone,
        "exported_at": desk_isoformat(now),
        "appointments": [
            {
                "code": a.code,
                "field": a.field,
                "starts_at": _time(a.starts_at),
                "status": a.status,
                "procedure_id": a.procedure_id,
                "name": a.name,
                "phone": a.phone,
                "priority": a.priority,
                "channel": a.channel,
                "created_at": _time(a.created_at),
            }
            for a in found.appointments
        ],
        "channel_links": [
            {"channel": link.channel, "created_at": _time(link.created_at)} for link in found.links
        ],
        "complaints": [
            {
                "code": c.code,
                "content": c.content,
                "contact_name": c.contact_name,
                "contact_phone": c.contact_phone,
                "status": c.status,
                "answer": c.answer,
                "created_at": _time(c.created_at),
                "due_on": _time(c.due_on),
            }
            for c in found.complaints
        ],
        "ratings": [
            {"score": r.score, "comment": r.comment, "created_at": _time(r.created_at)}
            for r in found.ratings
        ],
        "transcripts": [
            {"channel": t.channel, "role": t.role, "text": t.text, "at": _time(t.created_at)}
            for t in found.transcript
        ],
        "handoffs": [
            {
                "code": h.code,
                "channel": h.channel,
                "reason": h.reason,
                "transcript": h.transcript,
                "answer": h.answer,
                "callback_phone": h.callback_phone,
                "created_at": _time(h.created_at),
            }
            for h in found.handoffs
        ],
    }


@dataclass(frozen=True)
class Erasure:
    counts: dict[str, int]


class PrivacyService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    def export(self, phone: str, actor: str) -> dict[str, Any]:
        now = self.clock()
        with self.db.write() as session:
            found = find(session, phone)
            document = export_document(phone, found, now)
            self._audit(session, "export", phone, actor, found.counts(), now)
        log.info("personal data exported by %s: %s", actor, found.counts())
        return document

    def delete(self, phone: str, actor: str) -> Erasure:
        """Delete everything found, in one transaction, with its audit record."""
        now = self.clock()
        with self.db.write() as session:
            found = find(session, phone)
            link_ids = [link.id for link in found.links]
            if link_ids:
                session.execute(
                    delete(ChannelNotification).where(ChannelNotification.link_id.in_(link_ids))
                )
            for rows in (found.links, found.transcript, found.handoffs, found.complaints):
                for row in rows:
                    session.delete(row)
            session.flush()  # links go before the appointments they point to
            for appointment in found.appointments:
                session.delete(appointment)
            for rating in found.ratings:
                rating.comment = None
            counts = found.counts()
            self._audit(session, "delete", phone, actor, counts, now)
        log.info("personal data deleted by %s: %s", actor, counts)
        return Erasure(counts)

    def _audit(
        self,
        session: Session,
        action: str,
        phone: str,
        actor: str,
        counts: dict[str, int],
        now: dt.datetime,
    ) -> None:
        session.add(
            PrivacyAudit(
                action=action, subject=mask_phone(phone), actor=actor, counts=counts, created_at=now
            )
        )

    def audit_log(self, limit: int = 50) -> list[PrivacyAudit]:
        with self.db.read() as session:
            return list(
                session.scalars(select(PrivacyAudit).order_by(PrivacyAudit.id.desc()).limit(limit))
            )
