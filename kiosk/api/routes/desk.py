"""The desk itself: counters, fields, hours and holidays; a health check."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel, Field

from kiosk.api.deps import ClockDep, DeskDep, SettingsDep
from kiosk.api.schemas.common import DeskDateTime
from kiosk.services.desk import DeskConfig

router = APIRouter(tags=["Bộ phận Một cửa"])


class DeskOut(BaseModel):
    name: str
    address: str | None
    hotline: str | None
    slot_minutes: int
    fields: list[str]
    counters: list[dict[str, object]]
    hours: dict[str, list[str]]
    open_today: bool
    holiday_today: str | None
    now: DeskDateTime
    booking_horizon_days: int | None = None
    open_now: bool = Field(False, description="Đang trong giờ tiếp nhận")
    tickets_open: bool = Field(False, description="Còn lấy được số thứ tự hôm nay")
    closes_at: DeskDateTime | None = Field(None, description="Giờ đóng cửa hôm nay, nếu chưa qua")
    next_open: DeskDateTime | None = Field(None, description="Lần mở cửa kế tiếp sau bây giờ")

    @classmethod
    def of(cls, desk: DeskConfig, now: dt.datetime, horizon_days: int | None = None) -> DeskOut:
        holiday = desk.holiday(now.date())
        closing = desk.closing_time(now.date())
        return cls(
            name=desk.name,
            address=desk.address,
            hotline=desk.hotline,
            slot_minutes=desk.slot_minutes,
            fields=list(desk.fields),
            counters=[{"id": c.id, "name": c.name, "fields": c.fields} for c in desk.counters],
            hours={
                day: [f"{a:%H:%M}-{b:%H:%M}" for a, b in spans] for day, spans in desk.hours.items()
            },
            open_today=bool(desk.intervals(now.date())),
            holiday_today=holiday.name if holiday else None,
            now=now,
            booking_horizon_days=horizon_days,
            open_now=desk.is_open(now),
            tickets_open=desk.takes_tickets(now),
            closes_at=closing if closing is not None and now < closing else None,
            next_open=desk.next_opening(now),
        )


@router.get("/desk")
def desk_info(desk: DeskDep, clock: ClockDep, settings: SettingsDep) -> DeskOut:
    """What the touchscreen needs to draw its menus (and how far ahead one can book)."""
    return DeskOut.of(desk, clock(), settings.booking_horizon_days)


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
