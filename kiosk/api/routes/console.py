"""Staff console work: today's appointments, deadlines, ratings, FAQ lookup (role: staff).

Queue calling, dossier import and answering a complaint keep their own routes
(queue.py, dossiers.py, feedback.py), behind the same role.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam

from kiosk.api.auth import require_role
from kiosk.api.deps import ClockDep, DatabaseDep, FaqDep
from kiosk.api.schemas.common import Code, ShortText
from kiosk.api.schemas.console import (
    AppointmentRowOut,
    ComplaintRowOut,
    DossierRowOut,
    DossierStatusIn,
    FaqOut,
    RatingRowOut,
)
from kiosk.services.attendance import AttendanceService
from kiosk.services.casework import DOSSIER_STATUSES, CaseworkService

router = APIRouter(
    prefix="/staff", tags=["Cán bộ: bàn làm việc"], dependencies=[require_role("staff")]
)
CodePath = Annotated[Code, PathParam(description="Mã lịch hẹn, ví dụ LH-7K2Q9")]
DossierCode = Annotated[str, PathParam(min_length=1, max_length=64, description="Mã hồ sơ")]


def get_attendance(db: DatabaseDep, clock: ClockDep) -> AttendanceService:
    return AttendanceService(db, clock)


def get_casework(db: DatabaseDep, clock: ClockDep) -> CaseworkService:
    return CaseworkService(db, clock)


AttendanceDep = Annotated[AttendanceService, Depends(get_attendance)]
CaseworkDep = Annotated[CaseworkService, Depends(get_casework)]


@router.get("/appointments")
def appointments(
    service: AttendanceDep,
    day: Annotated[dt.date | None, Query(description="Ngày (mặc định hôm nay)")] = None,
) -> list[AppointmentRowOut]:
    """The day's appointments by time, with their status."""
    return [AppointmentRowOut.of(a) for a in service.day(day)]


@router.post("/appointments/{code}/check-in")
def check_in(code: CodePath, service: AttendanceDep) -> AppointmentRowOut:
    """The citizen has arrived (a booked appointment of today)."""
    return AppointmentRowOut.of(service.check_in(code))


@router.post("/appointments/{code}/no-show")
def no_show(code: CodePath, service: AttendanceDep) -> AppointmentRowOut:
    """The slot has begun and the citizen did not come."""
    return AppointmentRowOut.of(service.no_show(code))


@router.get("/complaints")
def complaints(
    service: CaseworkDep,
    open_only: Annotated[bool, Query(alias="open", description="Chỉ phản ánh chưa trả lời")] = True,
) -> list[ComplaintRowOut]:
    """Complaints by deadline (10 days), overdue and due-tomorrow flagged."""
    return [ComplaintRowOut.of(t) for t in service.complaints(open_only)]


@router.get("/dossiers")
def dossiers(
    service: CaseworkDep,
    q: Annotated[ShortText | None, Query(description="Mã hồ sơ (một phần)")] = None,
) -> list[DossierRowOut]:
    """Unfinished dossiers by due date (or those matching a code); due tomorrow means an
    apology letter is due today if the result will be late."""
    return [DossierRowOut.tracked(t) for t in service.dossiers(q)]


@router.get("/dossier-statuses")
def dossier_statuses() -> list[str]:
    """The statuses offered in the console (any other short text is accepted too)."""
    return list(DOSSIER_STATUSES)


@router.post("/dossiers/{code}/status")
def set_dossier_status(
    code: DossierCode, body: DossierStatusIn, service: CaseworkDep
) -> DossierRowOut:
    """Move a dossier to a new status; it goes into the history the citizen sees."""
    return DossierRowOut.tracked(service.set_dossier_status(code, body.status))


@router.get("/ratings")
def ratings(
    service: CaseworkDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[RatingRowOut]:
    """The latest ratings, newest first."""
    return [RatingRowOut.of(r) for r in service.ratings(limit)]


@router.get("/faq")
def faq(
    q: Annotated[ShortText, Query(description="Câu hỏi của cán bộ")],
    service: FaqDep,
    k: Annotated[int, Query(ge=1, le=10)] = 5,
) -> FaqOut:
    """Procedures (drafts included), plan passages (highlighted, with file:line) and
    task-table answers."""
    return FaqOut.of(service.answer(q, k))
