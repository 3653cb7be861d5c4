"""A citizen's data by phone number, on request: export (JSON) or delete (admin only).

The phone goes in the body, never in the URL, so it stays out of access logs.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from kiosk.api.auth import AdminDep, require_role
from kiosk.api.deps import ClockDep, DatabaseDep
from kiosk.api.schemas.analytics import AuditOut, EraseIn, PhoneBody
from kiosk.services.privacy import PrivacyService

router = APIRouter(
    prefix="/privacy", tags=["Cán bộ: dữ liệu cá nhân"], dependencies=[require_role("admin")]
)


def get_privacy(db: DatabaseDep, clock: ClockDep) -> PrivacyService:
    return PrivacyService(db, clock)


PrivacyDep = Annotated[PrivacyService, Depends(get_privacy)]


@router.post("/export")
def export(body: PhoneBody, service: PrivacyDep, user: AdminDep) -> JSONResponse:
    """Everything stored about this phone number, as a JSON file to hand to the citizen."""
    document: dict[str, Any] = service.export(body.phone, user.username)
    stamp = document["exported_at"][:10]
    return JSONResponse(
        document,
        headers={
            "Content-Disposition": f'attachment; filename="du-lieu-ca-nhan-{stamp}.json"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/delete")
def erase(body: EraseIn, service: PrivacyDep, user: AdminDep) -> dict[str, int]:
    """Delete it all in one transaction; the answer counts what was deleted."""
    return service.delete(body.phone, user.username).counts


@router.get("/audit")
def audit(service: PrivacyDep, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[AuditOut]:
    """Recent exports and deletions (phone masked), newest first."""
    return [
        AuditOut(
            action=a.action,
            subject=a.subject,
            actor=a.actor,
            counts=a.counts,
            created_at=a.created_at,
        )
        for a in service.audit_log(limit)
    ]
