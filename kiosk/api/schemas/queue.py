"""Queue ticket bodies."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kiosk.api.schemas.common import DeskDateTime, FieldName, RequestModel
from kiosk.core.vocab import PriorityGroup, TicketStatus
from kiosk.services.queue import Board, CallResult, TicketView
from kiosk.store.models import Ticket


class TicketIn(RequestModel):
    field: FieldName = Field(description="Lĩnh vực, ví dụ Chứng thực")
    priority: PriorityGroup = PriorityGroup.NONE


class TicketOut(BaseModel):
    id: int
    label: str = Field(description="Số hiển thị, ví dụ HT-007")
    number: int
    field: str
    priority: PriorityGroup
    status: TicketStatus
    counter_id: str | None
    issued_at: DeskDateTime
    called_at: DeskDateTime | None

    @classmethod
    def of(cls, ticket: Ticket) -> TicketOut:
        return cls(
            id=ticket.id,
            label=ticket.label,
            number=ticket.number,
            field=ticket.field,
            priority=PriorityGroup(ticket.priority),
            status=TicketStatus(ticket.status),
            counter_id=ticket.counter_id,
            issued_at=ticket.issued_at,
            called_at=ticket.called_at,
        )


class TicketStatusOut(TicketOut):
    people_ahead: int
    estimated_wait_minutes: int

    @classmethod
    def of_view(cls, view: TicketView) -> TicketStatusOut:
        base = TicketOut.of(view.ticket).model_dump()
        return cls(
            **base,
            people_ahead=view.people_ahead,
            estimated_wait_minutes=view.estimated_wait_minutes,
        )


class CallOut(BaseModel):
    finished: TicketOut | None
    called: TicketOut | None

    @classmethod
    def of(cls, result: CallResult) -> CallOut:
        return cls(
            finished=TicketOut.of(result.finished) if result.finished else None,
            called=TicketOut.of(result.called) if result.called else None,
        )


class CounterStateOut(BaseModel):
    counter_id: str
    name: str
    serving: str | None


class BoardOut(BaseModel):
    counters: list[CounterStateOut]
    waiting: dict[str, int]

    @classmethod
    def of(cls, board: Board) -> BoardOut:
        counters = [
            CounterStateOut(counter_id=c.counter_id, name=c.name, serving=c.serving)
            for c in board.counters
        ]
        return cls(counters=counters, waiting=board.waiting)
