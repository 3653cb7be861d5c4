"""Dossier lookup and import bodies."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from kiosk.api.schemas.common import DeskDateTime, RequestModel, ShortText
from kiosk.services.dossiers import ImportReport
from kiosk.store.models import Dossier


class LookupIn(RequestModel):
    """In the body, not the URL, so phone digits stay out of access logs."""

    code: ShortText = Field(description="Mã hồ sơ trên giấy biên nhận")
    phone_last4: str = Field(pattern=r"^\d{4}$", description="4 số cuối số điện thoại đã khai")


class EventOut(BaseModel):
    status: str
    recorded_at: DeskDateTime


class DossierOut(BaseModel):
    code: str
    procedure_name: str
    received_on: dt.date
    due_on: dt.date | None = Field(description="Ngày hẹn trả kết quả")
    status: str
    updated_at: DeskDateTime
    history: list[EventOut]

    @classmethod
    def of(cls, dossier: Dossier) -> DossierOut:
        return cls(
            code=dossier.code,
            procedure_name=dossier.procedure_name,
            received_on=dossier.received_on,
            due_on=dossier.due_on,
            status=dossier.status,
            updated_at=dossier.updated_at,
            history=[EventOut(status=e.status, recorded_at=e.recorded_at) for e in dossier.events],
        )


class ImportOut(BaseModel):
    created: int
    updated: int
    unchanged: int

    @classmethod
    def of(cls, report: ImportReport) -> ImportOut:
        return cls(created=report.created, updated=report.updated, unchanged=report.unchanged)
