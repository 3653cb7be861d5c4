"""Dossier checklists: save from the dialog, read back, continue on a phone via QR."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response

from kiosk.api.deps import ChecklistsDep, RateLimit
from kiosk.api.pages import checklist_page
from kiosk.api.schemas.checklists import ChecklistIn, ChecklistOut
from kiosk.api.schemas.common import Code
from kiosk.services.checklists import ChecklistService
from kiosk.store.models import Checklist

router = APIRouter(prefix="/checklists", tags=["Danh sách giấy tờ"])
CodePath = Annotated[Code, Path(description="Mã danh sách, ví dụ DS-4Q7RT")]


def _out(checklist: Checklist, service: ChecklistService) -> ChecklistOut:
    telegram = service.links.telegram_start(checklist.code)
    return ChecklistOut.of(
        checklist, service.procedure_name(checklist), service.url(checklist), telegram
    )


@router.post("", status_code=201, dependencies=[RateLimit])
def save(body: ChecklistIn, service: ChecklistsDep) -> ChecklistOut:
    """Save what the citizen has, lacks and must fill in; returns a short code."""
    return _out(service.save(body.draft()), service)


@router.get("/{code}")
def get(code: CodePath, service: ChecklistsDep) -> ChecklistOut:
    return _out(service.get(code), service)


@router.get(
    "/{code}/qr.png", response_class=Response, responses={200: {"content": {"image/png": {}}}}
)
def qr(code: CodePath, service: ChecklistsDep) -> Response:
    """A QR code (PNG) of the URL that continues this checklist on a phone."""
    return Response(service.qr(code), media_type="image/png")


@router.get("/{code}/view", response_class=HTMLResponse)
def view(code: CodePath, service: ChecklistsDep) -> HTMLResponse:
    """The checklist as a phone-sized page (where the QR code leads by default)."""
    checklist = service.get(code)
    page = checklist_page(checklist, service.procedure(checklist))
    return HTMLResponse(page, media_type="text/html; charset=utf-8")
