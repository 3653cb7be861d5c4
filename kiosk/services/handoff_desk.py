"""Handoffs, the staff's side: the live list, the conversation so far, take, answer,
call to a counter.

An answer is written to the request (the kiosk shows it, the channel connectors send
it to Telegram or Zalo: connectors/handoff_replies.py) and to the conversation's
transcript as a "staff" line, so the conversation reads in order and a citizen's
export or deletion by phone covers it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock
from kiosk.core.errors import HandoffClosed
from kiosk.core.vocab import Channel, HandoffStatus
from kiosk.services.desk import DeskConfig
from kiosk.services.handoffs import OPEN, find
from kiosk.store.analytics import TranscriptLine
from kiosk.store.db import Database
from kiosk.store.models import Handoff

log = logging.getLogger(__name__)
STAFF_ROLE = "staff"
# Answers on these channels are sent to the citizen's chat.
PUSHED = frozenset({Channel.TELEGRAM, Channel.ZALO})
PENDING, SENT, FAILED = "pending", "sent", "failed"
CONVERSATION_LINES = 200


@dataclass(frozen=True)
class Said:
    role: str  # citizen, assistant, staff
    text: str
    at: dt.datetime | None  # None for lines the assistant sent with the request


@dataclass(frozen=True)
class HandoffCase:
    handoff: Handoff
    conversation: list[Said]


def conversation(session: Session, handoff: Handoff) -> list[Said]:
    """The chat so far (recorded transcript), or the lines sent with the request."""
    lines = session.scalars(
        select(TranscriptLine)
        .where(
            TranscriptLine.channel == handoff.channel, TranscriptLine.sender_id == handoff.sender_id
        )
        .order_by(TranscriptLine.id.desc())
        .limit(CONVERSATION_LINES)
    ).all()
    if lines:
        return [Said(t.role, t.text, t.created_at) for t in reversed(lines)]
    return [Said("citizen", text, None) for text in handoff.transcript]


class HandoffDesk:
    def __init__(self, db: Database, clock: Clock, desk: DeskConfig) -> None:
        self.db, self.clock, self.desk = db, clock, desk

    def open_requests(self) -> list[Handoff]:
        """Waiting and taken requests, oldest first (the console's live list)."""
        with self.db.read() as session:
            query = (
                select(Handoff)
                .where(Handoff.status.in_(OPEN))
                .order_by(Handoff.created_at, Handoff.id)
            )
            return list(session.scalars(query))

    def case(self, code: str) -> HandoffCase:
        with self.db.read() as session:
            handoff = find(session, code)
            return HandoffCase(handoff, conversation(session, handoff))

    def take(self, code: str, user: str) -> Handoff:
        with self.db.write() as session:
            handoff = self._open(session, code)
            handoff.status = HandoffStatus.TAKEN
            handoff.taken_by, handoff.taken_at = user[:64], self.clock()
        log.info("handoff %s taken", handoff.code)
        return handoff

    def answer(self, code: str, user: str, text: str, counter_id: str | None = None) -> Handoff:
        """Answer in words, or call the citizen to a counter (`counter_id`)."""
        counter = self.desk.counter(counter_id) if counter_id is not None else None
        if counter is not None:
            text = f"Mời bạn đến {counter.name} để cán bộ hỗ trợ trực tiếp. {text}".strip()
        now = self.clock()
        with self.db.write() as session:
            handoff = self._open(session, code)
            if handoff.status == HandoffStatus.WAITING:
                handoff.taken_by, handoff.taken_at = user[:64], now
            handoff.status = HandoffStatus.TAKEN
            handoff.answer, handoff.answered_at = text, now
            handoff.counter_id = counter.id if counter is not None else None
            handoff.reply_delivery = PENDING if handoff.channel in PUSHED else None
            session.add(
                TranscriptLine(
                    channel=handoff.channel,
                    sender_id=handoff.sender_id,
                    role=STAFF_ROLE,
                    text=text,
                    created_at=now,
                )
            )
        log.info("handoff %s answered%s", handoff.code, " (counter)" if counter else "")
        return handoff

    def mark_delivery(self, code: str, outcome: str) -> None:
        """Record whether the answer reached the citizen's Telegram/Zalo chat."""
        with self.db.write() as session:
            find(session, code).reply_delivery = outcome

    def _open(self, session: Session, code: str) -> Handoff:
        handoff = find(session, code, lock=True)
        if handoff.status == HandoffStatus.CLOSED:
            raise HandoffClosed(handoff.code)
        return handoff
