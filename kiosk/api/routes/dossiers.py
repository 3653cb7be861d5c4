"""Dossier status: lookup by code and phone digits; import of the one-stop export."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from kiosk.api.auth import require_role
from kiosk.api.deps import DossiersDep, RateLimit
from kiosk.api.schemas.dossiers import DossierOut, ImportOut, LookupIn

router = APIRouter(prefix="/dossiers", tags=["Hồ sơ"])


@router.post("/lookup", dependencies=[RateLimit])
def lookup(body: LookupIn, service: DossiersDep) -> DossierOut:
    """Status and history; an unknown code and wrong digits give the same 404."""
    return DossierOut.of(service.lookup(body.code, body.phone_last4))


@router.post("/import", dependencies=[require_role("staff")])
def import_export(
    file: Annotated[UploadFile, File(description="CSV xuất từ hệ thống một cửa (UTF-8)")],
    service: DossiersDep,
) -> ImportOut:
    """Import a CSV export: every row or none; 422 lists each bad row and column."""
    return ImportOut.of(service.import_export(file.file.read()))
