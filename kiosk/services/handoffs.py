"""Handoffs: the assistant asks for a person; desk staff see the queue and close it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock
from kiosk.core.errors import HandoffNotFound
from kiosk.core.vocab import Channel, HandoffStatus
from kiosk.services.identity import clean_code, new_code
from kiosk.store.db import Database
from kiosk.store.models import Handoff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HandoffDraft:
    channel: Channel
    sender_id: str
    reason: str
    procedure_id: str | None = None
    transcript: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class HandoffTicket:
    handoff: Handoff
    waiting_before: int


class HandoffService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    def request(self, draft: HandoffDraft) -> HandoffTicket:
        """Record the request; an open one from the same conversation is reused."""

        def attempt(session: Session) -> HandoffTicket:
            handoff = session.scalars(
                select(Handoff).where(
                    Handoff.sender_id == draft.sender_id,
                    Handoff.channel == draft.channel,
                    Handoff.status == HandoffStatus.WAITING,
                )
            ).first()
            if handoff is None:
                handoff = Handoff(
                    code=new_code("YC"),
                    channel=draft.channel,
                    sender_id=draft.sender_id,
                    reason=draft.reason,
                    procedure_id=draft.procedure_id,
                    transcript=draft.transcript,
                    status=HandoffStatus.WAITING,
                    created_at=self.clock(),
                )
                session.add(handoff)
                session.flush()
            return HandoffTicket(handoff, _waiting_before(session, handoff))

        ticket = self.db.write_retrying(attempt)
        log.info("handoff %s requested (%s)", ticket.handoff.code, ticket.handoff.reason)
        return ticket

    def waiting(self) -> list[Handoff]:
        """Open requests, oldest first (what the staff console shows)."""
        with self.db.read() as session:
            query = (
                select(Handoff)
                .where(Handoff.status == HandoffStatus.WAITING)
                .order_by(Handoff.created_at, Handoff.id)
            )
            return list(session.scalars(query))

    def close(self, code: str) -> Handoff:
        with self.db.write() as session:
            handoff = session.scalars(
                select(Handoff).where(Handoff.code == clean_code(code))
            ).one_or_none()
            if handoff is None:
                raise HandoffNotFound()
            if handoff.status != HandoffStatus.CLOSED:
                handoff.status = HandoffStatus.CLOSED
                handoff.closed_at = self.clock()
        log.info("handoff %s closed", handoff.code)
        return handoff


def _waiting_before(session: Session, handoff: Handoff) -> int:
    query = select(func.count()).where(
        Handoff.status == HandoffStatus.WAITING, Handoff.id < handoff.id
    )
    return int(session.scalar(query) or 0)
