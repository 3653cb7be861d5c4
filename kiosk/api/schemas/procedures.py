"""Procedure search bodies; the detail is knowledge.catalog.models.Procedure itself."""

from __future__ import annotations

from pydantic import BaseModel, Field

from kiosk.services.procedures import FormNeed, ReferralAnswer, SearchAnswer


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


class ReferralOut(BaseModel):
    matter: str = Field(description="Loại việc ngoài danh mục, ví dụ tranh-chap-dan-su")
    label: str
    where: str = Field(description="Nơi giải quyết loại việc này")
    message: str = Field(description="Câu trả lời cho công dân: nơi giải quyết và đường dây nóng")

    @classmethod
    def of(cls, referral: ReferralAnswer) -> ReferralOut:
        return cls(
            matter=referral.matter,
            label=referral.label,
            where=referral.where,
            message=referral.message,
        )


class SearchOut(BaseModel):
    query: str
    abstain: bool
    confidence: float
    hits: list[HitOut]
    lexical_only: bool = Field(
        default=False,
        description="Xếp hạng chỉ theo từ ngữ: mọi lượt mã hóa ngữ nghĩa đang bận",
    )
    referral: ReferralOut | None = Field(
        default=None,
        description="Câu hỏi về việc không thuộc Bộ phận Một cửa (tranh chấp, trình báo, "
        "giá cả...): nơi giải quyết; khi đó không gợi ý thủ tục nào",
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
            referral=ReferralOut.of(answer.referral) if answer.referral else None,
        )
