"""Bodies of the analytics and privacy endpoints (answers are the services' dataclasses)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kiosk.api.schemas.common import (
    DeskDateTime,
    FieldName,
    Phone,
    ProcedureId,
    RequestModel,
    ShortText,
)
from kiosk.services.analytics import (
    Bookings,
    DayCount,
    ProcedureCount,
    Satisfaction,
    Waits,
)
from kiosk.services.catalog_edits import DraftEntry, Gap
from kiosk.services.catalog_files import Publication

Line = Annotated[ShortText, StringConstraints(min_length=3)]
Lines = Annotated[list[Line], Field(min_length=1, max_length=30)]


class AliasIn(RequestModel):
    procedure_id: ProcedureId = Field(description="Thủ tục nhận thêm bí danh")
    alias: Annotated[ShortText, StringConstraints(min_length=2, max_length=120)] = Field(
        description="Cách người dân gọi thủ tục, ví dụ câu hỏi chưa trả lời được"
    )


class DraftIn(RequestModel):
    """A draft catalog entry: the minimum the schema needs; every fact is marked unverified."""

    name: Annotated[ShortText, StringConstraints(min_length=5)]
    field: FieldName
    level: Literal["xã", "tỉnh", "trung ương"]
    agency: Line
    submit_at: Line
    dossier: Lines
    steps: Lines
    processing_time: Line
    fee: Annotated[ShortText, StringConstraints(min_length=2)]
    result: Line
    legal_basis: Annotated[ShortText, StringConstraints(min_length=5)]
    source: Line
    aliases: Annotated[list[Line], Field(max_length=10)] = []

    def entry(self) -> DraftEntry:
        return DraftEntry(**self.model_dump())


class EditOut(BaseModel):
    procedure_id: str
    name: str
    aliases: list[str]
    encoded_chunks: int = Field(description="Đoạn được mã hóa lại (các đoạn khác dùng lại)")
    seconds: float


class PublishedOut(BaseModel):
    procedure_id: str
    published_by: str = Field(description="Cán bộ công bố (họ tên và tên đăng nhập)")
    published_at: dt.datetime = Field(description="Thời điểm công bố (giờ địa phương)")

    @classmethod
    def of(cls, publication: Publication) -> PublishedOut:
        return cls(
            procedure_id=publication.procedure_id,
            published_by=publication.by,
            published_at=publication.at,
        )


class PhoneBody(RequestModel):
    phone: Phone = Field(description="Số điện thoại của công dân yêu cầu")


class EraseIn(PhoneBody):
    confirm: Literal[True] = Field(description="Phải là true: xóa không khôi phục được")


class UnansweredGroupOut(BaseModel):
    """A group of questions no procedure answered (kiosk.services.analytics.UnansweredGroup)."""

    model_config = ConfigDict(from_attributes=True)

    text: str = Field(description="Câu hỏi tiêu biểu (đã che thông tin cá nhân)")
    key: str = Field(description="Dạng bỏ dấu chung của nhóm")
    count: int
    last_asked: DeskDateTime


class UnansweredOut(BaseModel):
    group: UnansweredGroupOut
    suggestions: list[dict[str, str]] = Field(description="Thủ tục gần nhất (id, name, field)")
    answered_now: bool = Field(description="Danh mục hiện đã trả lời được câu hỏi này")

    @classmethod
    def of(cls, gap: Gap) -> UnansweredOut:
        return cls(group=gap.group, suggestions=gap.suggestions, answered_now=gap.answered_now)


class SummaryOut(BaseModel):
    first: dt.date
    last: dt.date
    questions: list[DayCount]
    top_procedures: list[ProcedureCount]
    unanswered_total: int
    satisfaction: Satisfaction
    satisfaction_note: str
    bookings: Bookings
    waits: Waits


class AuditOut(BaseModel):
    action: str
    subject: str
    actor: str
    counts: dict[str, int]
    created_at: DeskDateTime
