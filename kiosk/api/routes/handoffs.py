"""Handoffs to a person: raised by the assistant, listed and closed by desk staff."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from kiosk.api.auth import require_role
from kiosk.api.deps import HandoffsDep, RateLimit
from kiosk.api.schemas.common import Code
from kiosk.api.schemas.handoffs import HandoffIn, HandoffOut, HandoffTicketOut

router = APIRouter(prefix="/handoffs", tags=["Chuyển cán bộ"])
CodePath = Annotated[Code, Path(description="Mã yêu cầu, ví dụ YC-7K2Q9")]


@router.post("", status_code=201, dependencies=[RateLimit])
def request_handoff(body: HandoffIn, service: HandoffsDep) -> HandoffTicketOut:
    """Ask for a person; an open request of the same conversation is returned again."""
    return HandoffTicketOut.of_ticket(service.request(body.draft()))


@router.get("", dependencies=[require_role("staff")])
def waiting(service: HandoffsDep) -> list[HandoffOut]:
    """Open requests, oldest first."""
    return [HandoffOut.of(h) for h in service.waiting()]


@router.post("/{code}/close", dependencies=[require_role("staff")])
def close(code: CodePath, service: HandoffsDep) -> HandoffOut:
    """Mark a request as handled."""
    return HandoffOut.of(service.close(code))
