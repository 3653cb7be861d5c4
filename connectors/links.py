"""Links between a chat and what the citizen began elsewhere: an appointment (booked in
the chat, or continued there with its code), a dossier (followed with its code and the
phone's last four digits), and the webhook deliveries already handled."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from kiosk.core.clock import Clock
from kiosk.services.dossiers import DossierService
from kiosk.services.identity import clean_code
from kiosk.store.channels import ChannelEvent, ChannelLink
from kiosk.store.db import Database
from kiosk.store.models import Appointment, Checklist, Dossier, DossierEvent

log = logging.getLogger(__name__)


def chat_of(channel: str, channel_user_id: str | None) -> str | None:
    """The chat id in a booking's channel user id ("telegram-12345" -> "12345")."""
    prefix = f"{channel}-"
    if (
        channel_user_id
        and channel_user_id.startswith(prefix)
        and len(channel_user_id) > len(prefix)
    ):
        return channel_user_id[len(prefix) :]
    return None


class LinkStore:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    def appointment(self, code: str) -> Appointment | None:
        with self.db.read() as session:
            return session.scalars(
                select(Appointment).where(Appointment.code == clean_code(code))
            ).one_or_none()

    def checklist(self, code: str) -> Checklist | None:
        with self.db.read() as session:
            return session.scalars(
                select(Checklist).where(Checklist.code == clean_code(code))
            ).one_or_none()

    def link_appointment(self, channel: str, chat_id: str, appointment_id: int) -> None:
        """Remind this chat of the appointment (once, however often it is linked)."""
        self._add(ChannelLink(channel=channel, chat_id=chat_id, appointment_id=appointment_id))

    def follow_dossier(self, channel: str, chat_id: str, code: str, last4: str) -> Dossier:
        """Notify this chat of the dossier's next status changes; DossierNotFound unless the
        code and the phone's last four digits match."""
        dossier = DossierService(self.db, self.clock).lookup(code, last4)
        with self.db.read() as session:
            seen = session.scalar(
                select(func.max(DossierEvent.id)).where(DossierEvent.dossier_id == dossier.id)
            )
        link = ChannelLink(channel=channel, chat_id=chat_id, dossier_id=dossier.id)
        link.seen_event_id = seen
        self._add(link)
        return dossier

    def _add(self, link: ChannelLink) -> None:
        link.created_at = self.clock()
        try:
            with self.db.write() as session:
                session.add(link)
        except IntegrityError:
            log.info("%s chat already linked", link.channel)  # linked before: nothing to do

    def link_bookings(self, channels: list[str], now: dt.datetime) -> int:
        """Link the chat an upcoming appointment was booked in, where not linked yet."""
        with self.db.write() as session:
            booked = session.scalars(
                select(Appointment).where(
                    Appointment.channel.in_(channels),
                    Appointment.starts_at > now,
                    Appointment.channel_user_id.is_not(None),
                    ~select(ChannelLink.id)
                    .where(
                        ChannelLink.appointment_id == Appointment.id,
                        ChannelLink.channel == Appointment.channel,
                    )
                    .exists(),
                )
            ).all()
            added = 0
            for appointment in booked:
                chat_id = chat_of(appointment.channel, appointment.channel_user_id)
                if chat_id is not None:
                    session.add(_booking_link(appointment, chat_id))
                    added += 1
        return added


def _booking_link(appointment: Appointment, chat_id: str) -> ChannelLink:
    # Known since the booking: reminders due before it are not planned.
    return ChannelLink(
        channel=appointment.channel,
        chat_id=chat_id,
        appointment_id=appointment.id,
        created_at=appointment.created_at,
    )


class EventLog:
    """Webhook deliveries already handled: a retry of one is answered, not processed."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    def first_time(self, channel: str, event_id: str) -> bool:
        try:
            with self.db.write() as session:
                session.add(
                    ChannelEvent(channel=channel, event_id=event_id[:128], received_at=self.clock())
                )
        except IntegrityError:
            return False
        return True

    def forget_before(self, moment: dt.datetime) -> None:
        """Retries come within hours; older entries are dropped."""
        with self.db.write() as session:
            session.execute(delete(ChannelEvent).where(ChannelEvent.received_at < moment))
