"""Rating and complaint bodies."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from kiosk.api.schemas.common import (
    Code,
    CounterId,
    LongText,
    Name,
    Phone,
    ProcedureId,
    RequestModel,
)
from kiosk.core.vocab import ComplaintStatus, RatingScore
from kiosk.services.feedback import ComplaintDraft, RatingDraft
from kiosk.store.models import Complaint, Rating


class RatingIn(RequestModel):
    score: RatingScore
    comment: LongText | None = None
    procedure_id: ProcedureId | None = None
    counter_id: CounterId | None = None

    def draft(self) -> RatingDraft:
        return RatingDraft(self.score, self.comment, self.procedure_id, self.counter_id)


class RatingOut(BaseModel):
    id: int
    score: RatingScore
    created_at: dt.datetime

    @classmethod
    def of(cls, rating: Rating) -> RatingOut:
        return cls(id=rating.id, score=RatingScore(rating.score), created_at=rating.created_at)


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
    created_at: dt.datetime
    due_on: dt.date = Field(description="Hạn trả lời")
    answered_at: dt.datetime | None

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
    created_at: dt.datetime
    due_on: dt.date = Field(description="Hạn trả lời")
    overdue: bool = Field(description="Đã quá hạn mà chưa trả lời")
    answer: str | None
    answered_at: dt.datetime | None

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
