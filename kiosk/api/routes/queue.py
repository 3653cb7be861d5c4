"""Queue tickets: take a number, follow it, print it; counters call the next one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi.responses import HTMLResponse

from kiosk.api.auth import require_role
from kiosk.api.deps import DeskDep, QueueDep, RateLimit
from kiosk.api.idempotency import KeyHeader, mark_replay
from kiosk.api.pages import ticket_page
from kiosk.api.schemas.common import CounterId
from kiosk.api.schemas.queue import BoardOut, CallOut, TicketIn, TicketStatusOut
from kiosk.services.queue import CallResult
from kiosk.store.idempotency import Claim

router = APIRouter(prefix="/queue", tags=["Số thứ tự"])
TicketId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Mã phiếu")]
CounterPath = Annotated[CounterId, Path(description="Mã quầy")]


@router.post("/tickets", status_code=201, dependencies=[RateLimit])
def take_ticket(
    body: TicketIn, service: QueueDep, response: Response, key: KeyHeader = None
) -> TicketStatusOut:
    """A new number for a field today, with people ahead and the estimated wait (a retry
    with the same Idempotency-Key and body: the same number)."""
    claim = Claim.of("queue_tickets", key, body)
    view = service.issue(body.field, body.priority, claim)
    mark_replay(response, claim)
    return TicketStatusOut.of_view(view)


@router.get("/tickets/{ticket_id}")
def ticket(ticket_id: TicketId, service: QueueDep) -> TicketStatusOut:
    """A ticket's status and current estimated wait."""
    return TicketStatusOut.of_view(service.view(ticket_id))


@router.get("/tickets/{ticket_id}/print", response_class=HTMLResponse)
def print_ticket(ticket_id: TicketId, service: QueueDep, desk: DeskDep) -> HTMLResponse:
    """A printable ticket page (80 mm receipt printer)."""
    return HTMLResponse(
        ticket_page(service.view(ticket_id), desk), media_type="text/html; charset=utf-8"
    )


@router.get("/board")
def board(service: QueueDep) -> BoardOut:
    """Numbers being served per counter and people waiting per field, for a display."""
    return BoardOut.of(service.board())


# Staff endpoints.
@router.post("/counters/{counter_id}/next", dependencies=[require_role("staff")])
def call_next(counter_id: CounterPath, service: QueueDep) -> CallOut:
    """Finish the counter's current ticket and call the next (priority groups first)."""
    return CallOut.of(service.call_next(counter_id))


@router.post("/counters/{counter_id}/finish", dependencies=[require_role("staff")])
def finish(counter_id: CounterPath, service: QueueDep) -> CallOut:
    """Finish the counter's current ticket without calling another."""
    return CallOut.of(CallResult(service.finish(counter_id), None))
