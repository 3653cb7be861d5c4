"""Appointments (lịch hẹn): free slots, booking, cancelling, rescheduling.

A slot holds `capacity` seats per field. Booking takes the lowest free seat
inside one write transaction; the unique (field, starts_at, seat) constraint
makes over-booking impossible on any database, and a transaction that loses
the race is retried (see kiosk.store.db).

One phone number holds one seat per slot time and at most `per_phone_per_day` active
appointments on one day (cancelled ones do not count), so nobody can take every seat
of a slot. The count is
taken under a lock per phone number (PostgreSQL; SQLite serialises writers anyway),
so parallel bookings with one number cannot pass it together.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.clock import Clock, desk_zone, to_local
from kiosk.core.errors import (
    BookingNotActive,
    BookingNotFound,
    InvalidDateRange,
    PhoneBookingLimit,
    PhoneSlotTaken,
    ProcedureFieldMismatch,
    SlotFull,
    SlotUnavailable,
)
from kiosk.core.vocab import AppointmentStatus, Channel, PriorityGroup
from kiosk.services.desk import DeskConfig
from kiosk.services.identity import clean_code, new_code
from kiosk.services.knowledge_handle import KnowledgeHandle
from kiosk.services.procedures import require_procedure
from kiosk.store.db import Database
from kiosk.store.idempotency import Claim, write_once
from kiosk.store.models import Appointment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FreeSlot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    remaining: int


@dataclass(frozen=True)
class BookingRequest:
    field: str
    starts_at: dt.datetime
    name: str
    phone: str
    priority: PriorityGroup = PriorityGroup.NONE
    channel: Channel = Channel.KIOSK
    channel_user_id: str | None = None
    procedure_id: str | None = None


@dataclass(frozen=True)
class AppointmentPolicy:
    horizon_days: int = 30
    max_range_days: int = 31
    alternatives: int = 3
    per_phone_per_day: int = 2


class AppointmentService:
    def __init__(
        self,
        db: Database,
        desk: DeskConfig,
        clock: Clock,
        knowledge: KnowledgeHandle,
        policy: AppointmentPolicy,
    ) -> None:
        self.db, self.desk, self.clock, self.knowledge = db, desk, clock, knowledge
        self.policy = policy
        self.zone = desk_zone(desk.timezone)

    # -- reading ----------------------------------------------------------------

    def free_slots(self, field: str, first: dt.date, last: dt.date) -> list[FreeSlot]:
        """Bookable slots with seats left, from now on, within the booking horizon."""
        field = self.desk.resolve_field(field)
        if last < first:
            raise InvalidDateRange("ngày kết thúc trước ngày bắt đầu")
        if (last - first).days + 1 > self.policy.max_range_days:
            raise InvalidDateRange(f"tối đa {self.policy.max_range_days} ngày mỗi lần tra cứu")
        now = self.clock()
        first = max(first, now.date())
        last = min(last, self._horizon(now).date())
        starts = [s for d in _days(first, last) for s in self.desk.slot_starts(d) if s > now]
        if not starts:
            return []
        with self.db.read() as session:
            taken = _taken(session, field, starts[0], starts[-1])
        capacity = self.desk.fields[field].capacity
        return [
            FreeSlot(s, self.desk.slot_end(s), capacity - taken.get(s, 0))
            for s in starts
            if taken.get(s, 0) < capacity
        ]

    def find(self, code: str, phone: str) -> Appointment:
        with self.db.read() as session:
            return _owned(session, code, phone)

    # -- writing ----------------------------------------------------------------

    def book(self, request: BookingRequest, claim: Claim | None = None) -> Appointment:
        """A seat in the slot; with a claim, at most one booking per idempotency key."""
        field = self.desk.resolve_field(request.field)
        if request.procedure_id is not None:
            procedure = require_procedure(self.knowledge, request.procedure_id)
            if self.desk.field_of(procedure.field) != field:  # by name or official name
                raise ProcedureFieldMismatch(procedure.field)
        starts_at = to_local(request.starts_at, self.zone)
        self._check_bookable(starts_at)

        def attempt(session: Session) -> Appointment:
            self._check_phone(session, request.phone, starts_at)
            now = self.clock()
            appointment = Appointment(
                code=new_code("LH"),
                field=field,
                starts_at=starts_at,
                seat=self._free_seat(session, field, starts_at),
                status=AppointmentStatus.BOOKED,
                procedure_id=request.procedure_id,
                name=request.name,
                phone=request.phone,
                priority=request.priority,
                channel=request.channel,
                channel_user_id=request.channel_user_id,
                created_at=now,
                updated_at=now,
            )
            session.add(appointment)
            session.flush()
            return appointment

        appointment = self._with_alternatives(field, starts_at, attempt, claim)
        log.info(
            "appointment %s %s for %s at %s",
            appointment.code,
            "replayed" if claim and claim.replayed else "booked",
            field,
            appointment.starts_at,
        )
        return appointment

    def cancel(self, code: str, phone: str) -> Appointment:
        with self.db.write() as session:
            appointment = self._active(session, code, phone)
            appointment.status = AppointmentStatus.CANCELLED
            appointment.seat = None  # frees the seat for someone else
            appointment.updated_at = self.clock()
        log.info("appointment %s cancelled", appointment.code)
        return appointment

    def reschedule(self, code: str, phone: str, starts_at: dt.datetime) -> Appointment:
        starts_at = to_local(starts_at, self.zone)
        self._check_bookable(starts_at)
        with self.db.read() as session:
            field = _owned(session, code, phone).field

        def attempt(session: Session) -> Appointment:
            appointment = self._active(session, code, phone)
            if appointment.starts_at != starts_at:
                self._check_phone(session, phone, starts_at, moving=appointment.id)
                appointment.seat = self._free_seat(session, field, starts_at)
                appointment.starts_at = starts_at
                appointment.updated_at = self.clock()
                session.flush()
            return appointment

        appointment = self._with_alternatives(field, starts_at, attempt)
        log.info("appointment %s moved to %s", appointment.code, starts_at)
        return appointment

    # -- helpers ----------------------------------------------------------------

    def _horizon(self, now: dt.datetime) -> dt.datetime:
        return dt.datetime.combine(
            now.date() + dt.timedelta(days=self.policy.horizon_days), dt.time.max
        )

    def _check_bookable(self, starts_at: dt.datetime) -> None:
        now = self.clock()
        if starts_at <= now:
            raise SlotUnavailable("khung giờ đã qua")
        if starts_at > self._horizon(now):
            raise SlotUnavailable(f"chỉ đặt trước tối đa {self.policy.horizon_days} ngày")
        holiday = self.desk.holiday(starts_at.date())
        if holiday is not None:
            raise SlotUnavailable(f"ngày nghỉ {holiday.name}")
        if not self.desk.is_slot(starts_at):
            raise SlotUnavailable("ngoài giờ tiếp nhận hoặc không đúng đầu khung giờ")

    def _check_phone(
        self, session: Session, phone: str, starts_at: dt.datetime, moving: int | None = None
    ) -> None:
        """PhoneSlotTaken when `phone` has a seat at `starts_at` already, PhoneBookingLimit
        when it holds the day's allowance (not counting the appointment being moved)."""
        self.db.lock(session, f"phone-bookings:{phone}")
        start = dt.datetime.combine(starts_at.date(), dt.time.min)
        held = list(
            session.scalars(
                select(Appointment.starts_at).where(
                    Appointment.phone == phone,
                    Appointment.seat.is_not(None),  # NULL once cancelled
                    Appointment.starts_at >= start,
                    Appointment.starts_at < start + dt.timedelta(days=1),
                    Appointment.id != (moving or 0),
                )
            )
        )
        if starts_at in held:
            raise PhoneSlotTaken(starts_at)
        if len(held) >= self.policy.per_phone_per_day:
            raise PhoneBookingLimit(self.policy.per_phone_per_day, starts_at.date())

    def _free_seat(self, session: Session, field: str, starts_at: dt.datetime) -> int:
        seats = select(Appointment.seat).where(
            Appointment.field == field,
            Appointment.starts_at == starts_at,
            Appointment.seat.is_not(None),
        )
        taken = set(session.scalars(seats))
        for seat in range(1, self.desk.fields[field].capacity + 1):
            if seat not in taken:
                return seat
        raise SlotFull(starts_at)

    def _active(self, session: Session, code: str, phone: str) -> Appointment:
        # Locked: a cancel and a move racing on one booking must see each other's result.
        appointment = _owned(session, code, phone, lock=True)
        if appointment.status != AppointmentStatus.BOOKED or appointment.starts_at <= self.clock():
            raise BookingNotActive()
        return appointment

    def _with_alternatives(
        self,
        field: str,
        starts_at: dt.datetime,
        attempt: Callable[[Session], Appointment],
        claim: Claim | None = None,
    ) -> Appointment:
        # Each lost race means someone else took a seat, so capacity bounds the retries.
        attempts = self.desk.fields[field].capacity + 3
        try:
            return write_once(self.db, claim, Appointment, attempt, self.clock(), attempts)
        except SlotFull as full:
            full.alternatives = [
                {"starts_at": s.starts_at, "ends_at": s.ends_at, "remaining": s.remaining}
                for s in self.nearest_free(field, starts_at)
            ]
            raise

    def nearest_free(self, field: str, around: dt.datetime) -> list[FreeSlot]:
        """The free slots closest in time to `around`, in chronological order."""
        now = self.clock()
        free = self.free_slots(field, now.date(), self._horizon(now).date())
        closest = sorted(free, key=lambda s: (abs(s.starts_at - around), s.starts_at))
        return sorted(closest[: self.policy.alternatives], key=lambda s: s.starts_at)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _taken(
    session: Session, field: str, first: dt.datetime, last: dt.datetime
) -> dict[dt.datetime, int]:
    rows = session.execute(
        select(Appointment.starts_at, func.count())
        .where(
            Appointment.field == field,
            Appointment.seat.is_not(None),
            Appointment.starts_at >= first,
            Appointment.starts_at <= last,
        )
        .group_by(Appointment.starts_at)
    )
    return {starts_at: count for starts_at, count in rows}


def _owned(session: Session, code: str, phone: str, lock: bool = False) -> Appointment:
    """The appointment with this code and phone; a wrong phone looks like a wrong code.
    `lock`: SELECT ... FOR UPDATE, held to the end of the (write) transaction."""
    query = select(Appointment).where(
        Appointment.code == clean_code(code), Appointment.phone == phone
    )
    appointment = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if appointment is None:
        raise BookingNotFound()
    return appointment
