"""Appointments: free slots, book, look up, cancel, reschedule."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import TypeAdapter
from typing_extensions import TypedDict

from kiosk.api.deps import AppointmentsDep, DeskDep, RateLimit, SettingsDep
from kiosk.api.idempotency import KeyHeader, mark_replay
from kiosk.api.observability import MetricsDep
from kiosk.api.schemas.appointments import (
    AppointmentOut,
    BookIn,
    OwnerIn,
    PhoneIn,
    RescheduleIn,
    SlotOut,
)
from kiosk.api.schemas.common import Code, DeskDateTime, FieldName
from kiosk.services.public_links import PublicLinks
from kiosk.store.idempotency import Claim

router = APIRouter(prefix="/appointments", tags=["Lịch hẹn"])
CodePath = Annotated[Code, Path(description="Mã lịch hẹn, ví dụ LH-7K2Q9")]


class SlotRow(TypedDict):
    """SlotOut's fields, serialised without a model object per slot."""

    starts_at: DeskDateTime
    ends_at: DeskDateTime
    remaining: int


SLOTS = TypeAdapter(list[SlotRow])
JSON = "application/json"


@router.get("/slots", response_model=list[SlotOut])
def free_slots(
    field: Annotated[FieldName, Query(description="Lĩnh vực, ví dụ Hộ tịch")],
    start: Annotated[dt.date, Query(description="Từ ngày (YYYY-MM-DD)")],
    end: Annotated[dt.date, Query(description="Đến ngày, tính cả ngày này")],
    service: AppointmentsDep,
) -> Response:
    """Free slots of a field between two dates, from now on, with seats left."""
    # A month holds ~700 slots: serialised in one pass, without a model object per slot.
    rows = [
        SlotRow(starts_at=s.starts_at, ends_at=s.ends_at, remaining=s.remaining)
        for s in service.free_slots(field, start, end)
    ]
    return Response(SLOTS.dump_json(rows), media_type=JSON)


@router.post("", status_code=201, dependencies=[RateLimit])
def book(
    body: BookIn,
    service: AppointmentsDep,
    desk: DeskDep,
    metrics: MetricsDep,
    response: Response,
    settings: SettingsDep,
    key: KeyHeader = None,
) -> AppointmentOut:
    """Book a slot; 409 with the nearest free alternatives when it is full. A retry with
    the same Idempotency-Key and body answers with the first booking."""
    claim = Claim.of("appointments", key, body)
    appointment = service.book(body.request(), claim)
    mark_replay(response, claim)
    if not (claim and claim.replayed):
        metrics.bookings.labels(appointment.channel).inc()
    return AppointmentOut.of(appointment, desk, PublicLinks.of(settings))


@router.post("/lookup", dependencies=[RateLimit])
def lookup(
    body: OwnerIn, service: AppointmentsDep, desk: DeskDep, settings: SettingsDep
) -> AppointmentOut:
    """An appointment by code and phone (in the body, out of access logs)."""
    return AppointmentOut.of(service.find(body.code, body.phone), desk, PublicLinks.of(settings))


@router.post("/{code}/cancel", dependencies=[RateLimit])
def cancel(
    code: CodePath, body: PhoneIn, service: AppointmentsDep, desk: DeskDep
) -> AppointmentOut:
    """Cancel with code and phone; the seat is free again at once."""
    return AppointmentOut.of(service.cancel(code, body.phone), desk)


@router.post("/{code}/reschedule", dependencies=[RateLimit])
def reschedule(
    code: CodePath,
    body: RescheduleIn,
    service: AppointmentsDep,
    desk: DeskDep,
    settings: SettingsDep,
) -> AppointmentOut:
    """Move to another slot of the same field, atomically; 409 with alternatives when full."""
    moved = service.reschedule(code, body.phone, body.starts_at)
    return AppointmentOut.of(moved, desk, PublicLinks.of(settings))
