"""Procedure search bodies; the detail is knowledge.catalog.models.Procedure itself."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kiosk.services.procedures import FormNeed, SearchAnswer


class HitOut(BaseModel):
    id: str
    name: str
    field: str
    score: float
    dense: float
    lexical: float


class FormOut(BaseModel):
    item: str = Field(description="Thành phần hồ sơ cần mẫu này")
    form: str = Field(description="Mẫu đơn, tờ khai (số hiệu mẫu và văn bản ban hành)")
    required: bool
    condition: str | None = Field(description="Khi nào cần, nếu không bắt buộc với mọi người")

    @classmethod
    def of(cls, need: FormNeed) -> FormOut:
        return cls(item=need.item, form=need.form, required=need.required, condition=need.condition)


class SearchOut(BaseModel):
    query: str
    abstain: bool
    confidence: float
    hits: list[HitOut]
    lexical_only: bool = Field(
        default=False,
        description="Xếp hạng chỉ theo từ ngữ: mọi lượt mã hóa ngữ nghĩa đang bận",
    )

    @classmethod
    def of(cls, answer: SearchAnswer) -> SearchOut:
        hits = [
            HitOut(
                id=h.id, name=h.name, field=h.field, score=h.score, dense=h.dense, lexical=h.lexical
            )
            for h in answer.hits
        ]
        return cls(
            query=answer.query,
            abstain=answer.abstain,
            confidence=answer.confidence,
            hits=hits,
            lexical_only=answer.lexical_only,
        )
