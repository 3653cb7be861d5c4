"""Handoff bodies: what the assistant or the kiosk sends, what the citizen and staff see."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from kiosk.api.schemas.common import (
    CounterId,
    DeskDateTime,
    LongText,
    Phone,
    ProcedureId,
    RequestModel,
    ShortText,
)
from kiosk.core.vocab import Channel, HandoffStatus
from kiosk.services.handoff_desk import HandoffCase
from kiosk.services.handoff_status import HandoffState
from kiosk.services.handoffs import HandoffDraft
from kiosk.store.models import Handoff
from vntext.masking import mask_phone

Line = Annotated[str, Field(max_length=500)]
SenderId = Annotated[str, Field(max_length=64, pattern=r"^[\w.:@\-]+$", description="Mã hội thoại")]


class HandoffIn(RequestModel):
    channel: Channel = Channel.KIOSK
    sender_id: SenderId
    reason: ShortText = Field(description="Lý do, ví dụ «công dân yêu cầu gặp cán bộ»")
    procedure_id: ProcedureId | None = None
    transcript: list[Line] = Field(
        default_factory=list, max_length=20, description="Các tin nhắn gần nhất"
    )

    def draft(self) -> HandoffDraft:
        return HandoffDraft(
            self.channel, self.sender_id, self.reason, self.procedure_id, self.transcript
        )


class FollowIn(RequestModel):
    """The conversation's own id: only it may follow its request (in the body, not the URL)."""

    sender_id: SenderId


class CallbackIn(RequestModel):
    sender_id: SenderId
    phone: Phone = Field(description="Số di động để cán bộ gọi lại")
    consent: bool = Field(description="Công dân đồng ý để cán bộ gọi lại qua số này")

    @field_validator("consent")
    @classmethod
    def _given(cls, consent: bool) -> bool:
        if not consent:
            raise ValueError("cần bạn đồng ý để cán bộ gọi lại qua số điện thoại này")
        return consent


class AnswerIn(RequestModel):
    text: LongText = Field(description="Câu trả lời gửi tới công dân")


class CallIn(RequestModel):
    counter_id: CounterId = Field(description="Quầy mời công dân đến")
    text: Annotated[str, Field(max_length=1000)] = Field("", description="Lời nhắn thêm")


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
    taken_by: str | None = None
    answer: str | None = None
    answered_at: DeskDateTime | None = None
    counter_id: str | None = None
    reply_delivery: str | None = Field(
        None, description="Câu trả lời đã tới Telegram/Zalo chưa: pending, sent, failed"
    )
    callback_phone: str | None = Field(None, description="Số gọi lại (công dân đã đồng ý)")
    callback_consent_at: DeskDateTime | None = None

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
            taken_by=handoff.taken_by,
            answer=handoff.answer,
            answered_at=handoff.answered_at,
            counter_id=handoff.counter_id,
            reply_delivery=handoff.reply_delivery,
            callback_phone=handoff.callback_phone,
            callback_consent_at=handoff.callback_consent_at,
        )


class SaidOut(BaseModel):
    role: str = Field(description="citizen, assistant hoặc staff")
    text: str
    at: DeskDateTime | None


class HandoffCaseOut(HandoffOut):
    conversation: list[SaidOut] = Field(description="Cuộc trò chuyện đến giờ")

    @classmethod
    def of_case(cls, case: HandoffCase) -> HandoffCaseOut:
        said = [SaidOut(role=s.role, text=s.text, at=s.at) for s in case.conversation]
        return cls(**HandoffOut.of(case.handoff).model_dump(), conversation=said)


class HandoffTicketOut(BaseModel):
    """What the citizen's side sees: no transcript, the phone masked."""

    code: str = Field(description="Mã yêu cầu, ví dụ YC-7K2Q9")
    channel: Channel
    sender_id: str
    reason: str
    procedure_id: str | None
    status: HandoffStatus
    created_at: DeskDateTime
    waiting_before: int = Field(description="Số yêu cầu đang chờ trước yêu cầu này")
    desk_open: bool = Field(description="Bộ phận Một cửa đang trong giờ làm việc")
    next_open: DeskDateTime | None = Field(description="Lần mở cửa kế tiếp")
    callback_phone: str | None = Field(description="Số gọi lại đã để lại (đã che)")
    answer: str | None = Field(description="Câu trả lời của cán bộ")
    answered_at: DeskDateTime | None
    counter: str | None = Field(description="Quầy cán bộ mời đến")
    next_step: str = Field(description="Điều sẽ xảy ra tiếp theo, để nói với công dân")

    @classmethod
    def of_state(cls, state: HandoffState) -> HandoffTicketOut:
        h = state.handoff
        return cls(
            code=h.code,
            channel=Channel(h.channel),
            sender_id=h.sender_id,
            reason=h.reason,
            procedure_id=h.procedure_id,
            status=HandoffStatus(h.status),
            created_at=h.created_at,
            waiting_before=state.waiting_before,
            desk_open=state.desk.open_now,
            next_open=state.desk.next_open,
            callback_phone=mask_phone(h.callback_phone) if h.callback_phone else None,
            answer=h.answer,
            answered_at=h.answered_at,
            counter=state.counter_name,
            next_step=state.next_step,
        )
