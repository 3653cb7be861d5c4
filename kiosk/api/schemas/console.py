"""Staff console answers: the day's appointments, deadlines, ratings, FAQ lookup."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from kiosk.api.schemas.common import DeskDateTime, RequestModel, ShortText
from kiosk.api.schemas.dossiers import DossierOut
from kiosk.api.schemas.procedures import SearchOut
from kiosk.services.casework import Deadline, Tracked
from kiosk.services.staff_faq import FaqAnswer, Segment
from kiosk.store.models import Appointment, Complaint, Dossier, Rating
from knowledge.documents import DocumentInfo

StatusText = Annotated[ShortText, StringConstraints(max_length=100)]


def mask_phone(phone: str | None) -> str | None:
    """Enough to recognise a number when the citizen reads it out: 09xx xxx 678."""
    return None if not phone else f"{phone[:2]}•••••{phone[-3:]}"


class AppointmentRowOut(BaseModel):
    code: str
    starts_at: DeskDateTime
    field: str
    procedure_id: str | None
    name: str
    phone: str | None = Field(description="Số điện thoại đã che, chỉ còn 3 số cuối")
    priority: str
    channel: str
    status: str

    @classmethod
    def of(cls, a: Appointment) -> AppointmentRowOut:
        return cls(
            code=a.code,
            starts_at=a.starts_at,
            field=a.field,
            procedure_id=a.procedure_id,
            name=a.name,
            phone=mask_phone(a.phone),
            priority=a.priority,
            channel=a.channel,
            status=a.status,
        )


class DeadlineOut(BaseModel):
    due_on: dt.date | None
    days_left: int | None
    overdue: bool
    due_tomorrow: bool = Field(description="Hạn là ngày mai: gửi thư xin lỗi nếu sẽ trễ")

    @classmethod
    def of(cls, d: Deadline) -> DeadlineOut:
        return cls(
            due_on=d.due_on, days_left=d.days_left, overdue=d.overdue, due_tomorrow=d.due_tomorrow
        )


class ComplaintRowOut(BaseModel):
    code: str
    content: str
    contact_name: str | None
    contact_phone: str | None
    procedure_id: str | None
    status: str
    answer: str | None
    created_at: DeskDateTime
    answered_at: DeskDateTime | None
    deadline: DeadlineOut

    @classmethod
    def of(cls, t: Tracked[Complaint]) -> ComplaintRowOut:
        c = t.item
        return cls(
            code=c.code,
            content=c.content,
            contact_name=c.contact_name,
            contact_phone=c.contact_phone,
            procedure_id=c.procedure_id,
            status=c.status,
            answer=c.answer,
            created_at=c.created_at,
            answered_at=c.answered_at,
            deadline=DeadlineOut.of(t.deadline),
        )


class DossierRowOut(DossierOut):
    deadline: DeadlineOut

    @classmethod
    def tracked(cls, t: Tracked[Dossier]) -> DossierRowOut:
        return cls(**DossierOut.of(t.item).model_dump(), deadline=DeadlineOut.of(t.deadline))


class DossierStatusIn(RequestModel):
    status: StatusText = Field(description="Trạng thái mới, ví dụ «Đang xử lý»")


class RatingRowOut(BaseModel):
    id: int
    score: str
    comment: str | None
    procedure_id: str | None
    counter_id: str | None
    created_at: DeskDateTime

    @classmethod
    def of(cls, r: Rating) -> RatingRowOut:
        return cls(
            id=r.id,
            score=r.score,
            comment=r.comment,
            procedure_id=r.procedure_id,
            counter_id=r.counter_id,
            created_at=r.created_at,
        )


class SegmentOut(BaseModel):
    text: str
    mark: bool = Field(description="Từ khớp với câu hỏi (tô sáng)")
    ocr: str | None = Field(
        None, description="Chữ trong bản quét khi `text` là chữ đã sửa lỗi nhận dạng (OCR)"
    )

    @classmethod
    def all(cls, segments: list[Segment]) -> list[SegmentOut]:
        return [cls(text=s.text, mark=s.mark, ocr=s.ocr) for s in segments]


class DocumentOut(BaseModel):
    """What a plan file is, read from its header (unreadable parts are null)."""

    label: str | None = Field(
        description="Ví dụ «Kế hoạch 68/KH-SCT, Sở Công Thương Gia Lai, 31/7/2023»"
    )
    kind: str | None
    number: str | None
    issuer: str | None
    date: dt.date | None

    @classmethod
    def of(cls, info: DocumentInfo | None) -> DocumentOut | None:
        if info is None or info.label is None:
            return None
        day = dt.date.fromisoformat(info.date) if info.date else None
        return cls(
            label=info.label, kind=info.kind, number=info.number, issuer=info.issuer, date=day
        )


class PassageOut(BaseModel):
    source: str = Field(description="Tệp văn bản kế hoạch")
    start_line: int
    end_line: int
    citation: str = Field(description="tệp:dòng đầu-dòng cuối")
    document: DocumentOut | None = Field(None, description="Văn bản được trích")
    heading: str
    segments: list[SegmentOut]
    score: float


class TaskOut(BaseModel):
    source: str
    start_line: int
    end_line: int
    citation: str
    document: DocumentOut | None = Field(None, description="Văn bản được trích")
    content: list[SegmentOut] = Field(description="Nội dung nhiệm vụ, từ khớp được tô sáng")
    lead: str = Field(description="Đơn vị chủ trì")
    cooperate: str | None = Field(description="Đơn vị phối hợp")
    deadline: str | None = Field(description="Thời gian thực hiện")
    product: str | None = Field(description="Sản phẩm, kết quả")
    score: float


class FaqOut(BaseModel):
    query: str
    procedures: SearchOut
    passages_abstain: bool
    passages: list[PassageOut]
    tasks: list[TaskOut]

    @classmethod
    def of(cls, a: FaqAnswer) -> FaqOut:
        return cls(
            query=a.query,
            procedures=SearchOut.of(a.procedures),
            passages_abstain=a.passages_abstain,
            passages=[
                PassageOut(
                    source=p.source,
                    start_line=p.start_line,
                    end_line=p.end_line,
                    citation=f"{p.source}:{p.start_line}-{p.end_line}",
                    document=DocumentOut.of(p.document),
                    heading=p.heading,
                    segments=SegmentOut.all(p.segments),
                    score=round(p.score, 4),
                )
                for p in a.passages
            ],
            tasks=[
                TaskOut(
                    source=t.task.source,
                    start_line=t.task.start_line,
                    end_line=t.task.end_line,
                    citation=f"{t.task.source}:{t.task.start_line}-{t.task.end_line}",
                    document=DocumentOut.of(t.document),
                    content=SegmentOut.all(t.segments),
                    lead=t.task.lead,
                    cooperate=t.task.cooperate,
                    deadline=t.task.deadline,
                    product=t.task.product,
                    score=round(t.score, 4),
                )
                for t in a.tasks
            ],
        )
