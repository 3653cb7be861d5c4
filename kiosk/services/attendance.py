"""The desk's day of appointments: who is expected, check-in on arrival, no-shows."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock
from kiosk.core.errors import ActionRefused, UnknownCode
from kiosk.core.vocab import AppointmentStatus
from kiosk.services.identity import clean_code
from kiosk.store.db import Database
from kiosk.store.models import Appointment

log = logging.getLogger(__name__)


class AttendanceService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db, self.clock = db, clock

    def day(self, day: dt.date | None = None) -> list[Appointment]:
        """Every appointment of a day (today by default), cancelled ones included, by time."""
        first = dt.datetime.combine(day or self.clock().date(), dt.time.min)
        with self.db.read() as session:
            return list(
                session.scalars(
                    select(Appointment)
                    .where(
                        Appointment.starts_at >= first,
                        Appointment.starts_at < first + dt.timedelta(days=1),
                    )
                    .order_by(Appointment.starts_at, Appointment.id)
                )
            )

    def check_in(self, code: str) -> Appointment:
        """The citizen is at the desk: only a booked appointment of today."""
        now = self.clock()
        with self.db.write() as session:
            appointment = self._booked(_by_code(session, code))
            if appointment.starts_at.date() != now.date():
                raise ActionRefused(f"lịch hẹn này vào ngày {appointment.starts_at:%d/%m/%Y}")
            appointment.status, appointment.updated_at = AppointmentStatus.CHECKED_IN, now
        log.info("appointment %s checked in", appointment.code)
        return appointment

    def no_show(self, code: str) -> Appointment:
        """The slot has begun and the citizen did not come."""
        now = self.clock()
        with self.db.write() as session:
            appointment = self._booked(_by_code(session, code))
            if appointment.starts_at > now:
                raise ActionRefused(f"chưa đến giờ hẹn {appointment.starts_at:%H:%M}")
            appointment.status, appointment.updated_at = AppointmentStatus.NO_SHOW, now
        log.info("appointment %s marked no-show", appointment.code)
        return appointment

    @staticmethod
    def _booked(appointment: Appointment) -> Appointment:
        if appointment.status != AppointmentStatus.BOOKED:
            raise ActionRefused(f"lịch hẹn đang ở trạng thái «{appointment.status}»")
        return appointment


def _by_code(session: Session, code: str) -> Appointment:
    appointment = session.scalars(
        select(Appointment).where(Appointment.code == clean_code(code))
    ).one_or_none()
    if appointment is None:
        raise UnknownCode("lịch hẹn", clean_code(code))
    return appointment
