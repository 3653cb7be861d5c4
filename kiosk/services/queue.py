"""Queue tickets (lấy số thứ tự): issuing, estimating waits, calling the next one.

Numbers run per field per day, taken from a locked counter row (see
_next_number); the unique (field, day, number) constraint is the safety net.
A counter's calls run in turn (Database.lock), so it serves one ticket at a time.
Priority groups are called before everyone else, then first come first served.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock
from kiosk.core.errors import DeskClosed, TicketNotFound
from kiosk.core.vocab import PriorityGroup, TicketStatus
from kiosk.services.desk import DeskConfig
from kiosk.store.db import Database
from kiosk.store.idempotency import Claim, write_once
from kiosk.store.models import Ticket, TicketCounter

log = logging.getLogger(__name__)


def priority_class() -> ColumnElement[int]:
    """0 for anyone in a priority group, 1 for everyone else: sorts priority first."""
    return case((Ticket.priority == PriorityGroup.NONE.value, 1), else_=0)


@dataclass(frozen=True)
class QueuePolicy:
    history: int = 20
    default_service_minutes: float = 10.0


@dataclass(frozen=True)
class TicketView:
    ticket: Ticket
    people_ahead: int
    estimated_wait_minutes: int


@dataclass(frozen=True)
class CallResult:
    finished: Ticket | None
    called: Ticket | None


@dataclass(frozen=True)
class CounterState:
    counter_id: str
    name: str
    serving: str | None


@dataclass(frozen=True)
class Board:
    counters: list[CounterState]
    waiting: dict[str, int]


class QueueService:
    def __init__(self, db: Database, desk: DeskConfig, clock: Clock, policy: QueuePolicy) -> None:
        self.db, self.desk, self.clock, self.policy = db, desk, clock, policy

    def issue(self, field: str, priority: PriorityGroup, claim: Claim | None = None) -> TicketView:
        """A new number for today; refused once the desk has closed for the day. With a
        claim, at most one number per idempotency key."""
        field = self.desk.resolve_field(field)
        now = self.clock()
        closing = self.desk.closing_time(now.date())
        if closing is None or now >= closing:
            raise DeskClosed()
        prefix = self.desk.fields[field].prefix

        def attempt(session: Session) -> Ticket:
            number = _next_number(session, field, now.date())
            ticket = Ticket(
                day=now.date(),
                field=field,
                number=number,
                label=f"{prefix}-{number:03d}",
                priority=priority,
                status=TicketStatus.WAITING,
                issued_at=now,
            )
            session.add(ticket)
            session.flush()
            return ticket

        ticket = write_once(self.db, claim, Ticket, attempt, now)
        log.info("ticket %s %s", ticket.label, "replayed" if claim and claim.replayed else "issued")
        return self.view(ticket.id)

    def view(self, ticket_id: int) -> TicketView:
        with self.db.read() as session:
            ticket = session.get(Ticket, ticket_id)
            if ticket is None:
                raise TicketNotFound()
            ahead = self._people_ahead(session, ticket)
            minutes = self._service_minutes(session, ticket.field)
        counters = max(len(self.desk.counters_for(ticket.field)), 1)
        return TicketView(ticket, ahead, math.ceil(ahead * minutes / counters))

    def call_next(self, counter_id: str) -> CallResult:
        """Finish the counter's current ticket and call the next one it serves."""
        fields = self.desk.counter(counter_id).fields
        with self.db.write() as session:
            self.db.lock(session, f"queue-counter:{counter_id}")
            finished = self._finish_current(session, counter_id)
            now = self.clock()
            called = session.scalars(
                select(Ticket)
                .where(
                    Ticket.day == now.date(),
                    Ticket.status == TicketStatus.WAITING,
                    Ticket.field.in_(fields),
                )
                .order_by(priority_class(), Ticket.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            ).first()
            if called is not None:
                called.status, called.counter_id, called.called_at = (
                    TicketStatus.CALLED,
                    counter_id,
                    now,
                )
        if called is not None:
            log.info("counter %s calls %s", counter_id, called.label)
        return CallResult(finished, called)

    def finish(self, counter_id: str) -> Ticket | None:
        """Close the counter's current ticket without calling another."""
        self.desk.counter(counter_id)
        with self.db.write() as session:
            self.db.lock(session, f"queue-counter:{counter_id}")
            return self._finish_current(session, counter_id)

    def board(self) -> Board:
        """What a waiting-room display shows: who is served where, how many wait."""
        today = self.clock().date()
        with self.db.read() as session:
            serving = dict(
                session.execute(
                    select(Ticket.counter_id, Ticket.label).where(
                        Ticket.day == today, Ticket.status == TicketStatus.CALLED
                    )
                ).all()
            )
            waiting = dict(
                session.execute(
                    select(Ticket.field, func.count())
                    .where(Ticket.day == today, Ticket.status == TicketStatus.WAITING)
                    .group_by(Ticket.field)
                ).all()
            )
        counters = [CounterState(c.id, c.name, serving.get(c.id)) for c in self.desk.counters]
        return Board(counters, waiting)

    def _finish_current(self, session: Session, counter_id: str) -> Ticket | None:
        current = session.scalars(
            select(Ticket).where(
                Ticket.counter_id == counter_id, Ticket.status == TicketStatus.CALLED
            )
        ).all()
        for ticket in current:
            ticket.status, ticket.done_at = TicketStatus.DONE, self.clock()
        return current[-1] if current else None

    def _people_ahead(self, session: Session, ticket: Ticket) -> int:
        if ticket.status != TicketStatus.WAITING:
            return 0
        mine = 0 if ticket.priority != PriorityGroup.NONE else 1
        rank = priority_class()
        before = or_(rank < mine, and_(rank == mine, Ticket.id < ticket.id))
        return (
            session.scalar(
                select(func.count())
                .select_from(Ticket)
                .where(
                    Ticket.day == ticket.day,
                    Ticket.field == ticket.field,
                    Ticket.status == TicketStatus.WAITING,
                    before,
                )
            )
            or 0
        )

    def _service_minutes(self, session: Session, field: str) -> float:
        """Average service time of the field's last served tickets, or the default."""
        rows = session.execute(
            select(Ticket.called_at, Ticket.done_at)
            .where(
                Ticket.field == field,
                Ticket.status == TicketStatus.DONE,
                Ticket.called_at.is_not(None),
                Ticket.done_at.is_not(None),
            )
            .order_by(Ticket.done_at.desc(), Ticket.id.desc())
            .limit(self.policy.history)
        ).all()
        durations = [
            (done - called).total_seconds() / 60 for called, done in rows if called and done
        ]
        if not durations:
            return self.policy.default_service_minutes
        return sum(durations) / len(durations)


def _next_number(session: Session, field: str, day: dt.date) -> int:
    """Take the next number under a row lock; the first ticket of the day creates the row
    (two kiosks creating it at once collide on its primary key and one retries)."""
    counter = session.scalars(
        select(TicketCounter)
        .where(TicketCounter.field == field, TicketCounter.day == day)
        .with_for_update()
    ).one_or_none()
    if counter is None:
        counter = TicketCounter(field=field, day=day, last_number=0)
        session.add(counter)
    counter.last_number += 1
    session.flush()
    return counter.last_number
