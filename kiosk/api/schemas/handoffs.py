"""Handoff bodies: what the assistant sends, what staff see."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from kiosk.api.schemas.common import DeskDateTime, ProcedureId, RequestModel, ShortText
from kiosk.core.vocab import Channel, HandoffStatus
from kiosk.services.handoffs import HandoffDraft, HandoffTicket
from kiosk.store.models import Handoff

Line = Annotated[str, Field(max_length=500)]


class HandoffIn(RequestModel):
    channel: Channel = Channel.KIOSK
    sender_id: str = Field(max_length=64, pattern=r"^[\w.:@\-]+$", description="Mã hội thoại")
    reason: ShortText = Field(description="Lý do, ví dụ «công dân yêu cầu gặp cán bộ»")
    procedure_id: ProcedureId | None = None
    transcript: list[Line] = Field(
        default_factory=list, max_length=20, description="Các tin nhắn gần nhất"
    )

    def draft(self) -> HandoffDraft:
        return HandoffDraft(
            self.channel, self.sender_id, self.reason, self.procedure_id, self.transcript
        )


class HandoffOut(BaseModel):
    code: str = Field(description="Mã yêu cầu, ví dụ YC-7K2Q9")
    channel: Channel
    sender_id: str
    reason: str
    procedure_id: str | None
    transcript: list[str]
    status: HandoffStatus
    created_at: DeskDateTime
    closed_at: DeskDateTime | None

    @classmethod
    def of(cls, handoff: Handoff) -> HandoffOut:
        return cls(
            code=handoff.code,
            channel=Channel(handoff.channel),
            sender_id=handoff.sender_id,
            reason=handoff.reason,
            procedure_id=handoff.procedure_id,
            transcript=handoff.transcript,
            status=HandoffStatus(handoff.status),
            created_at=handoff.created_at,
            closed_at=handoff.closed_at,
        )


class HandoffTicketOut(HandoffOut):
    waiting_before: int = Field(description="Số yêu cầu đang chờ trước yêu cầu này")

    @classmethod
    def of_ticket(cls, ticket: HandoffTicket) -> HandoffTicketOut:
        base = HandoffOut.of(ticket.handoff).model_dump()
        return cls(**base, waiting_before=ticket.waiting_before)
