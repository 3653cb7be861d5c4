"""Appointment request and response bodies. Times are desk local time."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from kiosk.api.schemas.common import (
    Code,
    DeskDateTime,
    FieldName,
    Name,
    Phone,
    ProcedureId,
    RequestModel,
)
from kiosk.core.vocab import AppointmentStatus, Channel, PriorityGroup
from kiosk.services.appointments import BookingRequest, FreeSlot
from kiosk.services.desk import DeskConfig
from kiosk.services.public_links import PublicLinks
from kiosk.store.models import Appointment


class SlotOut(BaseModel):
    starts_at: DeskDateTime
    ends_at: DeskDateTime
    remaining: int = Field(description="Số chỗ còn trống")

    @classmethod
    def of(cls, slot: FreeSlot) -> SlotOut:
        return cls(starts_at=slot.starts_at, ends_at=slot.ends_at, remaining=slot.remaining)


class BookIn(RequestModel):
    field: FieldName = Field(description="Lĩnh vực, ví dụ Hộ tịch")
    starts_at: dt.datetime = Field(description="Đầu khung giờ (giờ địa phương)")
    name: Name
    phone: Phone = Field(description="Số di động; chấp nhận +84, 84, dấu cách, dấu chấm")
    procedure_id: ProcedureId | None = None
    priority: PriorityGroup = PriorityGroup.NONE
    channel: Channel = Channel.KIOSK
    channel_user_id: str | None = Field(None, max_length=64, pattern=r"^[\w.:@\-]+$")

    def request(self) -> BookingRequest:
        return BookingRequest(
            field=self.field,
            starts_at=self.starts_at,
            name=self.name,
            phone=self.phone,
            priority=self.priority,
            channel=self.channel,
            channel_user_id=self.channel_user_id,
            procedure_id=self.procedure_id,
        )


class OwnerIn(RequestModel):
    """Code and phone together: a wrong phone is answered like an unknown code."""

    code: Code
    phone: Phone


class PhoneIn(RequestModel):
    phone: Phone


class RescheduleIn(RequestModel):
    phone: Phone
    starts_at: dt.datetime


class AppointmentOut(BaseModel):
    code: str = Field(description="Mã lịch hẹn, ví dụ LH-7K2Q9")
    field: str
    starts_at: DeskDateTime
    ends_at: DeskDateTime
    status: AppointmentStatus
    name: str
    procedure_id: str | None
    priority: PriorityGroup
    channel: Channel
    counters: list[str] = Field(description="Các quầy tiếp nhận lĩnh vực này")
    telegram_link: str | None = Field(
        None, description="t.me/<bot>?start=<mã>: nhận nhắc lịch qua Telegram (khi đã cấu hình bot)"
    )

    @classmethod
    def of(
        cls, appointment: Appointment, desk: DeskConfig, links: PublicLinks | None = None
    ) -> AppointmentOut:
        return cls(
            code=appointment.code,
            field=appointment.field,
            starts_at=appointment.starts_at,
            ends_at=desk.slot_end(appointment.starts_at),
            status=AppointmentStatus(appointment.status),
            name=appointment.name,
            procedure_id=appointment.procedure_id,
            priority=PriorityGroup(appointment.priority),
            channel=Channel(appointment.channel),
            counters=[c.name for c in desk.counters_for(appointment.field)],
            telegram_link=links.telegram_start(appointment.code) if links else None,
        )
