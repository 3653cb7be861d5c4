"""Handoffs: the assistant (or the kiosk's "Gặp cán bộ" button) asks for a person.

The citizen's side lives here: raising a request, following it (place in the line,
or outside opening hours a call-back with consent) and reading the staff's answer.
The conversation is identified by its channel and sender id, which only that
conversation knows (a kiosk session id, a Telegram chat): following a request needs
both its code and its sender id. The staff's side is kiosk/services/handoff_desk.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock
from kiosk.core.errors import CounterNotFound, HandoffClosed, HandoffNotFound
from kiosk.core.vocab import Channel, HandoffStatus
from kiosk.services.desk import DeskConfig
from kiosk.services.handoff_status import DeskMoment, HandoffState, next_step
from kiosk.services.identity import clean_code, new_code
from kiosk.store.db import Database
from kiosk.store.models import Handoff

log = logging.getLogger(__name__)
OPEN = (HandoffStatus.WAITING, HandoffStatus.TAKEN)


@dataclass(frozen=True)
class HandoffDraft:
    channel: Channel
    sender_id: str
    reason: str
    procedure_id: str | None = None
    transcript: list[str] = field(default_factory=list)


def find(session: Session, code: str, *, lock: bool = False) -> Handoff:
    query = select(Handoff).where(Handoff.code == clean_code(code))
    handoff = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if handoff is None:
        raise HandoffNotFound()
    return handoff


def _owned(session: Session, code: str, sender_id: str, *, lock: bool = False) -> Handoff:
    """The request, if `sender_id` is its conversation's; else not found (same answer)."""
    handoff = find(session, code, lock=lock)
    if handoff.sender_id != sender_id:
        raise HandoffNotFound()
    return handoff


def _waiting_before(session: Session, handoff: Handoff) -> int:
    if handoff.status != HandoffStatus.WAITING:
        return 0
    query = select(func.count()).where(
        Handoff.status == HandoffStatus.WAITING, Handoff.id < handoff.id
    )
    return int(session.scalar(query) or 0)


class HandoffService:
    def __init__(self, db: Database, clock: Clock, desk: DeskConfig) -> None:
        self.db, self.clock, self.desk = db, clock, desk

    def state(self, session: Session, handoff: Handoff) -> HandoffState:
        """What the citizen is told about this request now."""
        now = self.clock()
        moment = DeskMoment(self.desk.is_open(now), self.desk.next_opening(now))
        ahead = _waiting_before(session, handoff)
        counter = self._counter_name(handoff.counter_id)
        return HandoffState(
            handoff, ahead, moment, counter, next_step(handoff, ahead, moment, counter)
        )

    def _counter_name(self, counter_id: str | None) -> str | None:
        if counter_id is None:
            return None
        try:
            return self.desk.counter(counter_id).name
        except CounterNotFound:  # the desk config changed since
            return None

    def request(self, draft: HandoffDraft) -> HandoffState:
        """Record the request; an open one from the same conversation is reused."""

        def attempt(session: Session) -> HandoffState:
            # Reused while nobody has answered it; a new question after an answer is new.
            handoff = session.scalars(
                select(Handoff).where(
                    Handoff.sender_id == draft.sender_id,
                    Handoff.channel == draft.channel,
                    Handoff.status.in_(OPEN),
                    Handoff.answer.is_(None),
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
            return self.state(session, handoff)

        state = self.db.write_retrying(attempt)
        log.info("handoff %s requested (%s)", state.handoff.code, state.handoff.reason)
        return state

    def follow(self, code: str, sender_id: str) -> HandoffState:
        """The request as its conversation sees it (polled by the kiosk)."""
        with self.db.read() as session:
            return self.state(session, _owned(session, code, sender_id))

    def callback(self, code: str, sender_id: str, phone: str) -> HandoffState:
        """The citizen agrees to be called back on `phone` (asked outside opening hours)."""
        with self.db.write() as session:
            handoff = _owned(session, code, sender_id, lock=True)
            if handoff.status == HandoffStatus.CLOSED:
                raise HandoffClosed(handoff.code)
            handoff.callback_phone = phone
            handoff.callback_consent_at = self.clock()
            session.flush()
            state = self.state(session, handoff)
        log.info("handoff %s: call-back number left with consent", state.handoff.code)
        return state

    def waiting(self) -> list[Handoff]:
        """Requests nobody has taken yet, oldest first."""
        with self.db.read() as session:
            query = (
                select(Handoff)
                .where(Handoff.status == HandoffStatus.WAITING)
                .order_by(Handoff.created_at, Handoff.id)
            )
            return list(session.scalars(query))

    def close(self, code: str) -> Handoff:
        with self.db.write() as session:
            handoff = find(session, code)
            if handoff.status != HandoffStatus.CLOSED:
                handoff.status = HandoffStatus.CLOSED
                handoff.closed_at = self.clock()
        log.info("handoff %s closed", handoff.code)
        return handoff
