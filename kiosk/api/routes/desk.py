"""The desk itself: counters, fields, hours and holidays; a health check."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel

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

    @classmethod
    def of(cls, desk: DeskConfig, now: dt.datetime, horizon_days: int | None = None) -> DeskOut:
        holiday = desk.holiday(now.date())
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
        )


@router.get("/desk")
def desk_info(desk: DeskDep, clock: ClockDep, settings: SettingsDep) -> DeskOut:
    """What the touchscreen needs to draw its menus (and how far ahead one can book)."""
    return DeskOut.of(desk, clock(), settings.booking_horizon_days)


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
