"""The waiting-room display: numbers called most recently, and at which counter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from kiosk.core.clock import Clock
from kiosk.services.desk import DeskConfig
from kiosk.store.db import Database
from kiosk.store.models import Ticket


@dataclass(frozen=True)
class Call:
    label: str
    field: str
    counter_id: str
    counter_name: str
    called_at: dt.datetime
    serving: bool  # still at the counter (not finished)


class QueueDisplay:
    def __init__(self, db: Database, desk: DeskConfig, clock: Clock) -> None:
        self.db, self.desk, self.clock = db, desk, clock

    def recent_calls(self, limit: int = 6) -> list[Call]:
        """Today's calls, newest first: the first one is what the display announces."""
        today = self.clock().date()
        with self.db.read() as session:
            tickets = session.scalars(
                select(Ticket)
                .where(Ticket.day == today, Ticket.called_at.is_not(None))
                .order_by(Ticket.called_at.desc(), Ticket.id.desc())
                .limit(limit)
            ).all()
        names = {c.id: c.name for c in self.desk.counters}
        return [
            Call(
                t.label,
                t.field,
                t.counter_id or "",
                names.get(t.counter_id or "", t.counter_id or ""),
                t.called_at,
                t.done_at is None,
            )
            for t in tickets
            if t.called_at is not None
        ]
