"""Appointment reminders and dossier status notices, from a schedule kept in the database.

Each cycle plans what is due (idempotent: one row per link, kind and target), claims
due rows atomically (pending -> sending, with a claim token, so two workers never
take the same row), sends them, and marks them sent, skipped or failed. A restart
therefore neither loses a reminder (rows wait in the database) nor repeats one (a
sent row is never claimed again). A process shut down (a restart, a scale-down)
finishes the message it is sending and hands its other claimed rows back, so another
replica sends them at once. Only a process killed (-9, power) between sending and
marking leaves a row in `sending`; after the lease it is sent again, the one case
where a reminder may arrive twice rather than not at all.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from connectors.delivery import RecipientUnreachable, Sender
from connectors.links import EventLog, LinkStore
from connectors.messages import Outgoing
from connectors.notices import appointment_reminder, dossier_notice
from connectors.schedule import ReminderRule, plan
from kiosk.core.clock import Clock
from kiosk.core.vocab import AppointmentStatus
from kiosk.services.desk import DeskConfig
from kiosk.store.channels import ChannelLink
from kiosk.store.channels import ChannelNotification as Notification
from kiosk.store.db import Database
from kiosk.store.models import Appointment, Dossier, DossierEvent

log = logging.getLogger(__name__)

PENDING, SENDING, SENT, SKIPPED, FAILED = "pending", "sending", "sent", "skipped", "failed"
DOSSIER = "dossier"
LEASE = dt.timedelta(minutes=10)
EVENT_MEMORY = dt.timedelta(days=2)  # webhook retries come within hours
BATCH = 50


@dataclass(frozen=True)
class Due:
    id: int
    channel: str
    chat_id: str
    kind: str
    target: str
    expires_at: dt.datetime | None
    attempts: int
    appointment_id: int | None
    dossier_id: int | None


class Notifier:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        desk: DeskConfig,
        rules: list[ReminderRule],
        senders: dict[str, Sender],
        max_attempts: int = 5,
    ) -> None:
        self.db, self.clock, self.desk, self.rules = db, clock, desk, rules
        self.senders, self.max_attempts = senders, max_attempts
        self.links = LinkStore(db, clock)
        self.events = EventLog(db, clock)

    async def run_forever(self, interval: float) -> None:
        """One cycle every `interval` seconds until cancelled; a failing cycle is logged."""
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("notifications: cycle failed")
            await asyncio.sleep(interval)

    async def run_once(self) -> int:
        """Plan, claim and send what is due now; the number sent."""
        channels = [name for name, sender in self.senders.items() if sender.available]
        if not channels:
            return 0
        now = self.clock()
        await run_in_threadpool(self.plan, now)
        claim = uuid.uuid4().hex
        sent = 0
        try:
            for due in await run_in_threadpool(self.claim, now, claim, channels):
                sent += await self.deliver(due, claim)
        except asyncio.CancelledError:  # shutting down: another replica sends the rest now
            await run_in_threadpool(self.release, claim)
            raise
        return sent

    # -- planning ---------------------------------------------------------------

    def plan(self, now: dt.datetime) -> None:
        channels = list(self.senders)
        self.events.forget_before(now - EVENT_MEMORY)
        self.links.link_bookings(channels, now)
        self.db.write_retrying(lambda session: self._plan(session, channels, now))

    def _plan(self, session: Session, channels: list[str], now: dt.datetime) -> None:
        upcoming = session.execute(
            select(ChannelLink, Appointment)
            .join(Appointment, ChannelLink.appointment_id == Appointment.id)
            .where(
                ChannelLink.channel.in_(channels),
                Appointment.status == AppointmentStatus.BOOKED,
                Appointment.starts_at > now,
            )
        ).all()
        known = _existing(session, [link.id for link, _ in upcoming])
        for link, appointment in upcoming:
            target = appointment.starts_at.isoformat()
            for planned in plan(self.rules, appointment.starts_at, link.created_at):
                if (link.id, planned.rule.spec, target) not in known:
                    session.add(
                        _row(
                            link, planned.rule.spec, target, planned.due_at, now, planned.expires_at
                        )
                    )
        self._plan_dossiers(session, channels, now)

    def _plan_dossiers(self, session: Session, channels: list[str], now: dt.datetime) -> None:
        changes = session.execute(
            select(ChannelLink, DossierEvent)
            .join(DossierEvent, DossierEvent.dossier_id == ChannelLink.dossier_id)
            .where(
                ChannelLink.channel.in_(channels),
                DossierEvent.id > func.coalesce(ChannelLink.seen_event_id, 0),
            )
            .order_by(DossierEvent.id)
        ).all()
        for link, event in changes:
            session.add(_row(link, DOSSIER, str(event.id), now, now, None))
            link.seen_event_id = event.id

    # -- claiming and sending ---------------------------------------------------------

    def claim(self, now: dt.datetime, claim: str, channels: list[str]) -> list[Due]:
        """Take due rows of these channels for this cycle (pending -> sending)."""
        with self.db.write() as session:
            session.execute(  # claimed by a process that died before marking them
                update(Notification)
                .where(Notification.status == SENDING, Notification.claimed_at < now - LEASE)
                .values(status=PENDING, claim=None)
            )
            ids = (
                select(Notification.id)
                .join(ChannelLink, Notification.link_id == ChannelLink.id)
                .where(
                    Notification.status == PENDING,
                    Notification.due_at <= now,
                    ChannelLink.channel.in_(channels),
                )
                .order_by(Notification.due_at)
                .limit(BATCH)
            )
            session.execute(
                update(Notification)
                .where(Notification.id.in_(ids), Notification.status == PENDING)
                .values(
                    status=SENDING,
                    claim=claim,
                    claimed_at=now,
                    attempts=Notification.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
            rows = session.execute(
                select(Notification, ChannelLink)
                .join(ChannelLink, Notification.link_id == ChannelLink.id)
                .where(Notification.claim == claim)
                .order_by(Notification.due_at)
            ).all()
            return [_due(n, link) for n, link in rows]

    async def deliver(self, due: Due, claim: str) -> int:
        """Send one and mark it. A shutdown waits for the send under way to be marked: a
        message sent but left `sending` would be sent again after the lease."""
        delivery = asyncio.ensure_future(self._deliver(due, claim))
        try:
            return await asyncio.shield(delivery)
        except asyncio.CancelledError:
            await delivery
            raise

    async def _deliver(self, due: Due, claim: str) -> int:
        messages = await run_in_threadpool(self.compose, due)
        sender = self.senders.get(due.channel)
        if messages is None or sender is None:
            await run_in_threadpool(self.finish, due, claim, SKIPPED)
            return 0
        try:
            await sender.send(due.chat_id, messages)
        except RecipientUnreachable as error:
            log.info(
                "notification %d skipped: %s chat unreachable (%s)", due.id, due.channel, error
            )
            await run_in_threadpool(self.finish, due, claim, SKIPPED)
            return 0
        except Exception as error:  # ChannelUnavailable, or anything unexpected: try again later
            log.warning("notification %d not sent: %s (%s)", due.id, due.channel, error)
            await run_in_threadpool(self.retry_later, due, claim)
            return 0
        await run_in_threadpool(self.finish, due, claim, SENT)
        log.info("notification %d sent on %s (%s)", due.id, due.channel, due.kind)
        return 1

    def compose(self, due: Due) -> list[Outgoing] | None:
        """The messages, or None when there is nothing to say any more."""
        now = self.clock()
        if due.expires_at is not None and now >= due.expires_at:
            return None
        with self.db.read() as session:
            if due.kind == DOSSIER:
                event = session.get(DossierEvent, int(due.target))
                dossier = session.get(Dossier, due.dossier_id) if due.dossier_id else None
                if event is None or dossier is None:
                    return None
                return [dossier_notice(dossier, event)]
            appointment = (
                session.get(Appointment, due.appointment_id) if due.appointment_id else None
            )
        if (
            appointment is None
            or appointment.status != AppointmentStatus.BOOKED
            or appointment.starts_at.isoformat() != due.target  # moved: its own reminders
        ):
            return None
        return [appointment_reminder(appointment, self.desk)]

    def release(self, claim: str) -> None:
        """Hand back what this cycle claimed and has not sent (pending again, at once)."""
        with self.db.write() as session:
            session.execute(
                update(Notification)
                .where(Notification.claim == claim, Notification.status == SENDING)
                .values(status=PENDING, claim=None, attempts=Notification.attempts - 1)
            )

    def finish(self, due: Due, claim: str, status: str) -> None:
        with self.db.write() as session:
            session.execute(
                update(Notification)
                .where(Notification.id == due.id, Notification.claim == claim)
                .values(status=status, finished_at=self.clock())
            )

    def retry_later(self, due: Due, claim: str) -> None:
        now = self.clock()
        if due.attempts >= self.max_attempts:
            self.finish(due, claim, FAILED)
            return
        backoff = dt.timedelta(minutes=min(2**due.attempts, 60))
        with self.db.write() as session:
            session.execute(
                update(Notification)
                .where(Notification.id == due.id, Notification.claim == claim)
                .values(status=PENDING, claim=None, due_at=now + backoff)
            )


def _existing(session: Session, link_ids: list[int]) -> set[tuple[int, str, str]]:
    found: set[tuple[int, str, str]] = set()
    for start in range(0, len(link_ids), 500):
        rows = session.execute(
            select(Notification.link_id, Notification.kind, Notification.target).where(
                Notification.link_id.in_(link_ids[start : start + 500])
            )
        )
        found.update((link_id, kind, target) for link_id, kind, target in rows)
    return found


def _row(
    link: ChannelLink,
    kind: str,
    target: str,
    due_at: dt.datetime,
    now: dt.datetime,
    expires_at: dt.datetime | None,
) -> Notification:
    return Notification(
        link_id=link.id,
        kind=kind,
        target=target,
        due_at=due_at,
        expires_at=expires_at,
        status=PENDING,
        attempts=0,
        created_at=now,
    )


def _due(notification: Notification, link: ChannelLink) -> Due:
    return Due(
        notification.id,
        link.channel,
        link.chat_id,
        notification.kind,
        notification.target,
        notification.expires_at,
        notification.attempts,
        link.appointment_id,
        link.dossier_id,
    )
