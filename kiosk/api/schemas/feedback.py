"""Rating and complaint bodies."""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import BaseModel, Field, model_validator

from kiosk.api.schemas.common import (
    Code,
    CounterId,
    DeskDateTime,
    LongText,
    Name,
    Phone,
    ProcedureId,
    RequestModel,
)
from kiosk.core.vocab import ComplaintStatus, RatingScore
from kiosk.services.feedback import ComplaintDraft, RatingDraft, Visit
from kiosk.store.models import Complaint, Rating


class RatingIn(RequestModel):
    score: RatingScore
    comment: LongText | None = None
    procedure_id: ProcedureId | None = None
    counter_id: CounterId | None = None
    ticket_id: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="Số phiếu đã được phục vụ xong"
    )
    appointment_code: Code | None = Field(
        default=None, description="Mã lịch hẹn đã đến (cùng số điện thoại đặt lịch)"
    )
    phone: Phone | None = Field(default=None, description="Số điện thoại của lịch hẹn")

    @model_validator(mode="after")
    def _one_visit(self) -> Self:
        if self.ticket_id is not None and self.appointment_code is not None:
            raise ValueError("chỉ gắn đánh giá với số thứ tự hoặc với lịch hẹn, không cả hai")
        if (self.appointment_code is None) != (self.phone is None):
            raise ValueError("mã lịch hẹn và số điện thoại phải đi cùng nhau")
        return self

    def draft(self) -> RatingDraft:
        visit = None
        if self.ticket_id is not None or self.appointment_code is not None:
            visit = Visit(self.ticket_id, self.appointment_code, self.phone)
        return RatingDraft(self.score, self.comment, self.procedure_id, self.counter_id, visit)


class RatingOut(BaseModel):
    id: int
    score: RatingScore
    served: bool = Field(description="Gắn với một lượt phục vụ (số thứ tự, lịch hẹn)")
    created_at: DeskDateTime

    @classmethod
    def of(cls, rating: Rating) -> RatingOut:
        return cls(
            id=rating.id,
            score=RatingScore(rating.score),
            served=rating.served is not None,
            created_at=rating.created_at,
        )


class ComplaintIn(RequestModel):
    content: LongText = Field(description="Nội dung phản ánh, kiến nghị")
    contact_name: Name | None = None
    contact_phone: Phone | None = None
    procedure_id: ProcedureId | None = None

    def draft(self) -> ComplaintDraft:
        return ComplaintDraft(
            self.content, self.contact_name, self.contact_phone, self.procedure_id
        )


class ComplaintUpdateIn(RequestModel):
    status: ComplaintStatus
    answer: LongText | None = None


class ComplaintOut(BaseModel):
    """What anyone holding the tracking code sees: no contact details."""

    code: str = Field(description="Mã theo dõi, ví dụ PA-9KX3M")
    content: str
    procedure_id: str | None
    status: ComplaintStatus
    answer: str | None
    created_at: DeskDateTime
    due_on: dt.date = Field(description="Hạn trả lời")
    answered_at: DeskDateTime | None

    @classmethod
    def of(cls, complaint: Complaint) -> ComplaintOut:
        return cls(
            code=complaint.code,
            content=complaint.content,
            procedure_id=complaint.procedure_id,
            status=ComplaintStatus(complaint.status),
            answer=complaint.answer,
            created_at=complaint.created_at,
            due_on=complaint.due_on,
            answered_at=complaint.answered_at,
        )


class ComplaintLookupIn(RequestModel):
    """In the body, not the URL, so phone digits stay out of access logs."""

    code: Code = Field(description="Mã theo dõi, ví dụ PA-9KX3MT4Q")
    phone_last4: str | None = Field(
        None,
        pattern=r"^\d{4}$",
        description="4 số cuối số điện thoại đã để lại (bỏ trống nếu không để lại số)",
    )


class ComplaintStatusOut(BaseModel):
    """What the citizen sees of their complaint: status, deadline and the answer."""

    code: str
    content: str
    status: ComplaintStatus
    created_at: DeskDateTime
    due_on: dt.date = Field(description="Hạn trả lời")
    overdue: bool = Field(description="Đã quá hạn mà chưa trả lời")
    answer: str | None
    answered_at: DeskDateTime | None

    @classmethod
    def of(cls, complaint: Complaint, today: dt.date) -> ComplaintStatusOut:
        status = ComplaintStatus(complaint.status)
        return cls(
            code=complaint.code,
            content=complaint.content,
            status=status,
            created_at=complaint.created_at,
            due_on=complaint.due_on,
            overdue=status != ComplaintStatus.ANSWERED and today > complaint.due_on,
            answer=complaint.answer,
            answered_at=complaint.answered_at,
        )
