"""Catalog audit bodies ("Đối chiếu danh mục")."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kiosk.api.schemas.common import RequestModel
from knowledge.catalog.audit import Choice, Difference


class DecisionOut(BaseModel):
    choice: Choice = Field(description="official: lấy theo CSDL quốc gia; curated: giữ danh mục")
    by: str = Field(description="Người quyết định")
    at: str = Field(description="Thời điểm quyết định")


class DifferenceOut(BaseModel):
    id: str
    procedure_id: str
    code: str
    name: str
    field: str = Field(description="code, level, agency, dossier, processing_time, fees")
    curated: str = Field(description="Giá trị trong danh mục đã biên soạn (đã đối chiếu văn bản)")
    official: str = Field(description="Giá trị theo Cơ sở dữ liệu quốc gia về TTHC")
    official_url: str | None = Field(description="Trang thủ tục trên Cổng DVC quốc gia")
    found_at: str
    decision: DecisionOut | None
    resolved_at: str | None = Field(
        description="Không còn khác biệt kể từ (đã quyết định trước đó)"
    )

    @classmethod
    def of(cls, difference: Difference) -> DifferenceOut:
        decision = difference.decision
        return cls(
            id=difference.id,
            procedure_id=difference.procedure_id,
            code=difference.code,
            name=difference.name,
            field=difference.field,
            curated=difference.curated,
            official=difference.official,
            official_url=difference.official_url,
            found_at=difference.found_at,
            decision=DecisionOut(choice=decision.choice, by=decision.by, at=decision.at)
            if decision
            else None,
            resolved_at=difference.resolved_at,
        )


class DecisionIn(RequestModel):
    choice: Choice = Field(description="official: lấy theo CSDL quốc gia; curated: giữ danh mục")


class DecidedOut(BaseModel):
    difference: DifferenceOut
    encoded_chunks: int = Field(description="Số đoạn mã hóa lại trong chỉ mục")
    seconds: float
